// The wizards' answers and the requests they make (no DOM): attach and new volume.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Domain, Pool } from '../../../shared/contract/models.ts';
import type { AttachChoices } from '../../../shared/contract/features/disks.ts';
import { defaultBus } from '../../../shared/core/domain-rules.ts';
import { attachRequest, initialAttachForm, networkProtocol, withAttachChange, withChoices } from './attach-form.ts';
import { detachModes } from './disk-lookup.ts';
import { emptyVolumeForm, freeVolumeName, toCreateRequest, validateVolume, withVolumeChange } from '../volumes/volume-form.ts';

const pool: Pool = {
  name: 'p',
  uuid: 'u',
  type: 'dir',
  active: true,
  autostart: true,
  capacity: 10 * 2 ** 30,
  allocation: 0,
  available: 2 ** 30,
  targetPath: '/p',
  volumes: [{ name: 'base.qcow2', pool: 'p', key: '/p/base.qcow2', path: '/p/base.qcow2', format: 'qcow2', capacity: 64 * 2 ** 20, allocation: 0, backingChain: [] }],
};
const dom: Domain = { name: 'vm', uuid: 'x', state: 'running', vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks: [] };
const choices: AttachChoices = { buses: ['virtio', 'scsi', 'sata', 'usb'], devices: ['disk', 'cdrom', 'lun'], usbController: false, osBootOrder: false, nextTargets: { virtio: 'vdc', scsi: 'sda', sata: 'sda', usb: 'sda' }, running: true };

test('attach: choices fill target and mode; SATA on a running VM is persistent only; the target follows the bus until edited', () => {
  let f = withChoices(initialAttachForm(emptyVolumeForm('p', 'n.qcow2'), 'p'), choices);
  assert.equal(f.target, 'vdc');
  assert.equal(f.mode, 'both');
  f = withAttachChange(f, { bus: 'sata' }, choices);
  assert.equal(f.target, 'sda');
  assert.equal(f.mode, 'persistent');
  f = withAttachChange(f, { target: 'sdq' }, choices);
  f = withAttachChange(f, { bus: 'scsi' }, choices);
  assert.equal(f.target, 'sdq', 'an edited target stays');
  assert.equal(f.mode, 'both');
});

test('attach: an ISO makes a read-only CD-ROM off virtio; leaving it clears read-only', () => {
  let f = withChoices(initialAttachForm(emptyVolumeForm('p', 'n.qcow2'), 'p'), choices);
  f = withAttachChange(f, { sourceKind: 'iso', isoPath: '/isos/a.iso' }, choices);
  assert.equal(f.device, 'cdrom');
  assert.notEqual(f.bus, 'virtio');
  assert.equal(f.readonly, true);
  f = withAttachChange(f, { sourceKind: 'file' }, choices);
  assert.equal(f.device, 'disk');
  assert.equal(f.readonly, false);
});

test('attach: the request carries only what was chosen', () => {
  let f = withChoices(initialAttachForm(emptyVolumeForm('p', 'n.qcow2'), 'p'), choices);
  f = withAttachChange(f, { sourceKind: 'new-volume' }, choices);
  f = { ...f, newVolume: withVolumeChange(f.newVolume, { capacity: '1G' }) };
  assert.deepEqual(attachRequest(dom, f, [pool]), {
    domain: 'vm',
    source: { kind: 'new-volume', volume: { pool: 'p', name: 'n.qcow2', capacityBytes: 2 ** 30, format: 'qcow2', allocation: 'sparse' } },
    device: 'disk',
    bus: 'virtio',
    target: 'vdc',
    mode: 'both',
  });
  f = withAttachChange(f, { sourceKind: 'file', filePath: '/x/y.img', format: 'raw', cache: 'none', serial: ' S1 ', bootOrder: '2' }, choices);
  const r = attachRequest(dom, f, [pool]);
  assert.deepEqual(r?.source, { kind: 'file', path: '/x/y.img' });
  assert.equal(r?.format, 'raw');
  assert.deepEqual(r?.options, { cache: 'none', serial: 'S1', bootOrder: 2 });
  assert.equal(attachRequest(dom, { ...f, bootOrder: 'x' }, [pool]), null);
});

test('new volume: live checks, consistent answers, and the request', () => {
  const f = emptyVolumeForm('p', 'base.qcow2');
  assert.equal(validateVolume(f, [pool]).name, 'wizard.volume.nameTaken');
  assert.equal(validateVolume({ ...f, name: 'a/b' }, [pool]).name, 'validation.nameSlash');
  assert.equal(validateVolume({ ...f, name: 'ok', capacity: 'lots' }, [pool]).capacity, 'wizard.volume.capacityInvalid');
  assert.equal(validateVolume({ ...f, name: 'ok', capacity: '2G', allocation: 'full' }, [pool]).capacity, 'wizard.volume.doesNotFit');
  assert.equal(validateVolume({ ...f, name: 'ok', capacity: '2G' }, [pool]).capacity, undefined, 'sparse may overcommit');
  assert.equal(validateVolume({ ...f, name: 'ok', capacity: '32M', backing: 'base.qcow2' }, [pool]).backing, 'wizard.volume.smallerThanBacking');
  assert.equal(validateVolume({ ...f, name: 'ok', encrypt: true, passphrase: 'a', confirm: 'b' }, [pool]).confirm, 'wizard.volume.passphraseMismatch');
  const raw = withVolumeChange({ ...f, allocation: 'metadata', backing: 'base.qcow2' }, { format: 'raw' });
  assert.equal(raw.allocation, 'sparse');
  assert.equal(raw.backing, '');
  assert.deepEqual(toCreateRequest({ ...f, name: 'ok', capacity: '128M', backing: 'base.qcow2', encrypt: true, passphrase: 'pw', confirm: 'pw' }), {
    pool: 'p',
    name: 'ok',
    capacityBytes: 128 * 2 ** 20,
    format: 'qcow2',
    allocation: 'sparse',
    backingVolume: 'base.qcow2',
    encryption: 'luks',
  });
  assert.equal(freeVolumeName(pool, 'base', 'qcow2'), 'base-2.qcow2');
});

test('attach: the CD-ROM bus is the rule\'s (the backend planner uses the same), SCSI on a running VM, SATA on a stopped one', () => {
  let f = withChoices(initialAttachForm(emptyVolumeForm('p', 'n.qcow2'), 'p'), choices);
  f = withAttachChange(f, { sourceKind: 'iso', isoPath: '/isos/a.iso' }, choices);
  assert.equal(f.bus, defaultBus('cdrom', choices.buses, true));
  assert.equal(f.bus, 'scsi');
  assert.equal(f.mode, 'both');
  const off = { ...choices, running: false };
  let g = withChoices(initialAttachForm(emptyVolumeForm('p', 'n.qcow2'), 'p'), off);
  g = withAttachChange(g, { sourceKind: 'iso', isoPath: '/isos/a.iso' }, off);
  assert.equal(g.bus, 'sata');
  assert.equal(g.mode, 'persistent');
});

test('attach: a transient VM takes live changes only', () => {
  const f = withChoices(initialAttachForm(emptyVolumeForm('p', 'n.qcow2'), 'p'), choices, false);
  assert.equal(f.mode, 'live');
  assert.equal(withAttachChange(f, { mode: 'both' }, choices, false).mode, 'live');
});

test('detach: modes by where the disk is; the one-sided ones say only where it is', () => {
  const disk = (target: string, bus = 'virtio') => ({ target, bus, device: 'disk', source: { type: 'file', file: `/p/${target}` }, sourceLabel: `/p/${target}`, readonly: false, shareable: false, backingChain: [] });
  const vm: Domain = { ...dom, disks: [disk('vda'), disk('vdc'), disk('sda', 'sata')], pendingDisks: { liveOnly: ['vdc'], configOnly: ['vdd'], changed: [] } };
  assert.deepEqual(detachModes(vm, 'vda', vm.disks[0]), { allowed: ['both', 'live', 'persistent'], initial: 'both', reasonKey: null, reasonIsHelp: false });
  assert.deepEqual(detachModes(vm, 'vdc', vm.disks[1]), { allowed: ['live'], initial: 'live', reasonKey: 'wizard.detach.liveOnly', reasonIsHelp: true });
  assert.deepEqual(detachModes(vm, 'vdd', undefined), { allowed: ['persistent'], initial: 'persistent', reasonKey: 'wizard.detach.configOnly', reasonIsHelp: true });
  assert.deepEqual(detachModes(vm, 'sda', vm.disks[2]), { allowed: ['persistent'], initial: 'persistent', reasonKey: 'wizard.mode.noHotplugReason', reasonIsHelp: false });
  assert.deepEqual(detachModes({ ...vm, state: 'shutoff', pendingDisks: undefined }, 'vda', vm.disks[0]).allowed, ['persistent']);
  assert.deepEqual(detachModes({ ...vm, persistent: false, pendingDisks: undefined }, 'vda', vm.disks[0]), { allowed: ['live'], initial: 'live', reasonKey: 'wizard.detach.transient', reasonIsHelp: false });
});

test('attach: a volume of an rbd or iscsi-direct pool is announced as a network disk; the request still names the pool volume (the backend builds the XML)', () => {
  const rbd: Pool = { ...pool, name: 'ceph', type: 'rbd', targetPath: undefined, volumes: [{ ...pool.volumes[0]!, name: 'img', pool: 'ceph', path: 'rbd/img', format: 'raw' }] };
  const lun: Pool = { ...pool, name: 'san', type: 'iscsi-direct', targetPath: undefined, volumes: [] };
  const pools = [pool, rbd, lun];
  const f = withChoices({ ...initialAttachForm(emptyVolumeForm('p', 'n.qcow2'), 'ceph'), volume: 'img' }, choices);
  assert.equal(networkProtocol(f, pools), 'rbd');
  assert.deepEqual(attachRequest(dom, f, pools)?.source, { kind: 'volume', pool: 'ceph', volume: 'img' });
  assert.equal(networkProtocol({ ...f, pool: 'san' }, pools), 'iscsi');
  assert.equal(networkProtocol({ ...f, pool: 'p' }, pools), null);
  assert.equal(networkProtocol({ ...f, sourceKind: 'new-volume', newVolume: emptyVolumeForm('ceph', 'new') }, pools), 'rbd');
  assert.equal(networkProtocol({ ...f, sourceKind: 'file' }, pools), null, 'a file is never a network disk');
});
