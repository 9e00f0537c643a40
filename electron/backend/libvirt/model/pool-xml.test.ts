// Pool XML for every pool type against golden files (testdata/pool-xml/*.xml;
// UPDATE_GOLDEN=1 rewrites them: review the diff), both ways, and real
// `virsh pool-dumpxml` output (testdata/pool-xml/dumpxml, see its README)
// parsed into the same specs. e2e/integration/pool-xml.test.ts defines every
// golden file in a real libvirtd and reads it back.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderMsg } from '../../../../shared/core/messages.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { buildPoolXml, parsePoolSpec, parsePoolStatus, POOL_CAPS, POOL_TYPES, type PoolSpec } from './pool-xml.ts';
import { golden } from './testdata/golden.ts';
import { POOL_GOLDEN_SPECS } from './testdata/pool-xml/specs.ts';

const dir = new URL('./testdata/pool-xml/', import.meta.url).pathname;
const read = (f: string): string => readFileSync(`${dir}${f}`, 'utf8');

test('golden pool XML for every type, and the round trip both ways', () => {
  assert.deepEqual([...new Set(Object.values(POOL_GOLDEN_SPECS).map((s) => s.type))].sort(), [...POOL_TYPES].sort(), 'every pool type has a golden file');
  for (const [name, spec] of Object.entries(POOL_GOLDEN_SPECS)) {
    const xml = buildPoolXml(spec);
    const file = golden(dir, name, xml);
    assert.equal(xml, file, name);
    assert.deepEqual(parsePoolSpec(xml), spec, name);
    assert.equal(buildPoolXml(parsePoolSpec(file)), file, name);
  }
});

test('real pool-dumpxml of every golden file gives back its spec, plus the UUID libvirt chose', () => {
  // testdata/pool-xml/dumpxml/<name>.xml: libvirt 9.0's output for testdata/pool-xml/<name>.xml.
  const recorded = readdirSync(`${dir}dumpxml`).filter((f) => f.endsWith('.xml') && !f.startsWith('active-'));
  assert.deepEqual(recorded.map((f) => f.replace(/\.xml$/, '')).sort(), Object.keys(POOL_GOLDEN_SPECS).sort());
  for (const f of recorded) {
    const real = read(`dumpxml/${f}`);
    const { uuid, ...spec } = parsePoolSpec(real);
    assert.match(uuid ?? '', /^[0-9a-f-]{36}$/, f);
    assert.deepEqual(spec, POOL_GOLDEN_SPECS[f.replace(/\.xml$/, '')], f);
    // What we build from it is what libvirt reads back: the same definition.
    assert.deepEqual(parsePoolSpec(buildPoolXml({ ...spec, ...(uuid ? { uuid } : {}) })), { ...spec, uuid });
  }
});

test('real pool-dumpxml of running pools on this machine (dir, fs, logical and disk on loop devices)', () => {
  assert.deepEqual(parsePoolSpec(read('dumpxml/active-dir.xml')), {
    type: 'dir',
    name: 'spindle-test-pool',
    uuid: 'd2610898-4350-4713-80fe-bf9e7ef161c7',
    target: { path: '/var/lib/spindle-testbed/pool', permissions: { mode: '0755', owner: '0', group: '0' } },
  });
  assert.deepEqual(parsePoolStatus(read('dumpxml/active-dir.xml')), { capacityBytes: 270553174016, allocationBytes: 25125638144, availableBytes: 245427535872 });
  assert.deepEqual(parsePoolSpec(read('dumpxml/active-fs.xml')).source, { devices: [{ path: '/dev/loop0' }], format: 'ext4' });
  assert.deepEqual(parsePoolSpec(read('dumpxml/active-logical.xml')).source, { devices: [{ path: '/dev/loop1' }], name: 'spindlerecvg', format: 'lvm2' });
  const disk = read('dumpxml/active-disk.xml');
  assert.deepEqual(parsePoolSpec(disk).source, { devices: [{ path: '/dev/loop2' }], format: 'gpt' });
  assert.deepEqual(parsePoolStatus(disk).freeExtents, [{ device: '/dev/loop2', start: 17408, end: 67091968 }]);
  // Each parses into a spec our builder accepts.
  for (const f of ['active-dir', 'active-fs', 'active-logical', 'active-disk']) assert.ok(buildPoolXml(parsePoolSpec(read(`dumpxml/${f}.xml`))));
});

test('what a type does not take, or cannot do without, is refused with the reason', () => {
  const refused = (spec: PoolSpec, re: RegExp, field: string) =>
    assert.throws(
      () => buildPoolXml(spec),
      (e: unknown) => e instanceof SpindleError && re.test(e.message) && !!e.hint && e.details?.field === field && !!e.msg && /\p{Script=Han}/u.test(renderMsg(e.msg, 'zh-CN')),
      re.source,
    );
  refused({ type: 'netfs', name: 'n', source: { hosts: [{ name: 'h' }] }, target: { path: '/mnt' } }, /netfs pool needs a source directory/, 'source');
  refused({ type: 'dir', name: 'd', source: { hosts: [{ name: 'h' }] }, target: { path: '/d' } }, /dir pool takes no source host/, 'source');
  refused({ type: 'dir', name: 'd' }, /needs a target path/, 'target');
  refused({ type: 'rbd', name: 'r', source: { hosts: [{ name: 'h' }], name: 'p' }, target: { path: '/x' } }, /no target path/, 'target');
  refused({ type: 'fs', name: 'f', source: { devices: [{ path: '/dev/a' }, { path: '/dev/b' }] }, target: { path: '/f' } }, /exactly one device/, 'source');
  refused({ type: 'disk', name: 'k', source: { devices: [{ path: '/dev/a' }], format: 'ext4' }, target: { path: '/dev' } }, /ext4 is not a format of disk pools/, 'source');
  refused({ type: 'fs', name: 'f', source: { devices: [{ path: 'sdb' }] }, target: { path: '/f' } }, /not absolute/, 'source');
  refused({ type: 'iscsi', name: 'i', source: { hosts: [{ name: 'h', port: 70000 }], devices: [{ path: 'iqn.x:y' }] }, target: { path: '/dev/disk/by-path' } }, /Port 70000/, 'source');
  refused({ type: 'mpath', name: 'm', cow: true, target: { path: '/dev/mapper' } }, /Copy-on-write/, 'cow');
  refused({ type: 'nope' as PoolSpec['type'], name: 'x' }, /does not know the pool type nope/, 'type');
  assert.throws(() => buildPoolXml({ type: 'dir', name: 'a/b', target: { path: '/d' } }), /cannot be used/);
  // The table covers every type.
  assert.deepEqual(Object.keys(POOL_CAPS).sort(), [...POOL_TYPES].sort());
});
