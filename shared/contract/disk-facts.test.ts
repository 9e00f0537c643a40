// The disk facts the planners and the wizards share: one lookup order for the
// volume behind a disk, and the modes a disk on one side only can take.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultAttachBus, diskModes, diskPresence, volumeOfDisk } from './disk-facts.ts';
import type { Domain, Pool } from './models.ts';

const vol = (pool: string, name: string) => ({ name, pool, key: `/${pool}/${name}`, path: `/${pool}/${name}`, capacity: 1, allocation: 1, backingChain: [] });
const pools: Pool[] = [
  { name: 'a', uuid: '', type: 'dir', active: true, autostart: true, capacity: 1, allocation: 1, available: 1, volumes: [vol('a', 'x.qcow2')] },
  { name: 'b', uuid: '', type: 'dir', active: true, autostart: true, capacity: 1, allocation: 1, available: 1, volumes: [vol('b', 'y.qcow2')] },
];

test('volumeOfDisk: the volume a disk names, else the one at its path', () => {
  assert.equal(volumeOfDisk(pools, { source: { type: 'volume', pool: 'b', volume: 'y.qcow2' } })?.path, '/b/y.qcow2');
  assert.equal(volumeOfDisk(pools, { source: { type: 'file', file: '/a/x.qcow2' } })?.name, 'x.qcow2');
  assert.equal(volumeOfDisk(pools, { source: { type: 'block', dev: '/b/y.qcow2' } })?.pool, 'b');
  // A pool/volume that is not listed (yet) still finds the volume by the path libvirt reports.
  assert.equal(volumeOfDisk(pools, { source: { type: 'volume', pool: 'gone', volume: 'y.qcow2', file: '/b/y.qcow2' } })?.pool, 'b');
  assert.equal(volumeOfDisk(pools, { source: { type: 'file', file: '/elsewhere' } }), undefined);
});

test('modes by presence: both sides, live only, saved only, stopped, transient, and buses that cannot hot-plug', () => {
  const dom = (over: Partial<Domain> = {}): Domain => ({ name: 'v', uuid: '', state: 'running', vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks: [], ...over });
  const pending = { liveOnly: ['vdc'], configOnly: ['vdd'], changed: [] };
  assert.deepEqual(diskPresence(dom({ pendingDisks: pending }), 'vdc'), { active: true, persistent: true, inLive: true, inSaved: false });
  assert.deepEqual(diskModes(dom(), { target: 'vdb' }), { modes: ['both', 'live', 'persistent'], limit: null });
  assert.deepEqual(diskModes(dom({ pendingDisks: pending }), { target: 'vdc' }), { modes: ['live'], limit: 'liveOnly' });
  assert.deepEqual(diskModes(dom({ pendingDisks: pending }), { target: 'vdd' }), { modes: ['persistent'], limit: 'configOnly' });
  assert.deepEqual(diskModes(dom({ state: 'paused' }), { target: 'vdb' }).modes, ['both', 'live', 'persistent'], 'paused is active');
  assert.deepEqual(diskModes(dom({ state: 'shutoff' }), { target: 'vdb' }), { modes: ['persistent'], limit: 'notRunning' });
  assert.deepEqual(diskModes(dom({ persistent: false }), { target: 'vdb' }), { modes: ['live'], limit: 'transient' });
  assert.deepEqual(diskModes(dom(), { target: 'sda', bus: 'sata' }, { hotplug: true }), { modes: ['persistent'], limit: 'noHotplug' });
  assert.deepEqual(diskModes(dom(), { target: 'sda', bus: 'sata' }).modes, ['both', 'live', 'persistent'], 'media and limits need no hot-plug');
  assert.deepEqual(diskModes(dom({ state: 'shutoff' }), { target: 'sda', bus: 'sata' }, { hotplug: true }), { modes: ['persistent'], limit: 'notRunning' });
});

test('defaultAttachBus: among the buses the VM offers for the device', () => {
  assert.equal(defaultAttachBus('cdrom', undefined, true), 'scsi');
  assert.equal(defaultAttachBus('cdrom', undefined, false), 'sata');
  assert.equal(defaultAttachBus('cdrom', { buses: ['virtio', 'sata', 'usb'], usbController: false }, true), 'sata');
  assert.equal(defaultAttachBus('disk', { buses: ['scsi', 'sata'], usbController: false }, true), 'scsi');
  assert.equal(defaultAttachBus('lun', { buses: ['virtio'], usbController: false }, true), 'scsi');
});
