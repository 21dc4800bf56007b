// alarm list|disarm with a real NOSPACE alarm, compared with the reference etcdctl.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startEtcd, hasReference } from '../helpers/etcd.mjs';
import { ours, reference } from '../helpers/run.mjs';
import { asPrinted, sameAsReference } from '../helpers/compare.mjs';

const skip = hasReference() ? false : 'reference etcdctl not installed';

describe('alarm', { skip }, () => {
  let etcd;
  let env;
  before(async () => {
    etcd = await startEtcd({ members: 1, extraArgs: ['--quota-backend-bytes', String(256 * 1024)] });
    env = { ETCDCTL_ENDPOINTS: etcd.endpoints[0] };
  });
  after(() => etcd?.stop());

  const same = (args) => sameAsReference(args, { env, stderr: asPrinted });

  async function exhaustSpace() {
    const value = 'v'.repeat(32 * 1024);
    for (let i = 0; i < 64; i++) {
      const r = await reference(['put', `fill${i}`, value], { env });
      if (r.code !== 0) return;
    }
    throw new Error('the quota was never reached');
  }

  test('no alarms', async () => {
    for (const w of ['simple', 'json', 'protobuf']) await same(['alarm', 'list', '-w', w]);
    await same(['alarm', 'list', 'extra']);
    await same(['alarm', 'disarm', 'extra']);
  });

  test('NOSPACE: list in every format, then disarm', async () => {
    await exhaustSpace();
    for (const w of ['simple', 'json', 'protobuf']) await same(['alarm', 'list', '-w', w]);
    const listed = (await reference(['alarm', 'list'], { env })).stdout;
    assert.match(listed, /^memberID:\d+ alarm:NOSPACE \n$/);
    const refFields = await reference(['alarm', 'list', '-w', 'fields'], { env });
    if (refFields.code === 0) {
      // Newer servers fill the response header (etcdserver/api/v3rpc/maintenance.go@v3.6.16, and 3.5.30), so the
      // reference prints it, and so do we.
      await same(['alarm', 'list', '-w', 'fields']);
    } else {
      // etcdctl 3.4 panics on a response without a header (etcd 3.4, older 3.5): we print the header as zeros.
      assert.match(refFields.stderr, /nil pointer dereference/);
      const fields = await ours(['alarm', 'list', '-w', 'fields'], { env });
      assert.equal(fields.code, 0);
      assert.match(fields.stdout, /^"ClusterID" : 0\n"MemberID" : 0\n"Revision" : 0\n"RaftTerm" : 0\n"MemberID" : \d+\n"AlarmType" : NOSPACE\n\n$/);
    }
    const table = await ours(['alarm', 'list', '-w', 'table'], { env });
    assert.equal(table.code, 4);
    const disarmed = await ours(['alarm', 'disarm'], { env });
    assert.equal(disarmed.code, 0);
    assert.equal(disarmed.stdout, listed);
    await same(['alarm', 'list']);
    await same(['alarm', 'disarm', '-w', 'json']);
  });
});
