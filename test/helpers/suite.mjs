// The server a describe block's tests share: started before them, stopped after them.
import { after, before } from 'node:test';
import { startEtcd } from './etcd.mjs';

/**
 * Starts a server (startEtcd `options`) before the enclosing describe block's tests and stops it after them; once
 * it is up, `use({ etcd, env })` receives it with the environment that points etcdctl at its first member.
 */
export function serverForSuite(use, options = { members: 1 }) {
  let etcd;
  before(async () => {
    etcd = await startEtcd(options);
    use({ etcd, env: { ETCDCTL_ENDPOINTS: etcd.endpoints[0] } });
  });
  after(() => etcd?.stop());
}
