// etcdctl migrate (3.4 only): v2 store keys of a stopped member into its v3 backend, done by src/offline.
import type { MIGRATE_FLAGS, V3Context } from '../registry.js';

export async function migrate(ctx: V3Context<typeof MIGRATE_FLAGS>): Promise<void> {
  const { migrate: run } = await import('../../offline/migrate.js');
  const transformer = ctx.flag('transformer');
  let result;
  try {
    result = await run({
      dataDir: ctx.flag('data-dir'),
      walDir: ctx.flag('wal-dir') || undefined,
      noTTL: ctx.flag('no-ttl'),
      transformer: transformer || undefined,
    });
  } catch (err) {
    // etcdctl has printed its progress lines ("using default transformer", "failed to transform keys") by then.
    const printed = (err as { messages?: unknown }).messages;
    if (Array.isArray(printed)) for (const line of printed) ctx.io.stdout.write(`${line}\n`);
    throw err;
  }
  for (const line of result.stdout) ctx.io.stdout.write(line + '\n');
}
