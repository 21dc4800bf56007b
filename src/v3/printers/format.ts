// A printer is a table from output format to a pure function (response → bytes), one per response type,
// as etcdctl's printer interface has one method per response. Unsupported formats are known before any RPC.
import { CliError, ExitCode } from '../../cli/exit.js';
import type { Output } from '../../cli/io.js';
import type { OutputFormat } from '../globals.js';

export interface PrintOptions {
  hex: boolean;
  /** get --print-value-only */
  valueOnly?: boolean;
}

export type Render<T> = (resp: T, opts: PrintOptions) => string | Uint8Array;
export type Printer<T> = Partial<Record<OutputFormat, Render<T>>>;

/** A printer chosen for one command's -w and options: call it to write a response to the command's stdout. */
export interface Print<T> {
  (resp: T): void;
  /** The bytes alone, for a command that writes them itself (watch coalesces its writes). */
  readonly render: (resp: T) => string | Uint8Array;
  readonly format: OutputFormat;
  readonly options: Readonly<PrintOptions>;
}

function notSupported(format: string): CliError {
  return new CliError(`${format} not supported as output format`, ExitCode.BadFeature);
}

/** Validate first, act second: a change is never applied before its output format is known to work. */
export function choosePrinter<T>(printer: Printer<T>, format: OutputFormat, options: PrintOptions, out: Output): Print<T> {
  const chosen = printer[format];
  if (!chosen) throw notSupported(format);
  const opts = Object.freeze({ ...options });
  const render = (resp: T) => chosen(resp, opts);
  return Object.assign((resp: T) => out.write(render(resp)), { render, format, options: opts });
}
