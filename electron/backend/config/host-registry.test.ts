import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SpindleError } from '../../../shared/core/errors.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { HostRegistry } from './host-registry.ts';
import { inTempDir } from '../transport/testdata/temp-dir.ts';


test('hosts are added, listed, refused when duplicated, removed; no secret is stored', async () => {
  await inTempDir('spindle-reg-', async (dir) => {
    const reg = new HostRegistry(dir);
    assert.deepEqual(await reg.list(), []);
    await reg.add({ kind: 'local', name: 'local', uri: 'qemu:///system', sudo: false });
    await reg.add({ kind: 'ssh', name: 'db host', host: 'db1', port: 22, user: 'ops', auth: 'password', uri: 'qemu:///system', sudo: true });
    await assert.rejects(reg.add({ kind: 'local', name: 'local', uri: 'qemu:///session', sudo: false }), (e: unknown) => e instanceof SpindleError && e.code === 'INVALID_NAME');
    assert.deepEqual((await reg.list()).map((h) => h.name), ['local', 'db host']);
    const text = readFileSync(reg.file, 'utf8');
    assert.doesNotMatch(text, /password"\s*:/i, 'no password field is ever written');
    assert.equal(statSync(reg.file).mode & 0o777, 0o600, 'settings are private to the user');
    assert.equal(await reg.remove('local'), true);
    assert.equal(await reg.remove('local'), false);
    assert.deepEqual((await reg.list()).map((h) => h.name), ['db host']);
    await assert.rejects(reg.add({ kind: 'local', name: 'bad\nname', uri: 'x', sudo: false }), SpindleError);
  });
});

test('a corrupt hosts file is kept aside and reported, never silently replaced', async () => {
  await inTempDir('spindle-reg-', async (dir) => {
    const reg = new HostRegistry(dir);
    writeFileSync(reg.file, '{"version":1,"hosts":[{"kind":"local"');
    await assert.rejects(reg.list(), (e: unknown) => {
      assert.ok(e instanceof SpindleError);
      assert.equal(e.code, 'CONFIG_CORRUPT');
      assert.ok(e.details?.keptAs && existsSync(e.details.keptAs), 'the broken file still exists under another name');
      assert.equal(readFileSync(e.details.keptAs, 'utf8'), '{"version":1,"hosts":[{"kind":"local"');
      return true;
    });
    assert.deepEqual(await reg.list(), [], 'after reporting, Spindle starts with an empty list');
    // Valid JSON of the wrong shape is corrupt too.
    writeFileSync(reg.file, '{"version":1,"hosts":[{"kind":"ftp"}]}');
    await assert.rejects(reg.list(), (e: unknown) => e instanceof SpindleError && e.code === 'CONFIG_CORRUPT');
  });
});

test('atomic writes leave no temp files and replace the whole file', async () => {
  await inTempDir('spindle-reg-', async (dir) => {
    const f = path.join(dir, 'sub', 'x.json');
    await writeFileAtomic(f, 'one');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(f, `value-${i}-`.repeat(1000))));
    assert.match(readFileSync(f, 'utf8'), /^(value-(\d+)-)+$/);
    const text = readFileSync(f, 'utf8');
    const first = /^value-(\d+)-/.exec(text)?.[1];
    assert.equal(text, `value-${first}-`.repeat(1000), 'never a mix of two writes');
    assert.deepEqual(readdirSync(path.dirname(f)), ['x.json']);
  });
});
