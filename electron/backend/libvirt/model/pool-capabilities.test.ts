// `virsh pool-capabilities` parsed from this machine's real output (libvirt
// 9.0.0 on Debian 12, recorded 2026-12-01: testdata/pool-capabilities).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parsePoolCapabilities } from './pool-capabilities.ts';
import { POOL_TYPES } from './pool-xml.ts';

const real = readFileSync(new URL('./testdata/pool-capabilities/libvirt-9.0-debian12.xml', import.meta.url), 'utf8');

test('real pool-capabilities: every type, which run here, their formats', () => {
  const caps = parsePoolCapabilities(real);
  assert.deepEqual(caps.map((c) => c.type), [...POOL_TYPES], 'libvirt lists the types our table has, in the same order');
  const supported = caps.filter((c) => c.supported).map((c) => c.type);
  assert.deepEqual(supported, ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'scsi', 'mpath']);
  const by = new Map(caps.map((c) => [c.type, c]));
  assert.deepEqual(by.get('fs')?.sourceFormats?.values.slice(0, 4), ['auto', 'ext2', 'ext3', 'ext4']);
  assert.equal(by.get('fs')?.sourceFormats?.default, 'auto');
  assert.equal(by.get('dir')?.volumeFormats?.default, 'raw');
  assert.ok(by.get('dir')?.volumeFormats?.values.includes('qcow2'));
  assert.equal(by.get('dir')?.sourceFormats, undefined, 'dir has no source formats');
  assert.equal(by.get('logical')?.sourceFormats?.default, 'lvm2');
  assert.equal(by.get('logical')?.volumeFormats, undefined, 'logical volumes have no format list');
  assert.deepEqual(by.get('disk')?.volumeFormats?.values, ['none', 'linux', 'fat16', 'fat32', 'linux-swap', 'linux-lvm', 'linux-raid', 'extended']);
  assert.deepEqual(by.get('rbd'), { type: 'rbd', supported: false, volumeFormats: { default: 'raw', values: [] } }, 'an empty enum is an empty list');
  assert.deepEqual(by.get('zfs'), { type: 'zfs', supported: false });
});

test('not a capabilities document', () => {
  assert.throws(() => parsePoolCapabilities('<pool/>'), /storagepoolCapabilities/);
});
