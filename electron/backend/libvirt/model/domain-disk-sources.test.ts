import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { parseXml, children, child, attr } from '../xml.ts';
import { retargetDiskSources } from './domain-disk-sources.ts';

const XML = `<domain type='qemu'>
  <name>a &amp; b</name>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/p/vm-vda.s1' index='2'/>
      <backingStore type='file'>
        <format type='qcow2'/>
        <source file='/p/vm-vda.qcow2'/>
      </backingStore>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/p/data.raw'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
  </devices>
</domain>`;

describe('retargetDiskSources', () => {
  it('points only the named disk at the new file, drops its backingStore and runtime index, keeps the rest', () => {
    const out = retargetDiskSources(XML, new Map([['vda', "/p/vm-vda.revert-s1 'x'.qcow2"]]));
    const disks = children(child(parseXml(out).domain, 'devices'), 'disk');
    assert.equal(attr(child(disks[0], 'source'), 'file'), "/p/vm-vda.revert-s1 'x'.qcow2");
    assert.equal(attr(child(disks[0], 'source'), 'index'), undefined);
    assert.equal(child(disks[0], 'backingStore'), undefined);
    assert.equal(attr(child(disks[1], 'source'), 'file'), '/p/data.raw');
    assert.equal(attr(child(disks[1], 'driver'), 'type'), 'raw');
    assert.ok(out.includes('<name>a &amp; b</name>'), out);
  });
  it('refuses a target the domain does not have', () => {
    assert.throws(() => retargetDiskSources(XML, new Map([['vdz', '/x']])), /vdz/);
  });
});

// A format other than qcow2 (the block jobs: a move to raw, a commit down into a raw base).
const BLOCKJOB_XML = `<domain type='kvm'>
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
  const out = retargetDiskSources(BLOCKJOB_XML, new Map([['vda', { file: "/q/it's & new.raw", format: 'raw' }]]));
  const disks = (parseXml(out)['domain'] as { devices: { disk: Array<Record<string, unknown>> } }).devices.disk;
  assert.equal((disks[0]!['source'] as Record<string, string>)['@file'], "/q/it's & new.raw");
  assert.equal((disks[0]!['source'] as Record<string, string>)['@index'], undefined);
  assert.equal((disks[0]!['driver'] as Record<string, string>)['@type'], 'raw');
  assert.equal(disks[0]!['backingStore'], undefined);
  assert.equal((disks[1]!['source'] as Record<string, string>)['@file'], '/p/data.raw');
  assert.match(out, /<name>vm &amp; co<\/name>/);
});

test('no such disk, or not a file disk: refused', () => {
  assert.throws(() => retargetDiskSources(BLOCKJOB_XML, new Map([['vdz', { file: '/x', format: 'raw' }]])), /no file disk with target vdz/);
  assert.throws(() => retargetDiskSources(BLOCKJOB_XML.replace("disk type='file' device='disk'>\n      <driver name='qemu' type='raw'", "disk type='block' device='disk'>\n      <driver name='qemu' type='raw'"), new Map([['vdb', { file: '/x', format: 'raw' }]])), /not a file disk/);
});
