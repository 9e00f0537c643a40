import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
