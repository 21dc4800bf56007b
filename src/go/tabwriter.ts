// Go's text/tabwriter (elastic tabstops), which aligns cobra's and urfave/cli's help texts. Column
// widths depend on which neighbouring lines share a column, so the real recursive block algorithm is
// reproduced rather than a per-section maximum.

export interface TabwriterOptions {
  /** Minimal cell width, padding included. */
  minwidth: number;
  /** Width a '\t' stands for when padchar is '\t'. */
  tabwidth: number;
  /** Added to the widest cell of a column. */
  padding: number;
  /** One character; '\t' pads with tabs (and forces left alignment). */
  padchar: string;
  alignRight?: boolean;
}

interface Cell {
  text: string;
  /** Width in runes (code points), as Go counts it. */
  width: number;
}

/** Lines of cells; the last cell of a line is its text after the last tab and belongs to no column. */
type Lines = Cell[][];

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // The second half of a surrogate pair is not a separate rune.
    if (c < 0xdc00 || c > 0xdfff || i === 0 || s.charCodeAt(i - 1) < 0xd800 || s.charCodeAt(i - 1) > 0xdbff) n++;
  }
  return n;
}

/**
 * Splits one formfeed-free section into cells; '\t' and '\v' end cells, '\n' ends cells and lines.
 * `endsWithFormfeed`: the formfeed terminated the last cell even if it is empty, as a newline would.
 */
function splitCells(section: string, endsWithFormfeed: boolean): Lines {
  const lines: Lines = [];
  let line: Cell[] = [];
  let start = 0;
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch !== '\t' && ch !== '\v' && ch !== '\n') continue;
    const text = section.slice(start, i);
    line.push({ text, width: runeCount(text) });
    start = i + 1;
    if (ch === '\n') {
      lines.push(line);
      line = [];
    }
  }
  // Otherwise text after the last newline is an unterminated cell, which Flush keeps only if non-empty.
  const tail = section.slice(start);
  if (tail !== '' || endsWithFormfeed) line.push({ text: tail, width: runeCount(tail) });
  lines.push(line);
  return lines;
}

class Formatter {
  private readonly widths: number[] = [];
  private out = '';

  constructor(private readonly lines: Lines, private readonly opts: TabwriterOptions) {}

  run(): string {
    this.format(0, this.lines.length);
    return this.out;
  }

  private padding(textWidth: number, cellWidth: number): string {
    const { padchar, tabwidth } = this.opts;
    if (padchar === '\t') {
      if (tabwidth === 0) return '';
      const rounded = Math.ceil(cellWidth / tabwidth) * tabwidth;
      return '\t'.repeat(Math.ceil((rounded - textWidth) / tabwidth));
    }
    return padchar.repeat(Math.max(0, cellWidth - textWidth));
  }

  private writeLines(line0: number, line1: number): void {
    const alignRight = this.opts.alignRight === true && this.opts.padchar !== '\t';
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((cell, j) => {
        const inColumn = j < this.widths.length;
        const pad = inColumn ? this.padding(cell.width, this.widths[j]) : '';
        if (cell.text === '') this.out += pad;
        else this.out += alignRight ? pad + cell.text : cell.text + pad;
      });
      // The last line is the one still open: it has no newline of its own.
      if (i + 1 < this.lines.length) this.out += '\n';
    }
  }

  /**
   * Formats lines [line0, line1) knowing the widths of the columns left of `widths.length`: each run of
   * consecutive lines that have a cell in the next column forms a block with its own width, and the
   * columns further right are formatted within that block only.
   */
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= this.lines[cur].length - 1) continue;
      this.writeLines(line0, cur);
      line0 = cur;
      let width = this.opts.minwidth;
      for (; cur < line1; cur++) {
        const line = this.lines[cur];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + this.opts.padding);
      }
      this.widths.push(width);
      this.format(line0, cur);
      this.widths.pop();
      line0 = cur;
    }
    this.writeLines(line0, line1);
  }
}

/**
 * Output of a Go tabwriter.Writer with these settings after writing `text` and calling Flush.
 * A formfeed ends a line (printed as '\n') and also every column, as it does in Go.
 */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  const sections = text.split('\f');
  return sections
    .map((section, i) => new Formatter(splitCells(section, i < sections.length - 1), opts).run())
    .join('\n');
}
