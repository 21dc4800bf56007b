// etcdctl migrate (3.4 only): v2 store keys of a stopped member into its v3 backend, done by src/offline.
import type { CommandContext } from '../context.js';

export async function migrate(ctx: CommandContext): Promise<void> {
  const { migrate: run } = await import('../../offline/migrate.js');
  const transformer = ctx.flag<string>('transformer');
  const result = await run({
    dataDir: ctx.flag<string>('data-dir'),
    walDir: ctx.flag<string>('wal-dir') || undefined,
    noTTL: ctx.flag<boolean>('no-ttl'),
    transformer: transformer || undefined,
  });
  for (const line of result.stdout) ctx.io.stdout.write(line + '\n');
}
