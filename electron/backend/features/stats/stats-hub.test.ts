// Sampling runs only while someone watches (a lease) or alert rules need it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
import { LEASE_MS, StatsHub } from './stats-hub.ts';

test('leases start sampling, expire, and alert needs keep a host sampled', async () => {
  let now = 1_000_000;
  let calls = 0;
  const virsh = { exec: async () => (calls++, "Domain: 'vm'\n  block.count=0\n") } as unknown as VirshExecutor;
  const hub = new StatsHub((h) => (h === 'a' || h === 'b' ? virsh : undefined), () => now);
  try {
    assert.equal(hub.isSampling('a'), false);
    hub.watch('a', 60);
    assert.equal(hub.isSampling('a'), true);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(calls, 1, 'one domstats at once (the baseline)');
    now += LEASE_MS + 1;
    (hub as unknown as { sweep(): void }).sweep();
    assert.equal(hub.isSampling('a'), false, 'expired lease: no more sampling');
    hub.setNeeded(new Set(['b']));
    assert.equal(hub.isSampling('b'), true, 'alert rules need it');
    assert.equal(hub.unwatch('b'), true, 'unwatch does not stop what alerts need');
    hub.setNeeded(new Set());
    assert.equal(hub.isSampling('b'), false);
    hub.watch('a');
    assert.equal(hub.unwatch('a'), false);
  } finally {
    hub.close();
  }
});
