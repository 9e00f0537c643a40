// The CLI end to end against libvirt's built-in test driver (no test bed needed).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { InventorySchema } from '../../../shared/contract/models.ts';
import { main, parseSshAddress } from './main.ts';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

test('hosts add / list / inventory / remove with the demo driver', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-cli-'));
  process.env.SPINDLE_CONFIG_DIR = dir;
  try {
    const add = await cli(['hosts', 'add', 'demo', '--local', '--uri', 'test:///default']);
    assert.equal(add.code, 0, add.err);
    assert.match(add.out, /Added host "demo"/);
    const dup = await cli(['hosts', 'add', 'demo', '--local', '--uri', 'test:///default']);
    assert.equal(dup.code, 1);
    assert.match(dup.err, /already exists/);

    const list = await cli(['hosts', 'list', '--json']);
    assert.deepEqual(JSON.parse(list.out), { hosts: [{ kind: 'local', name: 'demo', uri: 'test:///default', sudo: false }] });

    const inv = await cli(['inventory', '--host', 'demo', '--json']);
    assert.equal(inv.code, 0, inv.err);
    const parsed = InventorySchema.parse(JSON.parse(inv.out));
    assert.equal(parsed.domains[0]?.name, 'test');
    assert.equal(parsed.pools[0]?.name, 'default-pool');

    const human = await cli(['inventory', '--host', 'demo']);
    assert.match(human.out, /Virtual machines \(1\)/);
    assert.match(human.out, /test\s+running\s+2\s+8\.00 GiB\s+1/);
    assert.match(human.out, /default-pool\s+dir\s+active\s+100 GiB/);

    const missing = await cli(['inventory', '--host', 'nope', '--json']);
    assert.equal(missing.code, 1);
    assert.equal(JSON.parse(missing.out).error.code, 'UNKNOWN_HOST');
    assert.match(missing.err, /^error: .*\nhint: /);

    assert.equal((await cli(['hosts', 'remove', 'demo'])).code, 0);
    assert.match((await cli(['hosts', 'list'])).out, /No saved hosts/);
  } finally {
    delete process.env.SPINDLE_CONFIG_DIR;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 2 with a hint', async () => {
  const r = await cli(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.err, /Unknown command/);
  assert.equal((await cli(['hosts', 'add', 'x'])).code, 2);
  assert.equal((await cli(['hosts', 'add', 'x', '--ssh', 'nouser'])).code, 2);
  assert.equal((await cli(['inventory', '--bogus'])).code, 2);
});

test('ssh addresses', () => {
  assert.deepEqual(parseSshAddress('root@kvm1'), { user: 'root', host: 'kvm1', port: 22 });
  assert.deepEqual(parseSshAddress('ops@10.1.2.3:2222'), { user: 'ops', host: '10.1.2.3', port: 2222 });
  assert.deepEqual(parseSshAddress('ops@[::1]:22'), { user: 'ops', host: '::1', port: 22 });
  assert.throws(() => parseSshAddress('ops@host:99999'));
});
