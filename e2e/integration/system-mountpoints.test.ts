// Mountpoints inside the system trees are refused for host and guest alike:
// `host mount --mountpoint /usr/lib` as root would hide the host's libraries.
// Places meant for mounts (/mnt, /media, /srv, Spindle's /run/spindle/mnt)
// stay open; a symbolic link into a system tree is followed (readlink -f on
// the host, and in the guest through guest-exec) and refused too; line
// breaks and tabs are named as the characters they are.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { bedTest, cliError, cliWithLocalHost, type CliError } from './fixtures.ts';
import { cli, guestExec } from './testbed.ts';

const refusedError = (args: string[]): Promise<CliError | null> => cliError([...args, '--dry-run']);

const SYSTEM: Array<[string, string]> = [
  ['/usr/lib', '/usr'],
  ['/usr/local', '/usr'],
  ['/proc/self', '/proc'],
  ['/etc/ssh', '/etc'],
  ['/root/.ssh', '/root'],
  ['/var/lib/libvirt/images', '/var'],
  ['/lib/modules', '/lib'],
  ['/boot/efi', '/boot'],
  ['/run/user', '/run'],
  ['/opt/tools', '/opt'],
  // The examples of bug 5 (accepted before it was fixed): refused with the same system-tree message.
  ['/usr/bin', '/usr'],
  ['/var/lib', '/var'],
  ['/proc/x', '/proc'],
  ['/sys/x', '/sys'],
  ['/dev/x', '/dev'],
];

bedTest('host mount: system trees refused (also through a symbolic link), mount places accepted, characters named', async (s) => {
  const { bed } = s;
  await cliWithLocalHost(s);
  const link = `/mnt/spindle-link-${process.pid}`;
  const okTarget = `/srv/spindle-target-${process.pid}`;
  const okLink = `/mnt/spindle-oklink-${process.pid}`;
  s.defer(() => {
    rmSync(link, { force: true });
    rmSync(okLink, { force: true });
    rmSync(okTarget, { recursive: true, force: true });
  });
  const mount = ['host', 'mount', '--host', 'local', '--file', `${bed.poolPath}/data.raw`];
  for (const [mp, tree] of SYSTEM) {
    const e = await refusedError([...mount, '--mountpoint', mp]);
    assert.ok(e, `${mp} must be refused`);
    assert.equal(e.details?.field, 'mountpoint', mp);
    assert.match(e.message, new RegExp(`inside ${tree}\\b`), mp);
    assert.equal(e.message, `${mp} is inside ${tree}, which belongs to the operating system: a filesystem mounted there hides or shadows files it needs. Choose a folder under /mnt, /media or /srv, e.g. /mnt/data.`);
  }
  for (const mp of ['/home', '/tmp', '/home/spindle-test', '/home/spindle-test/.ssh', '/mnt/.hidden']) {
    const e = await refusedError([...mount, '--mountpoint', mp]);
    assert.equal(e?.details?.field, 'mountpoint', `${mp} must be refused`);
  }
  for (const mp of [`/mnt/spindle-ok-${process.pid}`, `/srv/spindle-ok-${process.pid}`, `/media/spindle-ok-${process.pid}`, `/run/spindle/mnt/spindle-ok-${process.pid}`, `/home/spindle-test/image-${process.pid}`, '/mnt']) {
    const r = await cli([...mount, '--mountpoint', mp, '--dry-run']);
    assert.equal(r.code, 0, `${mp}: ${r.err}`);
    assert.ok(r.out.includes(`'${mp}'`), `${mp} is where it mounts`);
  }
  // Characters named as what they are, not "a space" / "not an absolute path".
  for (const [mp, name] of [
    ['/mnt/a\nb', /U\+000A \(LINE FEED\)/],
    ['/mnt/a\rb', /U\+000D \(CARRIAGE RETURN\)/],
    ['/mnt/a\u2028b', /U\+2028 \(LINE SEPARATOR\)/],
    ['/mnt/a\u00a0b', /U\+00A0 \(NO-BREAK SPACE\)/],
    ['/mnt/a\tb', /U\+0009 \(CHARACTER TABULATION\)/],
  ] as const) {
    const e = await refusedError([...mount, '--mountpoint', mp]);
    assert.match(e?.message ?? '', name, JSON.stringify(mp));
    assert.doesNotMatch(e?.message ?? '', /a space/);
  }
  const space = await refusedError([...mount, '--mountpoint', '/mnt/a b']);
  assert.match(space?.message ?? '', /contains a space/);
  const tab = await refusedError(['host', 'mount', '--host', 'local', '--file', '/var/lib/a\tb.img']);
  assert.match(tab?.message ?? '', /U\+0009 \(CHARACTER TABULATION\)/);
  assert.doesNotMatch(tab?.message ?? '', /not an absolute path/);
  assert.equal(tab?.details?.field, 'source');

  // A link into /usr is followed and refused; a link to an allowed place mounts at its target.
  symlinkSync('/usr/lib', link);
  const viaLink = await refusedError([...mount, '--mountpoint', link]);
  assert.ok(viaLink, 'the symbolic link into /usr/lib must be refused');
  assert.match(viaLink.message, /\/usr\/lib/);
  assert.match(viaLink.message, /symbolic link/);
  assert.equal(viaLink.details?.field, 'mountpoint');
  mkdirSync(okTarget);
  symlinkSync(okTarget, okLink);
  const ok = await cli([...mount, '--mountpoint', okLink, '--dry-run']);
  assert.equal(ok.code, 0, ok.err);
  assert.ok(ok.out.includes(`'${okTarget}'`), 'mounted at the link target, as /proc/mounts will show it');
});

bedTest('guest mount: the same rule inside the guest, symbolic links resolved in the guest', async (s) => {
  const { bed } = s;
  await cliWithLocalHost(s);
  const link = `/mnt/spindle-glink-${process.pid}`;
  s.defer(() => {
    try {
      guestExec(bed, '/bin/rm', ['-f', link]);
    } catch {
      /* the guest is gone: nothing to clean */
    }
  });
  // The mountpoint is checked before the device, so a device that cannot be mounted still shows which verdict the mountpoint gets.
  const mount = ['guest', 'mount', '--host', 'local', '--vm', bed.runningVm, '--device', '/dev/vdb', '--mkfs', 'ext4', '--yes-erase', '/dev/vdb'];
  for (const [mp, tree] of SYSTEM) {
    const e = await refusedError([...mount, '--mountpoint', mp]);
    assert.equal(e?.details?.field, 'mountpoint', `${mp} must be refused`);
    assert.match(e?.message ?? '', new RegExp(`inside ${tree}\\b`), mp);
  }
  for (const mp of ['/mnt/data', '/srv/data', '/media/usb', '/data']) {
    const e = await refusedError([...mount, '--mountpoint', mp]);
    assert.notEqual(e?.details?.field, 'mountpoint', `${mp}: ${e?.message ?? ''}`);
  }
  const lf = await refusedError([...mount, '--mountpoint', '/mnt/a\nb']);
  assert.match(lf?.message ?? '', /U\+000A \(LINE FEED\)/);
  // A symbolic link made inside the guest, pointing into /usr.
  guestExec(bed, '/bin/ln', ['-s', '/usr/lib', link]);
  const viaLink = await refusedError([...mount, '--mountpoint', link]);
  assert.equal(viaLink?.details?.field, 'mountpoint', `${link} -> /usr/lib must be refused`);
  assert.match(viaLink?.message ?? '', /symbolic link.*\/usr\/lib|\/usr\/lib.*symbolic link/);
});
