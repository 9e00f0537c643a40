import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml } from '../xml.ts';
import { retargetFileDisk } from './domain-disk-source.ts';

const XML = `<domain type='kvm'>
  <name>vm &amp; co</name>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/p/top.qcow2' index='3'/>
      <backingStore type='file' index='1'><format type='qcow2'/><source file='/p/base.qcow2'/><backingStore/></backingStore>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/p/data.raw'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
  </devices>
</domain>
`;

test('the disk at the target reads the new file and format, its old backingStore gone; the rest unchanged', () => {
  const out = retargetFileDisk(XML, 'vda', "/q/it's & new.raw", 'raw');
  const disks = (parseXml(out)['domain'] as { devices: { disk: Array<Record<string, unknown>> } }).devices.disk;
  assert.equal((disks[0]!['source'] as Record<string, string>)['@file'], "/q/it's & new.raw");
  assert.equal((disks[0]!['source'] as Record<string, string>)['@index'], undefined);
  assert.equal((disks[0]!['driver'] as Record<string, string>)['@type'], 'raw');
  assert.equal(disks[0]!['backingStore'], undefined);
  assert.equal((disks[1]!['source'] as Record<string, string>)['@file'], '/p/data.raw');
  assert.match(out, /<name>vm &amp; co<\/name>/);
});

test('no such disk, or not a file disk: refused', () => {
  assert.throws(() => retargetFileDisk(XML, 'vdz', '/x', 'raw'), /no disk vdz/);
  assert.throws(() => retargetFileDisk(XML.replace("disk type='file' device='disk'>\n      <driver name='qemu' type='raw'", "disk type='block' device='disk'>\n      <driver name='qemu' type='raw'"), 'vdb', '/x', 'raw'), /not a file disk/);
});
