// etcdctl alarm list|disarm (etcdctl/ctlv3/command/alarm_command.go@v3.4.23).
import { badArgs } from '../../cli/exit.js';
import type { Etcd } from '../client/index.js';
import { alarmPrinter } from '../printers/maintenance.js';
import { AlarmRequest_AlarmAction, type AlarmResponse } from '../proto/schema.js';
import { commandLineTimeoutMs } from '../ops/timeouts.js';
import type { V3Context } from '../registry.js';

async function runAlarm(ctx: V3Context, name: string, act: (c: Etcd, timeoutMs: number) => Promise<AlarmResponse>): Promise<void> {
  if (ctx.args.length !== 0) throw badArgs(`alarm ${name} command accepts no arguments`);
  // As for member commands, etcdctl sets this timeout before reading ETCDCTL_*.
  const timeoutMs = commandLineTimeoutMs(ctx);
  const print = ctx.printer(alarmPrinter);
  const client = await ctx.client();
  print(await act(client, timeoutMs));
}

function listAlarms(c: Etcd, timeoutMs: number): Promise<AlarmResponse> {
  return c.unary('Maintenance.Alarm', { action: AlarmRequest_AlarmAction.GET }, { timeoutMs });
}

export function alarmList(ctx: V3Context): Promise<void> {
  return runAlarm(ctx, 'list', listAlarms);
}

/**
 * clientv3 disarms "everything" by listing the alarms and deactivating each one; the answer is the alarms
 * deactivated, without a header. All of it shares one deadline.
 */
export function alarmDisarm(ctx: V3Context): Promise<void> {
  return runAlarm(ctx, 'disarm', async (c, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(1, deadline - Date.now());
    const active = await listAlarms(c, left());
    const disarmed: AlarmResponse = { alarms: [] };
    for (const a of active.alarms) {
      const resp = await c.unary('Maintenance.Alarm', { action: AlarmRequest_AlarmAction.DEACTIVATE, memberID: a.memberID, alarm: a.alarm }, { timeoutMs: left() });
      disarmed.alarms.push(...resp.alarms);
    }
    return disarmed;
  });
}
