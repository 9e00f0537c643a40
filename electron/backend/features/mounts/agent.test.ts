import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchAgentDisk, parseDiskAddresses, parseFsInfo } from './agent.ts';

// Recorded on the test bed: libvirt's vdf (PCI bus 6) is the guest's /dev/vdc,
// because vdc was hot-plugged after another disk had come and gone.
const FSINFO =
  '{"return":[{"name":"vdc","total-bytes":52685824,"mountpoint":"/mnt/probe","disk":[{"bus-type":"virtio","bus":0,"unit":0,"pci-controller":{"bus":6,"slot":0,"domain":0,"function":0},"dev":"/dev/vdc","target":0}],"used-bytes":14336,"type":"ext4"},' +
  '{"name":"vdb1","total-bytes":1000,"mountpoint":"/srv","disk":[{"bus-type":"virtio","bus":0,"unit":0,"pci-controller":{"bus":5,"slot":0,"domain":0,"function":0},"dev":"/dev/vdb","target":0}],"used-bytes":10,"type":"xfs"}]}';
const DOMAIN = `<domain type='qemu'><devices>
  <disk type='file' device='disk'><target dev='vda' bus='virtio'/><address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/></disk>
  <disk type='file' device='disk'><target dev='vdb' bus='virtio'/><address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/></disk>
  <disk type='file' device='disk'><target dev='vdf' bus='virtio'/><serial>DATA-1</serial><address type='pci' domain='0x0000' bus='0x06' slot='0x00' function='0x0'/></disk>
</devices></domain>`;

test('guest filesystems are matched to VM disks by PCI address, not by guest name', () => {
  const disks = parseDiskAddresses(DOMAIN);
  assert.deepEqual(disks[2], { target: 'vdf', serial: 'DATA-1', pci: { domain: 0, bus: 6, slot: 0, function: 0 } });
  const fs = parseFsInfo(FSINFO, disks);
  assert.deepEqual(fs[0], { mountpoint: '/mnt/probe', type: 'ext4', device: '/dev/vdc', targets: ['vdf'], usedBytes: 14336, totalBytes: 52685824 });
  // A partition: the filesystem's own device, and the disk under it.
  assert.equal(fs[1]?.device, '/dev/vdb1');
  assert.equal(fs[1]?.parentDevice, '/dev/vdb');
  assert.deepEqual(fs[1]?.targets, ['vdb']);
});

test('serial first, guest device name last', () => {
  const disks = parseDiskAddresses(DOMAIN);
  assert.equal(matchAgentDisk({ serial: 'DATA-1', 'bus-type': 'virtio', 'pci-controller': { domain: 0, bus: 3, slot: 0, function: 0 } }, disks), 'vdf');
  assert.equal(matchAgentDisk({ 'bus-type': 'scsi', dev: '/dev/vdb' }, disks), 'vdb');
  assert.equal(matchAgentDisk({ 'bus-type': 'scsi', dev: '/dev/sdz' }, disks), undefined);
});
