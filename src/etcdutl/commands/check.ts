// etcdutl check v2store (etcdutl 3.5): the work is src/offline/checkv2.ts; success is one line on stdout.
import { nowMs } from '../../cli/zap.js';
import { utlLogLine } from '../log.js';
import type { CHECK_V2STORE_FLAGS, UtlContext } from '../registry.js';

export async function checkV2store(ctx: UtlContext<typeof CHECK_V2STORE_FLAGS>): Promise<void> {
  const { checkV2Store } = await import('../../offline/checkv2.js');
  checkV2Store(ctx.flag('data-dir'), ctx.flag('wal-dir'), (name) =>
    ctx.io.stderr.write(utlLogLine({ level: 'warn', timeMs: nowMs(), caller: 'wal/util.go:90', msg: 'ignored file in WAL directory', fields: [['path', name]] })),
  );
  ctx.io.stdout.write('No custom content found in v2store.\n');
}
