// Password prompts as etcdctl's (speakeasy): the prompt goes to stdout, one line is read without echo,
// trimmed, and a newline is written after it. We switch the terminal to raw mode ourselves instead of
// running `stty -echo`, so no stty complaints reach stderr when stdin is not a terminal.
//
// Without a terminal, stdin is read one byte at a time, synchronously, never past the end of the line:
// what follows (a second prompt's answer, a value for `put`) stays in stdin for whoever reads it next.
import { readSync } from 'node:fs';
import type { IO } from './io.js';

/** The person pressed Ctrl-C at the prompt; the terminal has been restored. */
export class PromptInterrupted extends Error {
  readonly code = 'SIGINT';
  constructor() {
    super('interrupted');
  }
}

const STDIN_FD = 0;
const NEWLINE = 0x0a;
// A pipe that Node has made non-blocking answers EAGAIN until data arrives: wait a little between tries
// rather than spinning the CPU.
const EAGAIN_PAUSE_MS = 5;
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

/** One byte of stdin, or undefined at end of input. */
function readByte(): number | undefined {
  const one = Buffer.alloc(1);
  for (;;) {
    try {
      return readSync(STDIN_FD, one, 0, 1, null) === 0 ? undefined : one[0];
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pauseCell, 0, 0, EAGAIN_PAUSE_MS);
        continue;
      }
      if (code === 'EOF') return undefined;
      throw err;
    }
  }
}

function readLineFromFd(): string {
  const bytes: number[] = [];
  for (;;) {
    const b = readByte();
    if (b === undefined || b === NEWLINE) break;
    bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACES = new Set(['\u007f', '\b']);

/** Reads one line from the terminal with echo off; Backspace and Ctrl-U edit it as a cooked terminal would. */
async function readHiddenFromTTY(io: IO): Promise<string> {
  const stdin = io.stdin;
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (err?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === CTRL_D && line === '') return finish();
        if (ch === CTRL_C) return finish(new PromptInterrupted());
        if (BACKSPACES.has(ch)) line = [...line].slice(0, -1).join('');
        else if (ch === CTRL_U) line = '';
        else if (ch >= ' ') line += ch;
      }
    };
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * Asks for a password once; returns it trimmed of surrounding whitespace as speakeasy does. Rejects with
 * PromptInterrupted on Ctrl-C. The answer is never echoed, and callers must never print or log it.
 */
export async function promptPassword(io: IO, prompt: string): Promise<string> {
  io.stdout.write(prompt);
  try {
    const raw = io.stdin.isTTY ? await readHiddenFromTTY(io) : readLineFromFd();
    return raw.replace(/\r$/, '').trim();
  } finally {
    io.stdout.write('\n');
  }
}

const isAsciiSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0b || b === 0x0c;

/**
 * fmt.Scanf("%s") on stdin, as `user add|passwd --interactive=false` read the password: leading blanks
 * skipped, then one run of non-blank bytes; the byte that ends it is consumed. A newline before any word
 * (or no input at all) gives the empty string.
 */
export function readStdinWord(): string {
  const bytes: number[] = [];
  for (;;) {
    const b = readByte();
    if (b === undefined || b === NEWLINE) break;
    if (isAsciiSpace(b)) {
      if (bytes.length === 0) continue;
      break;
    }
    bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}
