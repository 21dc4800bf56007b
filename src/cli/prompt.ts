// Password prompts as etcdctl's (speakeasy): the prompt goes to stdout, one line is read without echo,
// trimmed, and a newline is written after it. We read the terminal ourselves instead of running stty.
import { readSync } from 'node:fs';
import type { IO } from './io.js';

function readLineFromFd(fd: number): string {
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, one, 0, 1, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((err as NodeJS.ErrnoException).code === 'EOF') break;
      throw err;
    }
    if (n === 0 || one[0] === 0x0a) break;
    bytes.push(one[0]);
  }
  return Buffer.from(bytes).toString('utf8');
}

async function readHiddenFromTTY(io: IO): Promise<string> {
  const stdin = io.stdin;
  return new Promise((resolve, reject) => {
    let line = '';
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    const finish = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(Object.assign(new Error('interrupted'), { code: 'SIGINT' }));
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else line += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/** Asks for a password once; returns it trimmed of surrounding whitespace as speakeasy does. */
export async function promptPassword(io: IO, prompt: string): Promise<string> {
  io.stdout.write(prompt);
  const raw = io.stdin.isTTY ? await readHiddenFromTTY(io) : readLineFromFd(0);
  io.stdout.write('\n');
  return raw.replace(/\r$/, '').trim();
}
