// The API service against libvirt's built-in test driver (no test bed needed).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { SpindleService } from './spindle-service.ts';

function serviceIn(dir: string): SpindleService {
  return new SpindleService({ configDir: dir, addLocalHost: false, knownHostsFiles: [] });
}

/** A service over a fresh config folder (`prepare` may put files in it first), closed and the folder removed afterwards. */
async function withService(run: (s: SpindleService, dir: string) => Promise<void>, prepare?: (dir: string) => void): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-svc-'));
  prepare?.(dir);
  const s = serviceIn(dir);
  try {
    await run(s, dir);
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function until<T>(fn: () => T | undefined | null | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('unknown methods and malformed parameters are refused before anything runs', async () => {
  await withService(async (s) => {
    const bad = [
      await s.dispatch('hosts.nuke', {}),
      await s.dispatch(42, {}),
      await s.dispatch('hosts.remove', { name: 5 }),
      await s.dispatch('hosts.remove', { name: '' }),
      await s.dispatch('hosts.remove', { name: 'x', extra: true }),
      await s.dispatch('hosts.add', { config: { kind: 'ssh', name: 'x', host: 'h', port: 70000, user: 'u', auth: 'agent', uri: 'qemu:///system' } }),
      await s.dispatch('hosts.add', { config: { kind: 'local', name: 'x', uri: 'qemu:///system' }, secrets: { token: 'x' } }),
      await s.dispatch('inventory.get', null),
    ];
    for (const r of bad) {
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, 'INVALID_ARGUMENT', JSON.stringify(r));
    }
  });
});

test('first start adds the Demo host, connects it and pushes its inventory as an event', async () => {
  await withService(async (s, dir) => {
    const events: Array<[string, unknown]> = [];
    s.on('event', (e: string, p: unknown) => events.push([e, p]));
    await s.init();
    const list = await s.dispatch('hosts.list', {});
    assert.ok(list.ok);
    assert.deepEqual(
      list.ok && list.result.map((h) => [h.config.name, h.config.uri, h.builtIn]),
      [['Demo', 'test:///default', true]],
    );
    await until(() => events.find(([e]) => e === 'inventory'));
    const inv = await s.dispatch('inventory.get', { host: 'Demo' });
    assert.ok(inv.ok && inv.result);
    assert.equal(inv.ok && inv.result?.domains[0]?.name, 'test');
    assert.ok(events.some(([e, p]) => e === 'host-status' && (p as { status: string }).status === 'online'));
    const missing = await s.dispatch('inventory.get', { host: 'nope' });
    assert.equal(!missing.ok && missing.error.code, 'UNKNOWN_HOST');

    // Removing the Demo host sticks: it is not re-added on the next start.
    assert.deepEqual(await s.dispatch('hosts.remove', { name: 'Demo' }), { ok: true, result: { removed: true } });
    await s.close();
    const again = serviceIn(dir);
    await again.init();
    assert.deepEqual(again.entries(), []);
    await again.close();
  });
});

test('hosts.add checks the connection first and refuses duplicates', async () => {
  await withService(async (s) => {
    await s.init();
    const dup = await s.dispatch('hosts.add', { config: { kind: 'local', name: 'Demo', uri: 'test:///default' } });
    assert.equal(!dup.ok && dup.error.code, 'INVALID_NAME');
    const broken = await s.dispatch('hosts.add', { config: { kind: 'local', name: 'broken', uri: 'qemu:///system?socket=/nonexistent/sock' } });
    assert.equal(!broken.ok && broken.error.code, 'LIBVIRTD_NOT_RUNNING');
    assert.ok(!s.entries().some((h) => h.config.name === 'broken'), 'a host that fails its check is not saved');
    const ok = await s.dispatch('hosts.add', { config: { kind: 'local', name: 'Demo 2', uri: 'test:///default' } });
    assert.ok(ok.ok);
  });
});

test('a corrupt hosts file is reported and kept aside, and the service still starts', async () => {
  await withService(async (s) => {
    const events: Array<[string, { status?: string; error?: { code: string } | null }]> = [];
    s.on('event', (e: string, p: { status?: string; error?: { code: string } | null }) => events.push([e, p]));
    await s.init();
    assert.deepEqual(s.entries(), []);
    assert.ok(events.some(([e, p]) => e === 'host-status' && p.error?.code === 'CONFIG_CORRUPT'));
  }, (dir) => writeFileSync(path.join(dir, 'hosts.json'), '{oops'));
});

test('the Demo host runs wizard operations through its one test-driver connection', async () => {
  await withService(async (s) => {
    await s.init();
    await until(() => s.session('Demo')?.getInventory());
    const op = { kind: 'volume.create', host: 'Demo', request: { pool: 'default-pool', name: 'wizard & co.qcow2', capacityBytes: 1 << 30, format: 'qcow2', allocation: 'sparse' } } as const;
    const plan = await s.dispatch('ops.plan', { op });
    assert.ok(plan.ok && plan.result.script.includes("'vol-create' '--pool' 'default-pool'"), JSON.stringify(plan));
    const started = await s.dispatch('ops.start', { op });
    assert.ok(started.ok, JSON.stringify(started));
    if (!started.ok) return;
    const end = await s.jobs.wait(started.result.id);
    assert.equal(end.state, 'succeeded', JSON.stringify(end.error));
    const vol = s.session('Demo')!.getInventory()!.pools.find((p) => p.name === 'default-pool')!.volumes.find((v) => v.name === 'wizard & co.qcow2');
    assert.ok(vol, 'the volume is in the Demo inventory');
    // Refusals come back from ops.plan with the reason and the fix.
    const again = await s.dispatch('ops.plan', { op });
    assert.ok(!again.ok && again.error.code === 'INVALID_NAME' && !!again.error.hint);
    const tooBig = await s.dispatch('ops.plan', { op: { ...op, request: { ...op.request, name: 'x', allocation: 'falloc', capacityBytes: 2 ** 52 } } });
    assert.ok(!tooBig.ok && /does not fit/.test(tooBig.error.message));
    // Jobs are listed, and cancelling an ended job changes nothing.
    const jobs = await s.dispatch('jobs.list', {});
    assert.ok(jobs.ok && jobs.result.some((j) => j.id === end.id && j.state === 'succeeded'));
    const c = await s.dispatch('jobs.cancel', { id: end.id });
    assert.ok(c.ok && c.result.state === 'succeeded');
  });
});
