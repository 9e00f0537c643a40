// The three kinds of connection the backend supports, on the real host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVirsh, HostSession } from '../../electron/backend/session/host-session.ts';
import { VirshSession } from '../../electron/backend/libvirt/virsh-session.ts';
import { isolatedKeyStore, requireTestbed, tempConfigDir } from './testbed.ts';

test('qemu:///system, qemu:///session and test:///default (one long-lived session)', async (t) => {
  const bed = requireTestbed(t);
  if (!bed) return;
  const cfg = tempConfigDir();
  try {
    for (const uri of ['qemu:///system', 'qemu:///session']) {
      const s = new HostSession({ kind: 'local', name: uri, uri, sudo: false }, { hostKeys: isolatedKeyStore(cfg.dir) });
      try {
        assert.equal(await s.check(), uri);
        const inv = await s.reload();
        assert.equal(inv.uri, uri);
      } finally {
        await s.close();
      }
    }
    const demo = new HostSession({ kind: 'local', name: 'demo', uri: 'test:///default', sudo: false }, { hostKeys: isolatedKeyStore(cfg.dir) });
    try {
      assert.ok(createVirsh(demo.config, demo.runner) instanceof VirshSession, 'the test driver uses a persistent virsh');
      await demo.virsh.exec(['suspend', '--domain', 'test']);
      assert.equal((await demo.reload()).domains[0]?.state, 'paused', 'state persists within the session');
    } finally {
      await demo.close();
    }
  } finally {
    cfg.cleanup();
  }
});
