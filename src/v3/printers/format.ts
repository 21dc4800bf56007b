// A printer is a table from output format to a pure function (response → bytes), one per response type,
// as etcdctl's printer interface has one method per response. Unsupported formats are known before any RPC.
import { CliError, ExitCode } from '../../cli/exit.js';
import type { OutputFormat } from '../globals.js';

export interface PrintOptions {
  hex: boolean;
  /** get --print-value-only */
  valueOnly?: boolean;
}

export type Render<T> = (resp: T, opts: PrintOptions) => string | Uint8Array;
export type Printer<T> = Partial<Record<OutputFormat, Render<T>>>;

export function notSupported(format: string): CliError {
  return new CliError(`${format} not supported as output format`, ExitCode.BadFeature);
}

/** Validate first, act second: a change is never applied before its output format is known to work. */
export function assertSupported<T>(printer: Printer<T>, format: OutputFormat): Render<T> {
  const render = printer[format];
  if (!render) throw notSupported(format);
  return render;
}
