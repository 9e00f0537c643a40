import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBlkInfo } from './inventory.ts';
import { parseDomainXml, slimDomainXml } from './parse-domain.ts';

const XML = `<domain type='kvm' id='7'>
  <name>db &amp; cache</name>
  <uuid>00000000-0000-0000-0000-000000000001</uuid>
  <metadata><app:x xmlns:app="urn:x"><disk>not a disk</disk></app:x></metadata>
  <memory unit='GiB'>2</memory>
  <vcpu placement='static'>4</vcpu>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='block' device='lun'>
      <driver name='qemu' type='raw' cache='none' io='native' discard='unmap' detect_zeroes='unmap'/>
      <source dev='/dev/disk/by-id/wwn-0x5000'/>
      <target dev='sda' bus='scsi'/>
      <shareable/>
      <serial>SER 1</serial>
      <boot order='2'/>
    </disk>
    <interface type='network'><source network='default'/></interface>
    <disk type='network' device='disk'>
      <driver name='qemu' type='raw'/>
      <source protocol='rbd' name='pool/img'><host name='mon1' port='6789'/><host name='mon2'/></source>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <disk type='volume' device='cdrom'>
      <source pool='isos' volume='debian.iso'/>
      <target dev='sdb' bus='sata'/>
      <readonly/>
    </disk>
  </devices>
</domain>`;

test('slimming keeps the facts and the disks, drops metadata and other devices', () => {
  const slim = slimDomainXml(XML);
  assert.doesNotMatch(slim, /metadata|interface|emulator/);
  assert.equal((slim.match(/<disk /g) ?? []).length, 3);
  assert.deepEqual(parseDomainXml(slim, { state: 'running', autostart: true, persistent: true }), parseDomainXml(XML, { state: 'running', autostart: true, persistent: true }));
});

test('every disk option and source type', () => {
  const d = parseDomainXml(XML, { state: 'running', autostart: true, persistent: false });
  assert.equal(d.name, 'db & cache');
  assert.equal(d.memoryKiB, 2 * 1024 * 1024);
  assert.equal(d.vcpus, 4);
  assert.equal(d.id, 7);
  const [lun, rbd, cd] = d.disks;
  assert.deepEqual(
    { ...lun, source: undefined },
    {
      target: 'sda', device: 'lun', source: undefined, sourceLabel: '/dev/disk/by-id/wwn-0x5000', readonly: false, shareable: true, backingChain: [],
      bus: 'scsi', format: 'raw', driverName: 'qemu', cache: 'none', io: 'native', discard: 'unmap', detectZeroes: 'unmap', serial: 'SER 1', bootOrder: 2,
    },
  );
  assert.deepEqual(rbd?.source, { type: 'network', protocol: 'rbd', name: 'pool/img', hosts: [{ name: 'mon1', port: '6789' }, { name: 'mon2' }] });
  assert.equal(rbd?.sourceLabel, 'rbd:pool/img');
  assert.equal(cd?.sourceLabel, 'isos/debian.iso');
  assert.equal(cd?.readonly, true);
});

test('domblkinfo output', () => {
  assert.deepEqual(parseBlkInfo('Capacity:       67108864\nAllocation:     200704\nPhysical:       196616\n\n'), { capacity: 67108864, allocation: 200704, physical: 196616 });
  assert.deepEqual(parseBlkInfo(''), {});
});
