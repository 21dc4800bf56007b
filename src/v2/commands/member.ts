// `member list|add|remove|update`: arguments are checked before any network; errors are printed bare
// with exit 1.
import { goQuote } from '../../go/quote.js';
import type { ClusterClient } from '../client/client.js';
import type { Deadline } from '../client/deadline.js';
import { addMember, leader, listMembers, removeMember, updateMember, type Member } from '../client/members.js';
import type { CommandContext } from '../context.js';
import type { V2Context } from '../registry.js';
import { plainError, rawError, V2Error, V2Exit } from '../errors.js';

/** Runs the command's requests under one total-timeout deadline; a client error is printed bare. */
async function withClient<T>(ctx: CommandContext, body: (client: ClusterClient, deadline: Deadline) => Promise<T>): Promise<T> {
  const client = await ctx.syncedClient();
  return ctx.withTotalTimeout((deadline) => body(client, deadline));
}

async function bare<T>(call: Promise<T>, prefix = ''): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof V2Error) throw plainError(prefix + err.message, V2Exit.BadArgs);
    throw err;
  }
}

export function memberLine(m: Member, leaderId: string): string {
  if (m.name === '') return `${m.id}[unstarted]: peerURLs=${m.peerURLs.join(',')}\n`;
  return `${m.id}: name=${m.name} peerURLs=${m.peerURLs.join(',')} clientURLs=${m.clientURLs.join(',')} isLeader=${m.id === leaderId}\n`;
}

export async function runList(ctx: V2Context): Promise<number> {
  if (ctx.args.length !== 0) throw plainError('No arguments accepted');
  await withClient(ctx, async (client, deadline) => {
    const members = await bare(listMembers(client, deadline));
    const lead = await bare(leader(client, deadline), 'Failed to get leader:  ');
    ctx.out(members.map((m) => memberLine(m, lead.id)).join(''));
  });
  return 0;
}

/** The ETCD_INITIAL_CLUSTER entries: every peer URL of every member, the new one under its given name. */
export function initialCluster(members: Member[], newId: string, newName: string): string {
  return members.flatMap((m) => m.peerURLs.map((u) => `${m.id === newId ? newName : m.name}=${u}`)).join(',');
}

export async function runAdd(ctx: V2Context): Promise<number> {
  if (ctx.args.length !== 2) throw plainError('Provide a name and a single member peerURL');
  const [name, peerURL] = ctx.args;
  await withClient(ctx, async (client, deadline) => {
    const added = await bare(addMember(client, peerURL, deadline));
    ctx.out(`Added member named ${name} with ID ${added.id} to cluster\n`);
    const members = await bare(listMembers(client, deadline));
    ctx.out('\n');
    ctx.out(`ETCD_NAME=${goQuote(name)}\n`);
    ctx.out(`ETCD_INITIAL_CLUSTER=${goQuote(initialCluster(members, added.id, name))}\n`);
    ctx.out('ETCD_INITIAL_CLUSTER_STATE="existing"\n');
  });
  return 0;
}

export async function runRemove(ctx: V2Context): Promise<number> {
  if (ctx.args.length !== 1) throw plainError('Provide a single member ID');
  const id = ctx.args[0];
  await withClient(ctx, async (client, deadline) => {
    const members = await bare(listMembers(client, deadline), 'Error while verifying ID against known members: ');
    let found = false;
    for (const m of members) {
      if (m.id === id) found = true;
      if (m.name === id) {
        ctx.err(`Found a member named ${m.name}; if this is correct, please use its ID, eg:\n\tetcdctl member remove ${m.id}\n`);
        ctx.err('For more details, read the documentation at https://github.com/etcd-io/etcd/blob/master/Documentation/runtime-configuration.md#remove-a-member\n\n');
      }
    }
    if (!found) throw plainError(`Couldn't find a member in the cluster with an ID of ${id}.`);
    try {
      await removeMember(client, id, deadline);
    } catch (err) {
      if (err instanceof V2Error) throw rawError(`Received an error trying to remove member ${id}: ${err.message}`, V2Exit.BadArgs);
      throw err;
    }
    ctx.out(`Removed member ${id} from cluster\n`);
  });
  return 0;
}

export async function runUpdate(ctx: V2Context): Promise<number> {
  if (ctx.args.length !== 2) {
    throw plainError('Provide an ID and a list of comma separated peerURL (0xabcd http://example.com,http://example1.com)');
  }
  const [id, urls] = ctx.args;
  await withClient(ctx, (client, deadline) => bare(updateMember(client, id, urls.split(','), deadline)));
  ctx.out(`Updated member with ID ${id} in cluster\n`);
  return 0;
}
