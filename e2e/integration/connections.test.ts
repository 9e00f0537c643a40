// The three kinds of connection the backend supports, on the real host.
import assert from 'node:assert/strict';
import { createVirsh } from '../../electron/backend/session/host-session.ts';
import { VirshSession } from '../../electron/backend/libvirt/virsh-session.ts';
import { bedTest, hostSession } from './fixtures.ts';

bedTest('qemu:///system, qemu:///session and test:///default (one long-lived session)', async (s) => {
  for (const uri of ['qemu:///system', 'qemu:///session']) {
    const session = hostSession(s, { kind: 'local', name: uri, uri, sudo: false });
    assert.equal(await session.check(), uri);
    const inv = await session.reload();
    assert.equal(inv.uri, uri);
  }
  const demo = hostSession(s, { kind: 'local', name: 'demo', uri: 'test:///default', sudo: false });
  assert.ok(createVirsh(demo.config, demo.runner) instanceof VirshSession, 'the test driver uses a persistent virsh');
  await demo.virsh.exec(['suspend', '--domain', 'test']);
  assert.equal((await demo.reload()).domains[0]?.state, 'paused', 'state persists within the session');
});
