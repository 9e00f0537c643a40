// Snapshot XML against what libvirt 9.0 printed (testdata/snapshot-xml/*.xml,
// captured with snapshot-create-as + snapshot-dumpxml from scratch guests,
// the guest's name, uuid and creation time normalized; the integration test
// e2e/integration/snapshots-xml.test.ts captures them again and compares).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildSnapshotXml, parseSnapshotXml, snapshotKind } from './snapshot-xml.ts';

const dir = new URL('./testdata/snapshot-xml/', import.meta.url).pathname;
const read = (n: string): string => readFileSync(`${dir}${n}.xml`, 'utf8');
export const SNAPSHOT_GOLDENS = ['internal-shutoff', 'external-disk-running', 'external-memory'] as const;
const DIR = '/var/lib/spindle-testbed/scratch/spindle-scratch-GUEST';

test('golden snapshots round-trip: parse(build(parse(x))) equals parse(x), and build writes libvirt\'s own text back', () => {
  for (const n of SNAPSHOT_GOLDENS) {
    const xml = read(n);
    const parsed = parseSnapshotXml(xml);
    assert.deepEqual(parseSnapshotXml(buildSnapshotXml(parsed)), parsed, n);
    // virsh ends its output with one more blank line than the document.
    assert.equal(buildSnapshotXml(parsed), `${xml.trimEnd()}\n`, n);
  }
});

test('internal snapshot of a shut-off qcow2 guest', () => {
  const s = parseSnapshotXml(read('internal-shutoff'));
  assert.equal(s.name, 'snap-int');
  assert.equal(s.description, 'internal, shut off');
  assert.equal(s.state, 'shutoff');
  assert.equal(s.creationTime, 1796000000);
  assert.equal(s.parent, undefined);
  assert.deepEqual(s.memory, { snapshot: 'no' });
  assert.deepEqual(s.disks, [{ name: 'vda', snapshot: 'internal' }]);
  assert.deepEqual(s.domainDisks, [{ target: 'vda', file: `${DIR}/spindle-scratch-GUEST-vda.qcow2`, format: 'qcow2' }]);
  assert.equal(snapshotKind(s), 'internal');
});

test('external disk-only snapshot of a running guest: overlay, and the base from the saved domain', () => {
  const s = parseSnapshotXml(read('external-disk-running'));
  assert.equal(s.state, 'disk-snapshot');
  assert.deepEqual(s.disks, [{ name: 'vda', snapshot: 'external', type: 'file', driverType: 'qcow2', sourceFile: `${DIR}/spindle-scratch-GUEST-vda.snap-disk.qcow2` }]);
  assert.deepEqual(s.domainDisks, [{ target: 'vda', file: `${DIR}/spindle-scratch-GUEST-vda.qcow2`, format: 'qcow2' }]);
  assert.equal(snapshotKind(s), 'external-disk');
  assert.ok(s.domainXml?.startsWith("<domain type='qemu'>") && s.domainXml.endsWith('</domain>'));
});

test('external snapshot with memory: memory file, parent, the base is the previous overlay', () => {
  const s = parseSnapshotXml(read('external-memory'));
  assert.equal(s.state, 'running');
  assert.equal(s.parent, 'snap-disk');
  assert.deepEqual(s.memory, { snapshot: 'external', file: `${DIR}/spindle-scratch-GUEST.snap-mem.mem` });
  assert.equal(s.disks[0]?.sourceFile, `${DIR}/spindle-scratch-GUEST-vda.snap-mem.qcow2`);
  assert.deepEqual(s.domainDisks, [{ target: 'vda', file: `${DIR}/spindle-scratch-GUEST-vda.snap-disk.qcow2`, format: 'qcow2' }]);
  assert.ok(s.inactiveDomainXml?.startsWith('<inactiveDomain'));
  assert.ok(s.cookieXml?.startsWith('<cookie>'));
  assert.equal(snapshotKind(s), 'external-memory');
});

test('a create request: names and paths with quotes, <, & and non-ASCII are escaped and read back', () => {
  const req = {
    name: `it's <a> & "b" 快照`,
    description: 'line 1\nline 2 & <3>',
    memory: { snapshot: 'external' as const, file: "/var/lib/x/vm 'a' & b.mem" },
    disks: [
      { name: 'vda', snapshot: 'external' as const, driverType: 'qcow2', sourceFile: '/var/lib/x/$(rm -rf) ; b.qcow2' },
      { name: 'vdb', snapshot: 'no' as const },
    ],
  };
  const xml = buildSnapshotXml({ ...req, disks: req.disks });
  assert.match(xml, /<disk name='vdb' snapshot='no'\/>/);
  assert.deepEqual(parseSnapshotXml(xml), { ...req, domainDisks: [] });
});
