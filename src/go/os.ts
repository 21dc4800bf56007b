// Go's syscall.Errno and syscall.Signal texts and os.PathError, as go1.19 on Linux (the reference etcdctl
// 3.4.23's toolchain) prints them: "open /x: no such file or directory", "signal: killed". Node's libuv
// names most errnos in the same words; where it does not, Go's (glibc's strerror, lower-cased) win.
import { constants } from 'node:os';
import { getSystemErrorMap } from 'node:util';

/** Go's text where libuv's differs, or libuv has none (ENOEXEC). */
const GO_ERRNO_TEXT: Record<string, string> = {
  EADDRNOTAVAIL: 'cannot assign requested address',
  EAFNOSUPPORT: 'address family not supported by protocol',
  EALREADY: 'operation already in progress',
  EBUSY: 'device or resource busy',
  EEXIST: 'file exists',
  EFAULT: 'bad address',
  EHOSTUNREACH: 'no route to host',
  EILSEQ: 'invalid or incomplete multibyte or wide character',
  EIO: 'input/output error',
  EISCONN: 'transport endpoint is already connected',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  ENFILE: 'too many open files in system',
  ENOEXEC: 'exec format error',
  ENOMEM: 'cannot allocate memory',
  ENOTCONN: 'transport endpoint is not connected',
  ENOTSUP: 'operation not supported',
  ERANGE: 'numerical result out of range',
  ESPIPE: 'illegal seek',
  ETXTBSY: 'text file busy',
  EXDEV: 'invalid cross-device link',
};

let byCode: Map<string, string> | undefined;

/** Go's text for an errno named by its code ("ENOENT"), or undefined when it is no system error code. */
export function errnoCodeText(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (byCode === undefined) {
    byCode = new Map();
    for (const [name, text] of getSystemErrorMap().values()) byCode.set(name, text);
  }
  return GO_ERRNO_TEXT[code] ?? byCode.get(code);
}

/** syscall.Errno.Error() for a failed Node call ("no such file or directory"); anything else, its message. */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const text = errnoCodeText(e?.code) ?? (typeof e?.errno === 'number' ? getSystemErrorMap().get(e.errno)?.[1] : undefined);
  if (text !== undefined) return text;
  return e instanceof Error ? e.message : String(err);
}

/** os.PathError.Error(): `<op> <path>: <errno text>`. */
export const pathErrorText = (op: string, path: string, err: unknown): string => `${op} ${path}: ${errnoText(err)}`;

const SIGNAL_TEXT = [
  '', 'hangup', 'interrupt', 'quit', 'illegal instruction', 'trace/breakpoint trap', 'aborted', 'bus error',
  'floating point exception', 'killed', 'user defined signal 1', 'segmentation fault', 'user defined signal 2',
  'broken pipe', 'alarm clock', 'terminated', 'stack fault', 'child exited', 'continued', 'stopped (signal)',
  'stopped', 'stopped (tty input)', 'stopped (tty output)', 'urgent I/O condition', 'CPU time limit exceeded',
  'file size limit exceeded', 'virtual timer expired', 'profiling timer expired', 'window changed', 'I/O possible',
  'power failure', 'bad system call',
];

/** syscall.Signal.String() for a signal Node names ("SIGKILL" → "killed"); Go's "signal N" past its table. */
export function signalText(signal: NodeJS.Signals): string {
  const n = constants.signals[signal];
  if (n === undefined) return signal;
  return SIGNAL_TEXT[n] || `signal ${n}`;
}
