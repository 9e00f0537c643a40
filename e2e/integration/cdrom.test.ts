// CD-ROM media on the real libvirtd: a drive added with an ISO, the disc
// changed, ejected, and the drive removed again (on the shut-off test VM).
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { bedTest, cliWithLocalHost } from './fixtures.ts';
import { cli, virsh } from './testbed.ts';

bedTest('cdrom insert / change / eject', async (s) => {
  const { bed } = s;
  await cliWithLocalHost(s);
  const isoA = '/var/lib/spindle-testbed/disc a.iso';
  const isoB = "/var/lib/spindle-testbed/disc 'b'.iso";
  s.defer(() => {
    rmSync(isoA, { force: true });
    rmSync(isoB, { force: true });
  });
  writeFileSync(isoA, Buffer.alloc(2048));
  writeFileSync(isoB, Buffer.alloc(2048));
  let target = '';
  s.defer(() => target && virsh(bed, 'detach-disk', bed.shutoffVm, target, '--config'));
  const h = ['--host', 'local', '--vm', bed.shutoffVm];
  const none = await cli(['cdrom', 'insert', ...h, '--iso', isoA]);
  assert.equal(none.code, 1);
  assert.match(none.err, /has no CD-ROM drive/);

  const add = await cli(['disk', 'attach', ...h, '--iso', isoA, '--json']);
  assert.equal(add.code, 0, add.err);
  target = (JSON.parse(add.out).disks as Array<{ target: string; device: string }>).find((d) => d.device === 'cdrom')?.target ?? '';
  assert.equal(target, 'sda', 'first free sd* target, on the SATA bus');
  const xml = () => virsh(bed, 'dumpxml', '--inactive', bed.shutoffVm);
  assert.match(xml(), /<source file='\/var\/lib\/spindle-testbed\/disc a\.iso'/);

  const change = await cli(['cdrom', 'insert', ...h, '--iso', isoB]);
  assert.equal(change.code, 0, change.err);
  assert.match(xml(), /<source file="\/var\/lib\/spindle-testbed\/disc 'b'\.iso"|<source file='\/var\/lib\/spindle-testbed\/disc &apos;b&apos;\.iso'/);

  const eject = await cli(['cdrom', 'eject', ...h]);
  assert.equal(eject.code, 0, eject.err);
  assert.doesNotMatch(xml(), /disc .?b.?\.iso/);
  const again = await cli(['cdrom', 'eject', ...h]);
  assert.equal(again.code, 1);
  assert.match(again.err, /already empty/);
});
