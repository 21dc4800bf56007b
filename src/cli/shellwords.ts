// Splits a script line into words the way a POSIX shell would for simple commands:
// single quotes literal, double quotes with \" \\ \$ \` escapes, backslash escapes, # comments.
export class ShellSyntaxError extends Error {}

export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      if (inWord) { words.push(cur); cur = ''; inWord = false; }
      i++;
      continue;
    }
    if (ch === '#' && !inWord) break;
    inWord = true;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated single quote');
      cur += line.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new ShellSyntaxError('unterminated double quote');
        const c = line[i];
        if (c === '"') { i++; break; }
        if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) { cur += line[i + 1]; i += 2; continue; }
        cur += c;
        i++;
      }
      continue;
    }
    if (ch === '\\') {
      if (i + 1 >= line.length) throw new ShellSyntaxError('a backslash ends the line');
      cur += line[i + 1];
      i += 2;
      continue;
    }
    cur += ch;
    i++;
  }
  if (inWord) words.push(cur);
  return words;
}
