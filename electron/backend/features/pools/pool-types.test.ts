// The per-type table joined with this machine's real pool-capabilities.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { POOL_CAPS, POOL_TYPES } from '../../libvirt/model/pool-xml.ts';
import { poolTypes } from './pool-types.ts';

const real = readFileSync(new URL('../../libvirt/model/testdata/pool-capabilities/libvirt-9.0-debian12.xml', import.meta.url), 'utf8');

test('every type once, joined with the host: supported, formats, packages', () => {
  const types = poolTypes(real);
  assert.deepEqual(types.map((t) => t.type), [...POOL_TYPES]);
  const by = new Map(types.map((t) => [t.type, t]));
  const missing = types.filter((t) => !t.supported);
  assert.deepEqual(missing.map((t) => t.type), ['iscsi-direct', 'rbd', 'sheepdog', 'gluster', 'zfs', 'vstorage']);
  // A type the host lacks names the package that adds it, where the distributions build one.
  for (const t of ['iscsi-direct', 'rbd', 'gluster', 'zfs']) {
    assert.equal(by.get(t)?.packages.debian, `libvirt-daemon-driver-storage-${t}`);
    assert.equal(by.get(t)?.packages.fedora, `libvirt-daemon-driver-storage-${t}`);
  }
  for (const t of ['logical', 'disk', 'scsi', 'mpath', 'iscsi']) assert.equal(by.get(t)?.packages.fedora, `libvirt-daemon-driver-storage-${t}`);
  assert.deepEqual(by.get('sheepdog')?.packages, { debian: null, fedora: null });
  // The host's lists win; the table fills in where it has none.
  assert.equal(by.get('fs')?.defaults.format, 'auto');
  assert.ok(by.get('fs')?.sourceFormats.includes('xfs'));
  assert.equal(by.get('dir')?.defaultVolumeFormat, 'raw');
  assert.deepEqual(by.get('rbd')?.volumeFormats, ['raw'], 'an empty host list falls back to the table');
  assert.deepEqual(by.get('logical')?.volumeFormats, []);
  assert.equal(by.get('logical')?.defaultVolumeFormat, undefined);
  assert.deepEqual(types.filter((t) => t.creatable).map((t) => t.type), ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'iscsi-direct', 'scsi', 'mpath', 'rbd', 'gluster', 'zfs']);
  assert.deepEqual(types.filter((t) => t.buildable).map((t) => t.type), ['dir', 'fs', 'netfs', 'logical', 'disk', 'zfs', 'vstorage']);
  assert.equal(by.get('zfs')?.discovery, 'zpool-list');
  assert.equal(by.get('iscsi-direct')?.discovery, 'iscsi-ls');
  assert.equal(by.get('netfs')?.discovery, 'find-sources-host');
});

test('the table: every field a type takes is one the model writes, its required ones among them', () => {
  for (const type of POOL_TYPES) {
    const t = POOL_CAPS[type];
    for (const r of t.required) assert.ok(t.source.includes(r), `${type}: ${r}`);
    if (t.defaults?.format !== undefined && t.formats) assert.ok(t.formats.includes(t.defaults.format), `${type}: default ${t.defaults.format}`);
    if (t.deletable) assert.ok(t.buildable, `${type}: what can be deleted can be built`);
  }
});

test('a host that lists nothing: every type unsupported, the table intact', () => {
  const types = poolTypes('<storagepoolCapabilities></storagepoolCapabilities>');
  assert.ok(types.every((t) => !t.supported));
  assert.deepEqual(types.find((t) => t.type === 'fs')?.sourceFormats, [...(POOL_CAPS.fs.formats ?? [])]);
});
