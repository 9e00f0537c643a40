// Parsers on output recorded on the test bed: a guest without udev (lsblk
// sees no filesystems, blkid does), libvirt's vdj and vdk hot-plugged and
// named vdc and vdd by the guest, vdd partitioned with busybox fdisk.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseDiskAddresses } from './agent.ts';
import { parseBlkidExport, parseFstab, parseLsblk, parseMkfsProbe, targetsFromAgentDisks } from './blockdevs.ts';

const dir = new URL('./testdata/', import.meta.url);
const read = (f: string) => readFileSync(new URL(f, dir), 'utf8');

test('lsblk: devices, partitions under their disk, mountpoints, nothing invented', () => {
  const devs = parseLsblk(read('lsblk.json'));
  assert.deepEqual(
    devs.map((d) => [d.path, d.kind, d.sizeBytes, d.parent ?? '', d.mountpoints.join(','), d.hasChildren]),
    [
      ['/dev/vda', 'disk', 67108864, '', '', false],
      ['/dev/vdb', 'disk', 33554432, '', '', false],
      ['/dev/vdc', 'disk', 67108864, '', '/mnt/rec', false],
      ['/dev/vdd', 'disk', 33554432, '', '', true],
      ['/dev/vdd1', 'part', 16777216, '/dev/vdd', '', false],
      ['/dev/vdd2', 'part', 16744960, '/dev/vdd', '', false],
    ],
  );
  assert.ok(devs.every((d) => d.fsType === undefined), 'without udev lsblk reports no filesystem types');
});

test('blkid -o export fills in types, UUIDs and labels', () => {
  const sig = parseBlkidExport(read('blkid-export.txt'));
  assert.equal(sig.get('/dev/vdc')?.TYPE, 'ext4');
  assert.equal(sig.get('/dev/vdc')?.LABEL, 'recdata');
  assert.match(sig.get('/dev/vdd1')?.UUID ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(sig.has('/dev/vdb'), false);
  assert.equal(parseBlkidExport('DEVNAME=/dev/sda\nLABEL=my\\ disk\nTYPE=vfat\n').get('/dev/sda')?.LABEL, 'my disk');
});

test('guest-get-disks addresses give the VM target, partitions inherit their disk', () => {
  const disks = (JSON.parse(read('guest-get-disks.json')) as { return: Parameters<typeof targetsFromAgentDisks>[0] }).return;
  const t = targetsFromAgentDisks(disks, parseDiskAddresses(read('domain.xml')));
  assert.equal(t.get('/dev/vda'), 'vda');
  assert.equal(t.get('/dev/vdb'), 'vdb');
  assert.equal(t.get('/dev/vdc'), 'vdj', "the guest's vdc is libvirt's vdj");
  assert.equal(t.get('/dev/vdd'), 'vdk');
  assert.equal(t.get('/dev/vdd1'), 'vdk');
});

test('fstab and the mkfs probe', () => {
  const f = parseFstab('# comment\n\nUUID=abc /mnt/my\\040data ext4 noatime,nofail 0 2\n/dev/vda / ext4 defaults 0 1\nproc /proc proc\n');
  assert.deepEqual(f[0], { spec: 'UUID=abc', file: '/mnt/my data', vfstype: 'ext4', options: 'noatime,nofail', line: 3 });
  assert.equal(f.length, 3);
  assert.deepEqual(parseMkfsProbe('/usr/sbin/mkfs.ext4\n/sbin/mkfs.fat\n'), ['ext4', 'vfat']);
});
