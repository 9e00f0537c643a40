// The mount wizards' answers and the requests they make (no DOM).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GuestBlockDevice, GuestBlockDevs, ImagePartitions } from '../../../shared/contract/features/mounts.ts';
import type { PlanInfo } from '../../../shared/contract/ops.ts';
import { hostMountProblems, hostMountRequest, defaultPartition, sourceKey, type HostMountForm } from './host-mount-form.ts';
import {
  defaultMountpoint,
  deviceChoice,
  deviceTree,
  fstabEntriesFor,
  fstabLineOfPlan,
  guestMountRequest,
  initialGuestMountForm,
  mountOptions,
  mountProblems,
  settleMountForm,
  splitOptions,
  targetsGoneAtShutdown,
  withMountChange,
} from './mount-form.ts';

const dev = (over: Partial<GuestBlockDevice>): GuestBlockDevice => ({ path: '/dev/x', name: 'x', kind: 'disk', sizeBytes: 64 * 2 ** 20, readOnly: false, mountpoints: [], hasChildren: false, ...over });

const devs: GuestBlockDevs = {
  agent: 'ok',
  mkfs: ['ext4', 'vfat'],
  notes: [],
  fstab: [
    { spec: 'UUID=1111-aaaa', file: '/srv/old', vfstype: 'ext4', options: 'defaults', line: 3 },
    { spec: 'LABEL=logs', file: '/var/log/app', vfstype: 'xfs', options: 'noatime', line: 4 },
  ],
  devices: [
    dev({ path: '/dev/vda', name: 'vda', target: 'vda', hasChildren: true }),
    dev({ path: '/dev/vda1', name: 'vda1', kind: 'part', parent: '/dev/vda', target: 'vda', fsType: 'ext4', uuid: 'root-uuid', mountpoints: ['/'] }),
    dev({ path: '/dev/vda2', name: 'vda2', kind: 'part', parent: '/dev/vda', target: 'vda', fsType: 'swap' }),
    dev({ path: '/dev/vdc', name: 'vdc', target: 'vdc' }),
    dev({ path: '/dev/vdd', name: 'vdd', target: 'vdd', fsType: 'xfs', uuid: '1111-aaaa', label: 'old data' }),
    dev({ path: '/dev/sr0', name: 'sr0', kind: 'rom', readOnly: true }),
  ],
};

test('devices: mounted, partitioned, swap and empty CD drives cannot be picked; an empty disk needs mkfs', () => {
  const why = (p: string) => deviceChoice(devs.devices.find((d) => d.path === p) as GuestBlockDevice);
  assert.deepEqual(why('/dev/vda1').reason, { key: 'mounted', values: { where: '/' } });
  assert.equal(why('/dev/vda').reason?.key, 'children');
  assert.deepEqual(why('/dev/vda2').reason, { key: 'signature', values: { type: 'swap' } });
  assert.equal(why('/dev/sr0').reason?.key, 'romEmpty');
  assert.equal(why('/dev/vdc').selectable, true);
  assert.equal(why('/dev/vdc').needsMkfs, true);
  assert.equal(why('/dev/vdd').needsMkfs, false);
  assert.deepEqual(
    deviceTree(devs.devices).map((r) => `${r.depth}:${r.device.name}`),
    ['0:sr0', '0:vda', '1:vda1', '1:vda2', '0:vdc', '0:vdd'],
  );
});

test('mountpoint: /mnt/<label or target>, following a new label until typed', () => {
  assert.equal(defaultMountpoint(devs.devices[3]), '/mnt/vdc');
  assert.equal(defaultMountpoint(devs.devices[4]), '/mnt/old-data');
  assert.equal(defaultMountpoint(devs.devices[1]), '/mnt/vda1');
  let f = initialGuestMountForm(devs, '/dev/vdc');
  assert.equal(f.device, '/dev/vdc');
  assert.equal(f.mkfsType, 'ext4');
  f = withMountChange(f, { label: 'data' }, devs);
  assert.equal(f.mountpoint, '/mnt/data');
  f = withMountChange(f, { mountpoint: '/srv/x' }, devs);
  f = withMountChange(f, { label: 'other' }, devs);
  assert.equal(f.mountpoint, '/srv/x');
  // A mounted device is not preselected.
  assert.equal(initialGuestMountForm(devs, '/dev/vda1').device, '');
});

test('options: switches and free text (commas or spaces), each once, checked with the shared checks', () => {
  assert.deepEqual(splitOptions(' nodev,nosuid  uid=1000 ,'), ['nodev', 'nosuid', 'uid=1000']);
  assert.deepEqual(mountOptions({ ro: true, atime: 'noatime', discard: true, nofail: true, extra: 'ro nodev' }), ['ro', 'noatime', 'discard', 'nofail', 'nodev']);
  let f = withMountChange(initialGuestMountForm(devs, '/dev/vdd'), { extra: 'rw', ro: true }, devs);
  assert.equal(mountProblems(f, devs).options?.key, 'mounts.check.roRw');
  f = withMountChange(f, { extra: "x'y" }, devs);
  assert.equal(mountProblems(f, devs).options?.key, 'mounts.check.option');
  assert.equal(mountProblems(f, devs).mountpoint, 'mount.wizard.fixOptions');
});

test('bad mountpoints are refused as typed, with the shared keys', () => {
  const base = initialGuestMountForm(devs, '/dev/vdd');
  for (const [mp, key] of [
    ['mnt/data', 'relative'],
    ['/mnt/../etc', 'dots'],
    ['/mnt/$(x)', 'chars'],
    ['/etc', 'protected'],
  ] as const) {
    const p = mountProblems(withMountChange(base, { mountpoint: mp }, devs), devs);
    assert.equal(p.mountpointCheck?.key, `mounts.check.${key}`, mp);
    assert.equal(p.mountpoint, 'mount.wizard.fixMountpoint');
    assert.equal(guestMountRequest('vm', withMountChange(base, { mountpoint: mp }, devs), devs), null);
  }
});

test('request: an existing filesystem mounts as is; an empty device needs the erase box and the typed device name', () => {
  const keep = withMountChange(initialGuestMountForm(devs, '/dev/vdd'), { nofail: true }, devs);
  assert.deepEqual(guestMountRequest('vm', keep, devs), { domain: 'vm', device: '/dev/vdd', mountpoint: '/mnt/old-data', options: ['nofail'], fstab: true, requestId: keep.ids.requestId });
  assert.match(keep.ids.requestId, /^[a-z0-9]{12}$/);

  let f = withMountChange(initialGuestMountForm(devs, '/dev/vdc'), { label: 'data' }, devs);
  assert.equal(mountProblems(f, devs).filesystem, 'mount.wizard.needErase');
  f = withMountChange(f, { eraseChecked: true }, devs);
  assert.equal(mountProblems(f, devs).filesystem, 'mount.wizard.needConfirm');
  f = withMountChange(f, { confirmText: '/dev/vdb' }, devs);
  assert.equal(guestMountRequest('vm', f, devs), null);
  f = withMountChange(f, { confirmText: ' /dev/vdc ' }, devs);
  assert.deepEqual(guestMountRequest('vm', f, devs), { domain: 'vm', device: '/dev/vdc', mountpoint: '/mnt/data', options: [], mkfs: { type: 'ext4', label: 'data', confirm: '/dev/vdc', uuid: f.ids.fsUuid }, fstab: true, requestId: f.ids.requestId });
  // The same form gives the same request: the review and the run agree.
  assert.deepEqual(guestMountRequest('vm', f, devs), guestMountRequest('vm', f, devs));
  assert.match(f.ids.vfatId, /^[0-9A-F]{4}-[0-9A-F]{4}$/);
  // Changing the type unticks the erase box; a type the guest lacks is refused; a vfat label must be upper case.
  f = withMountChange(f, { mkfsType: 'xfs' }, devs);
  assert.equal(f.eraseChecked, false);
  assert.equal(mountProblems(f, devs).filesystem, 'mount.wizard.needMkfsType');
  f = withMountChange(f, { mkfsType: 'vfat', eraseChecked: true }, devs);
  assert.equal(mountProblems(f, devs).label?.key, 'mounts.check.labelVfat');
});

test('fstab: lines by mountpoint, UUID= or LABEL=; the line a plan appends', () => {
  assert.deepEqual(fstabEntriesFor(devs.fstab, devs.devices[4] ?? null).map((e) => e.line), [3]);
  assert.deepEqual(fstabEntriesFor(devs.fstab, null, '/var/log/app').map((e) => e.line), [4]);
  assert.deepEqual(fstabEntriesFor(devs.fstab, { path: '/dev/vdz', label: 'logs' }).map((e) => e.line), [4]);
  assert.deepEqual(fstabEntriesFor(null, devs.devices[4] ?? null), []);
  const plan: PlanInfo = {
    title: 't',
    warnings: [],
    script: '',
    steps: [
      { description: 'mount', argv: ['virsh'], guestArgv: ['mount', '/dev/vdc', '/mnt/data'] },
      { description: 'add', argv: ['virsh'], guestArgv: ['tee', '-a', '/etc/fstab'], guestInput: 'UUID=abc /mnt/data ext4 defaults 0 2\n' },
    ],
  };
  assert.equal(fstabLineOfPlan(plan), 'UUID=abc /mnt/data ext4 defaults 0 2');
  assert.equal(fstabLineOfPlan({ ...plan, steps: plan.steps.slice(0, 1) }), null);
});

test('host mount: the source, a partition of a table (the largest first) or the whole image, read-only by default', () => {
  const f: HostMountForm = { sourceKind: 'volume', pool: 'p', volume: 'v.qcow2', file: '', partition: 0, readOnly: true, mountpoint: '', requestId: 'req123' };
  const key = sourceKey({ kind: 'volume', pool: 'p', volume: 'v.qcow2' });
  const whole: ImagePartitions = { image: '/p/v.qcow2', format: 'qcow2', table: null, partitions: [] };
  assert.equal(hostMountProblems(f, null, '', false).source, 'mount.host.readingPartitions');
  assert.deepEqual(hostMountRequest(f, whole, key), { source: { kind: 'volume', pool: 'p', volume: 'v.qcow2' }, readOnly: true, requestId: 'req123' });
  const gpt: ImagePartitions = {
    ...whole,
    table: 'gpt',
    partitions: [
      { number: 1, startBytes: 1 << 20, sizeBytes: 100 << 20, type: 'EFI System' },
      { number: 2, startBytes: 101 << 20, sizeBytes: 900 << 20, type: 'Linux filesystem' },
    ],
  };
  assert.equal(defaultPartition(gpt), 2);
  assert.equal(hostMountProblems(f, gpt, key, false).source, 'mount.host.needPartition');
  assert.deepEqual(hostMountRequest({ ...f, partition: 2, readOnly: false, mountpoint: '/mnt/img' }, gpt, key), { source: { kind: 'volume', pool: 'p', volume: 'v.qcow2' }, partition: 2, readOnly: false, mountpoint: '/mnt/img', requestId: 'req123' });
  assert.equal(hostMountProblems({ ...f, mountpoint: 'mnt/img' }, whole, key, false).mountpoint?.key, 'mounts.check.relative');
  assert.equal(hostMountRequest({ ...f, sourceKind: 'file', file: 'relative.img' }, whole, key), null);
});

test('fstab is left out for a filesystem without a UUID', () => {
  const noUuid: GuestBlockDevs = { ...devs, devices: [dev({ path: '/dev/vde', name: 'vde', fsType: 'vfat' })] };
  assert.equal(guestMountRequest('vm', initialGuestMountForm(noUuid, '/dev/vde'), noUuid)?.fstab, false);
});

test('bug 4: a disk gone after the next shutdown is not put in fstab by default; ticked, it gets nofail', () => {
  // vdc attached "now only": in the running VM, not in the saved configuration.
  const domain = { persistent: true, pendingDisks: { liveOnly: ['vdc'], configOnly: [], changed: [] } };
  const gone = targetsGoneAtShutdown(domain, devs);
  assert.deepEqual(gone, ['vdc']);
  assert.deepEqual(targetsGoneAtShutdown({ persistent: false }, devs).sort(), ['vda', 'vdc', 'vdd'], 'a transient VM: every disk');
  assert.deepEqual(targetsGoneAtShutdown({ persistent: true }, devs), []);

  const f = settleMountForm(initialGuestMountForm(devs, '/dev/vdc', gone), devs);
  assert.equal(f.fstab, false, 'off by default');
  assert.equal(f.nofail, false);
  const typed = withMountChange(withMountChange(withMountChange(f, { label: 'data' }, devs), { eraseChecked: true }, devs), { confirmText: '/dev/vdc' }, devs);
  assert.equal(guestMountRequest('vm', typed, devs)?.fstab, false);
  // Ticked: nofail comes with it, and stays while fstab is on.
  const ticked = withMountChange(typed, { fstab: true }, devs);
  assert.equal(settleMountForm(ticked, devs).nofail, true);
  assert.deepEqual(guestMountRequest('vm', ticked, devs)?.options, ['nofail']);
  assert.equal(settleMountForm(withMountChange(ticked, { nofail: false }, devs), devs).nofail, true);
  // Unticked again: nofail was never the user's choice, so it goes.
  assert.deepEqual(guestMountRequest('vm', withMountChange(ticked, { fstab: false }, devs), devs)?.options, []);
  // The inventory learns of the live attach only after the form was made: the default follows.
  const early = initialGuestMountForm(devs, '/dev/vdc', []);
  assert.equal(settleMountForm(early, devs).fstab, true);
  assert.equal(settleMountForm({ ...early, goneAtShutdown: gone }, devs).fstab, false);
  // A disk in the saved configuration keeps the old default (fstab on, nofail the user's choice).
  const kept = initialGuestMountForm(devs, '/dev/vdd', gone);
  const settled = settleMountForm(kept, devs);
  assert.deepEqual([settled.fstab, settled.nofail], [true, false]);
  // Switching devices moves the default along until the box is touched.
  const moved = withMountChange(kept, { device: '/dev/vdc' }, devs);
  assert.equal(settleMountForm(moved, devs).fstab, false);
  assert.equal(settleMountForm(withMountChange(moved, { device: '/dev/vdd' }, devs), devs).fstab, true);
  const chosen = withMountChange(withMountChange(kept, { fstab: false }, devs), { device: '/dev/vdc' }, devs);
  assert.equal(settleMountForm(chosen, devs).fstab, false);
  assert.equal(settleMountForm(withMountChange(chosen, { device: '/dev/vdd' }, devs), devs).fstab, false, 'the user said no');
});
