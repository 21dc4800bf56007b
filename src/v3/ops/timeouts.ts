// Deadlines the way etcdctl computes them, including where it reads a flag before ETCDCTL_* are applied.
import type { CommandContext } from '../context.js';

const NS_PER_MS = 1_000_000n;

/** A Go duration in ns as a timer's milliseconds; anything positive below 1 ms still expires (at once). */
export function nsToMs(ns: bigint): number {
  if (ns <= 0n) return 0;
  return Math.max(1, Number(ns / NS_PER_MS));
}

/**
 * --command-timeout as given on the command line only (ctx.flag never sees the environment). member and alarm
 * commands create their context before the environment is read, so ETCDCTL_COMMAND_TIMEOUT does not reach them
 * (etcdctl/ctlv3/command/global.go@v3.4.23).
 */
export function commandLineTimeoutMs(ctx: CommandContext<{ 'command-timeout': bigint }>): number {
  return nsToMs(ctx.flag('command-timeout')) || 1;
}
