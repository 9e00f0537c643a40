import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLabel, checkMountOptions, checkMountpoint, checkResolvedMountpoint } from './mount.ts';

test('mountpoints: absolute, plain, no shell or fstab metacharacters', () => {
  for (const ok of ['/mnt/data', '/srv/数据', '/mnt/a.b_c-d+e@f:g,h=i']) assert.equal(checkMountpoint(ok), null, ok);
  const key = (p: string) => checkMountpoint(p)?.key;
  assert.equal(key('mnt/data'), 'relative');
  assert.equal(key('/mnt/../etc'), 'dots');
  assert.equal(key('/mnt/./x'), 'dots');
  assert.equal(key('/mnt//x'), 'slashes');
  assert.equal(key('/mnt/x/'), 'slashes');
  for (const bad of ['/mnt/$(x)', '/mnt/a;b', "/mnt/it's", '/mnt/a`b`', '/mnt/a|b', '/mnt/a\\b']) assert.equal(key(bad), 'chars', bad);
  assert.equal(checkMountpoint('/mnt/$(x)')?.values?.char, '$');
  assert.equal(key('/mnt/a b'), 'space');
  assert.match(checkMountpoint('/mnt/a b')?.message ?? '', /a space/);
});

test('mountpoints: an invisible character is named, not called a space', () => {
  for (const [mp, name] of [
    ['/mnt/a\nb', 'U+000A (LINE FEED)'],
    ['/mnt/a\rb', 'U+000D (CARRIAGE RETURN)'],
    ['/mnt/a\tb', 'U+0009 (CHARACTER TABULATION)'],
    ['/mnt/a\u2028b', 'U+2028 (LINE SEPARATOR)'],
    ['/mnt/a\u00a0b', 'U+00A0 (NO-BREAK SPACE)'],
    ['/mnt/a\u200bb', 'U+200B (ZERO WIDTH SPACE)'],
  ] as const) {
    const c = checkMountpoint(mp);
    assert.equal(c?.key, 'invisible', JSON.stringify(mp));
    assert.equal(c?.values?.char, name);
    assert.ok(c?.message.includes(name), c?.message);
    assert.doesNotMatch(c?.message ?? '', /space:/);
    // The path in the message shows the character as an escape, not as a line break.
    assert.doesNotMatch(c?.values?.path ?? '', /[\n\r\t\u2028\u00a0\u200b]/);
  }
});

test('mountpoints: nothing inside the system trees, the same for host and guest', () => {
  const key = (p: string) => checkMountpoint(p)?.key;
  for (const sys of ['/', '/etc', '/usr', '/boot', '/var', '/opt', '/lib64']) assert.equal(key(sys), 'protected', sys);
  for (const [mp, tree] of [
    ['/usr/lib', '/usr'],
    ['/usr/local', '/usr'],
    ['/proc/self', '/proc'],
    ['/etc/ssh', '/etc'],
    ['/root/.ssh', '/root'],
    ['/var/lib/mysql', '/var'],
    ['/var/lib/libvirt/images', '/var'],
    ['/lib/modules', '/lib'],
    ['/libx32/x', '/libx32'],
    ['/sys/fs/cgroup', '/sys'],
    ['/dev/shm', '/dev'],
    ['/run/user/0', '/run'],
    ['/run/spindle/mnt', '/run'],
    ['/opt/app', '/opt'],
    ['/bin/x', '/bin'],
    ['/sbin/x', '/sbin'],
    ['/boot/efi', '/boot'],
  ] as const) {
    const c = checkMountpoint(mp);
    assert.equal(c?.key, 'system', mp);
    assert.equal(c?.values?.tree, tree, mp);
    assert.match(c?.message ?? '', new RegExp(`inside ${tree}\\b`));
  }
  for (const [mp, k] of [
    ['/home', 'shared'],
    ['/tmp', 'shared'],
    ['/home/alice', 'shared'],
    ['/var/home/alice', 'shared'],
    ['/home/alice/.ssh', 'hidden'],
    ['/tmp/.X11-unix', 'hidden'],
    ['/mnt/.snapshots', 'hidden'],
  ] as const) {
    assert.equal(key(mp), k, mp);
  }
  for (const ok of ['/mnt', '/mnt/x', '/media/usb', '/srv', '/srv/data', '/run/spindle/mnt/img-1', '/home/alice/data', '/tmp/scratch', '/data', '/var/mnt/x', '/run/media/alice/usb']) {
    assert.equal(checkMountpoint(ok), null, ok);
  }
});

test('mountpoints: a symbolic link is judged where it leads', () => {
  assert.equal(checkResolvedMountpoint('/mnt/x', '/mnt/x'), null);
  assert.equal(checkResolvedMountpoint('/mnt/x', '/srv/data'), null);
  assert.equal(checkResolvedMountpoint('/mnt/x', '/var/mnt/x'), null, 'CoreOS: /mnt is a link to /var/mnt');
  const via = checkResolvedMountpoint('/mnt/x', '/usr/lib');
  assert.equal(via?.key, 'symlink');
  assert.deepEqual(via?.values, { path: '/mnt/x', target: '/usr/lib' });
  assert.match(via?.message ?? '', /\/mnt\/x leads to \/usr\/lib through a symbolic link\. \/usr\/lib is inside \/usr/);
});

test('mount options: one per item, name or name=value, no contradictions', () => {
  assert.equal(checkMountOptions([]), null);
  assert.equal(checkMountOptions(['ro', 'noatime', 'discard', 'nofail', 'commit=60', 'uid=1000', 'x-systemd.device-timeout=5s']), null);
  for (const bad of ['ro,rw', 'a b', 'x=$(id)', 'x;y', "o='q'", '', '-o', 'errors=remount ro']) assert.equal(checkMountOptions([bad])?.key, 'option', bad);
  assert.equal(checkMountOptions(['ro', 'rw'])?.key, 'roRw');
  assert.equal(checkMountOptions(['relatime', 'noatime'])?.key, 'relatime');
});

test('labels: per filesystem length and characters', () => {
  assert.equal(checkLabel('ext4', 'data'), null);
  assert.equal(checkLabel('ext4', 'x'.repeat(17))?.key, 'labelLong');
  assert.equal(checkLabel('xfs', 'x'.repeat(13))?.key, 'labelLong');
  assert.equal(checkLabel('vfat', 'data')?.key, 'labelVfat');
  assert.equal(checkLabel('vfat', 'DATA'), null);
  assert.equal(checkLabel('btrfs', 'a;b')?.key, 'labelChars');
});
