// `-w table` output: olekukonko/tablewriter v0.0.5 as etcdctl configures it (SetAlignment(ALIGN_RIGHT),
// everything else default). Drawn by our own code because cli-table3 cannot give the same bytes: it
// truncates cells to the column width, measures widths differently, wraps with another algorithm and
// draws a header-only table with one closing border instead of two.
import { stringWidth } from '../go/runewidth.js';

/** Cells wider than this are re-flowed (tablewriter's MAX_ROW_WIDTH). */
const WRAP_LIMIT = 30;
/** Raggedness penalty for a line that is longer than the limit (only a single overlong word makes one). */
const OVERLONG_PENALTY = 100000;
const INITIAL_COST = 2 ** 31 - 1;

const ANSI_SGR = /\x1b\[(?:[0-9]{1,3}(?:;[0-9]{1,3})*)?[m|K]/g;

/** Width as tablewriter measures cells: colour sequences take no room. */
function displayWidth(s: string): number {
  return stringWidth(s.includes('\x1b') ? s.replace(ANSI_SGR, '') : s);
}

/**
 * Minimum-raggedness line breaking: minimises the sum over lines of (limit − length)², except that the
 * final line costs nothing if it fits; returns for each word index the index where its line ends.
 */
function breakWords(widths: number[], limit: number): number[] {
  const n = widths.length;
  const cost = new Array<number>(n).fill(INITIAL_COST);
  const lineEnd = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let restLength = -1;
    for (let j = i; j < n; j++) restLength += 1 + widths[j];
    if (restLength <= limit) {
      cost[i] = 0;
      lineEnd[i] = n;
      continue;
    }
    let length = widths[i]; // words i..j-1 joined by single spaces
    for (let j = i + 1; j < n; j++) {
      const slack = limit - length;
      let c = slack * slack + cost[j];
      if (length > limit) c += OVERLONG_PENALTY;
      if (c < cost[i]) {
        cost[i] = c;
        lineEnd[i] = j;
      }
      length += 1 + widths[j];
    }
  }
  return lineEnd;
}

/** tablewriter's WrapString: words are split on single spaces, so runs of spaces keep empty words. */
function wrapParagraph(text: string, limit: number): string[] {
  const words = text.replace(/\n/g, ' ').split(' ');
  const widths = words.map(stringWidth);
  let lim = limit;
  for (const w of widths) lim = Math.max(lim, w);
  const lineEnd = breakWords(widths, lim);
  const lines: string[] = [];
  for (let i = 0; i < words.length; ) {
    // Guard against a break table that does not advance (not reachable for sane cell sizes).
    const end = Math.max(lineEnd[i], i + 1);
    lines.push(words.slice(i, end).join(' '));
    i = end;
  }
  return lines;
}

interface CellLayout {
  lines: string[];
  width: number;
}

/**
 * tablewriter's parseDimension with auto-wrap and reflow on: the cell's lines are joined into one
 * paragraph and re-wrapped at min(its widest line, 30); a wrapped column stays at least 30 wide.
 */
function layoutCell(text: string): CellLayout {
  let limit = 0;
  for (const line of text.split('\n')) limit = Math.max(limit, displayWidth(line));
  limit = Math.min(limit, WRAP_LIMIT);
  const lines = wrapParagraph(text.split('\n').join(' '), limit);
  let width = limit;
  for (const line of lines) width = Math.max(width, displayWidth(line));
  return { lines, width };
}

function isNumOrSpace(ch: string | undefined): boolean {
  return ch === ' ' || (ch !== undefined && ch >= '0' && ch <= '9');
}

// Go's unicode.IsSpace set, which strings.TrimSpace uses (JS trim() differs at U+0085 and U+FEFF).
const GO_SPACE_EDGES = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Go's strings.ToUpper: one-to-one (simple) case mapping, so "ß" stays "ß". */
function goToUpper(s: string): string {
  let out = '';
  for (const ch of s) {
    const up = ch.toUpperCase();
    out += up.length === ch.length && [...up].length === 1 ? up : ch;
  }
  return out;
}

/** tablewriter's Title: `_` and `.` (except in numbers like 0.0) become spaces, trimmed, upper-cased. */
function headerTitle(name: string): string {
  const runes = [...name];
  for (let i = 0; i < runes.length; i++) {
    if (runes[i] === '_') runes[i] = ' ';
    else if (runes[i] === '.' && ((i !== 0 && !isNumOrSpace(runes[i - 1])) || (i !== runes.length - 1 && !isNumOrSpace(runes[i + 1])))) {
      runes[i] = ' ';
    }
  }
  let title = runes.join('').replace(GO_SPACE_EDGES, '');
  // An all-blank header line keeps one space so that multi-line headers keep their blank lines.
  if (title === '' && name !== '') title = ' ';
  return goToUpper(title);
}

function padCenter(s: string, width: number): string {
  const gap = width - displayWidth(s);
  if (gap <= 0) return s;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}

function padLeft(s: string, width: number): string {
  const gap = width - displayWidth(s);
  return gap > 0 ? ' '.repeat(gap) + s : s;
}

/** Column widths are kept per index and only grow (a recorded 0 is always replaced). */
function recordWidth(widths: number[], column: number, width: number): void {
  const known = widths[column];
  if (known === undefined || known < width || known === 0) widths[column] = width;
}

function borderLine(widths: number[]): string {
  let s = '+';
  for (const w of widths) s += '-'.repeat(w + 2) + '+';
  return s + '\n';
}

function headerLines(header: CellLayout[], widths: number[]): string {
  const height = Math.max(0, ...header.map((c) => c.lines.length));
  let s = '';
  for (let x = 0; x < height; x++) {
    s += '|';
    for (let y = 0; y < widths.length; y++) {
      const text = header[y]?.lines[x] ?? '';
      s += ' ' + padCenter(headerTitle(text), widths[y]) + ' |';
    }
    s += '\n';
  }
  return s;
}

function rowLines(row: CellLayout[], widths: number[]): string {
  const height = Math.max(0, ...row.map((c) => c.lines.length));
  let s = '';
  for (let x = 0; x < height; x++) {
    for (let y = 0; y < row.length; y++) {
      // tablewriter fills the missing lines of shorter cells with two spaces, not an empty string.
      const text = row[y].lines[x] ?? '  ';
      s += '| ' + padLeft(text, widths[y]) + ' ';
    }
    s += '|\n';
  }
  return s;
}

/** The table etcdctl prints for `-w table`, ending with a newline after the bottom border. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths: number[] = [];
  const headerCells = header.map((text, column) => {
    const cell = layoutCell(text);
    recordWidth(widths, column, cell.width);
    return cell;
  });
  const rowCells = rows.map((row) =>
    row.map((text, column) => {
      const cell = layoutCell(text);
      recordWidth(widths, column, cell.width);
      return cell;
    }),
  );
  const border = borderLine(widths);
  let out = border;
  if (headerCells.length > 0) out += headerLines(headerCells, widths) + border;
  for (const row of rowCells) out += rowLines(row, widths);
  return out + border;
}
