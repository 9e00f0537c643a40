// The snapshot golden files captured again from scratch guests (libvirt's
// output changing fails this test), and readSnapshotTree on what libvirt made:
// kinds, parents before children, the now node, overlay sizes, capabilities.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSnapshotTree } from '../../electron/backend/features/snapshots/snapshot-tree.ts';
import { buildSnapshotXml, parseSnapshotXml } from '../../electron/backend/libvirt/model/snapshot-xml.ts';
import { bedTest, hostSession, scratchGuest, stepTimer } from './fixtures.ts';
import { localHost, virsh } from './testbed.ts';

const GOLDEN = new URL('../../electron/backend/libvirt/model/testdata/snapshot-xml/', import.meta.url).pathname;

/** What the golden files normalize: the guest's name, uuid and the creation time. */
function normalize(xml: string, guest: string): string {
  return xml
    .split(guest)
    .join('spindle-scratch-GUEST')
    .replace(/<uuid>[^<]*</g, '<uuid>00000000-0000-0000-0000-000000000000<')
    .replace(/<creationTime>\d+</, '<creationTime>1796000000<');
}

bedTest('snapshot XML as libvirt prints it today equals the golden files; the tree read from the host', async (s) => {
  const time = stepTimer(s);
  const off = time('scratch guest (shut off)', () => scratchGuest(s, 'snx1', { running: false }));
  const on = time('scratch guest (running)', () => scratchGuest(s, 'snx2'));
  // Names the golden files know: rename the guests' part of the path after capture.
  time('internal snapshot (shut off)', () => virsh(s.bed, 'snapshot-create-as', off.name, 'snap-int', '--description', 'internal, shut off', '--atomic'));
  time('external disk-only (running)', () =>
    virsh(s.bed, 'snapshot-create-as', on.name, 'snap-disk', '--description', 'disk only, running', '--disk-only', '--atomic', '--diskspec', `vda,snapshot=external,file=${path.join(on.dir, `${on.name}-vda.snap-disk.qcow2`)}`));
  time('external with memory (running)', () =>
    virsh(s.bed, 'snapshot-create-as', on.name, 'snap-mem', '--description', 'with memory', '--atomic', '--memspec', `file=${path.join(on.dir, `${on.name}.snap-mem.mem`)},snapshot=external`, '--diskspec', `vda,snapshot=external,file=${path.join(on.dir, `${on.name}-vda.snap-mem.qcow2`)}`));
  const cases: Array<[string, string, string]> = [
    ['internal-shutoff', off.name, 'snap-int'],
    ['external-disk-running', on.name, 'snap-disk'],
    ['external-memory', on.name, 'snap-mem'],
  ];
  for (const [golden, guest, snap] of cases) {
    const now = normalize(virsh(s.bed, 'snapshot-dumpxml', guest, snap), guest);
    // virsh without -q prints one more blank line at the end (as in the golden files).
    assert.equal(now.trimEnd(), readFileSync(`${GOLDEN}${golden}.xml`, 'utf8').trimEnd(), `${golden}: libvirt's snapshot XML changed`);
    const p = parseSnapshotXml(now);
    assert.deepEqual(parseSnapshotXml(buildSnapshotXml(p)), p, golden);
  }

  const session = hostSession(s, localHost(s.bed));
  const tree = await time('readSnapshotTree (running, 2 snapshots)', () => readSnapshotTree(session, on.name));
  assert.deepEqual(tree.snapshots.map((x) => [x.name, x.kind, x.parent, x.current]), [
    ['snap-disk', 'external-disk', null, false],
    ['snap-mem', 'external-memory', 'snap-disk', true],
  ]);
  assert.equal(tree.nowAfter, 'snap-mem');
  const [disk, mem] = tree.snapshots;
  assert.equal(disk?.disks[0]?.base, on.vda);
  assert.equal(disk?.disks[0]?.overlay, path.join(on.dir, `${on.name}-vda.snap-disk.qcow2`));
  assert.equal(mem?.disks[0]?.base, path.join(on.dir, `${on.name}-vda.snap-disk.qcow2`));
  assert.ok((disk?.disks[0]?.sizeBytes ?? 0) > 0, 'overlay size read by stat');
  assert.ok((mem?.sizeBytes ?? 0) > (mem?.disks[0]?.sizeBytes ?? 0), 'memory file counted');
  assert.deepEqual(tree.capabilities, { externalRevert: false, internal: true, agent: true });

  const offTree = await time('readSnapshotTree (shut off, 1 snapshot)', () => readSnapshotTree(session, off.name));
  assert.deepEqual(offTree.snapshots.map((x) => [x.name, x.kind, x.sizeBytes]), [['snap-int', 'internal', null]]);
  assert.equal(offTree.capabilities.agent, false);
});
