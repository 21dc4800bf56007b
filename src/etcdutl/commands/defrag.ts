// etcdutl defrag --data-dir (etcdutl/etcdutl/defrag_command.go@v3.5.30): src/offline's defragmentation, its
// failure worded as etcdctl's offline defrag words it (the same text in both), and etcd's backend log lines.
import { ExitCode } from '../../cli/exit.js';
import type { DEFRAG_FLAGS, UtlContext } from '../registry.js';

export async function defrag(ctx: UtlContext<typeof DEFRAG_FLAGS>): Promise<number> {
  const { defragDataDir } = await import('../../offline/defrag.js');
  await defragDataDir(ctx.flag('data-dir'));
  return ExitCode.Success;
}
