import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMsg, type Msg } from '../../core/messages.ts';
import { agentChannelModes, checkLabel, checkMountOptions, checkMountpoint, checkResolvedMountpoint, goneAtShutdown, isSystemMountpoint, notFilesystem } from './mounts.ts';

test('mountpoints: absolute, plain, no shell or fstab metacharacters', () => {
  for (const ok of ['/mnt/data', '/srv/数据', '/mnt/a.b_c-d+e@f:g,h=i']) assert.equal(checkMountpoint(ok), null, ok);
  const key = (p: string) => checkMountpoint(p)?.key.replace('mounts.check.', '');
  assert.equal(key('mnt/data'), 'relative');
  assert.equal(key('/mnt/../etc'), 'dots');
  assert.equal(key('/mnt/./x'), 'dots');
  assert.equal(key('/mnt//x'), 'slashes');
  assert.equal(key('/mnt/x/'), 'slashes');
  for (const bad of ['/mnt/$(x)', '/mnt/a;b', "/mnt/it's", '/mnt/a`b`', '/mnt/a|b', '/mnt/a\\b']) assert.equal(key(bad), 'chars', bad);
  assert.equal(checkMountpoint('/mnt/$(x)')?.params?.char, '$');
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
    assert.equal(c?.key, 'mounts.check.invisible', JSON.stringify(mp));
    assert.equal(renderMsg(c?.params?.char as Msg), name);
    assert.ok(c?.message.includes(name), c?.message);
    assert.doesNotMatch(c?.message ?? '', /space:/);
    // The path in the message shows the character as an escape, not as a line break.
    assert.doesNotMatch(String(c?.params?.path ?? ''), /[\n\r\t\u2028\u00a0\u200b]/);
  }
});

test('mountpoints: nothing inside the system trees, the same for host and guest', () => {
  const key = (p: string) => checkMountpoint(p)?.key.replace('mounts.check.', '');
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
    assert.equal(c?.key, 'mounts.check.system', mp);
    assert.equal(c?.params?.tree, tree, mp);
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
  assert.equal(via?.key, 'mounts.check.symlink');
  assert.deepEqual(via?.params, { path: '/mnt/x', target: '/usr/lib', problem: { key: 'mounts.check.system', params: { path: '/usr/lib', tree: '/usr' } } });
  assert.match(via?.message ?? '', /\/mnt\/x leads to \/usr\/lib through a symbolic link\. \/usr\/lib is inside \/usr/);
});

test('mount options: one per item, name or name=value, no contradictions', () => {
  assert.equal(checkMountOptions([]), null);
  assert.equal(checkMountOptions(['ro', 'noatime', 'discard', 'nofail', 'commit=60', 'uid=1000', 'x-systemd.device-timeout=5s']), null);
  for (const bad of ['ro,rw', 'a b', 'x=$(id)', 'x;y', "o='q'", '', '-o', 'errors=remount ro']) assert.equal(checkMountOptions([bad])?.key, 'mounts.check.option', bad);
  assert.equal(checkMountOptions(['ro', 'rw'])?.key, 'mounts.check.roRw');
  assert.equal(checkMountOptions(['relatime', 'noatime'])?.key, 'mounts.check.relatime');
});

test('labels: per filesystem length and characters', () => {
  assert.equal(checkLabel('ext4', 'data'), null);
  assert.equal(checkLabel('ext4', 'x'.repeat(17))?.key, 'mounts.check.labelLong');
  assert.equal(checkLabel('xfs', 'x'.repeat(13))?.key, 'mounts.check.labelLong');
  assert.equal(checkLabel('vfat', 'data')?.key, 'mounts.check.labelVfat');
  assert.equal(checkLabel('vfat', 'DATA'), null);
  assert.equal(checkLabel('btrfs', 'a;b')?.key, 'mounts.check.labelChars');
});

test('bug 5: every path under a system tree is refused with the system-tree message, for host and guest alike', () => {
  const examples: Array<[string, string]> = [
    ['/etc/ssh', '/etc'],
    ['/usr/bin', '/usr'],
    ['/var/lib', '/var'],
    ['/proc/x', '/proc'],
    ['/sys/x', '/sys'],
    ['/dev/x', '/dev'],
    ['/etc/ssh/sshd_config.d', '/etc'],
    ['/usr/local/bin', '/usr'],
    ['/var/lib/libvirt/images', '/var'],
    ['/lib64/x', '/lib64'],
  ];
  for (const [mp, tree] of examples) {
    const c = checkMountpoint(mp);
    assert.equal(c?.key, 'mounts.check.system', mp);
    assert.equal(c?.message, `${mp} is inside ${tree}, which belongs to the operating system: a filesystem mounted there hides or shadows files it needs. Choose a folder under /mnt, /media or /srv, e.g. /mnt/data.`);
    // The message is the catalog's, in both languages.
    assert.equal(renderMsg(c), c?.message);
    assert.match(renderMsg(c, 'zh-CN'), new RegExp(`${mp} 位于 ${tree} 之内`));
  }
});

test('the unmount offer: the system trees themselves are not offered, what is mounted inside them is', () => {
  for (const mp of ['/', '/tmp', '/boot', '/boot/efi', '/var', '/usr', '/opt', '/lib32', '[SWAP]']) assert.equal(isSystemMountpoint(mp), true, mp);
  for (const mp of ['/var/lib/mysql', '/mnt/data', '/srv', '/home']) assert.equal(isSystemMountpoint(mp), false, mp);
});

test('a disk gone after the next shutdown: attached now only, or any disk of a transient VM', () => {
  const persistent = { persistent: true, pendingDisks: { liveOnly: ['vdc'] } };
  assert.equal(goneAtShutdown(persistent, 'vdc'), true);
  assert.equal(goneAtShutdown(persistent, 'vdb'), false);
  assert.equal(goneAtShutdown({ persistent: true }, 'vdb'), false);
  assert.equal(goneAtShutdown({ persistent: false }, 'vdb'), true);
  assert.equal(goneAtShutdown(persistent, undefined), false, 'a device the agent could not match to a VM disk');
});

test('the agent channel goes where the VM has a configuration', () => {
  assert.deepEqual(agentChannelModes({ state: 'running', persistent: true }), ['both', 'live', 'persistent']);
  assert.deepEqual(agentChannelModes({ state: 'paused', persistent: true }), ['both', 'live', 'persistent']);
  assert.deepEqual(agentChannelModes({ state: 'running', persistent: false }), ['live']);
  assert.deepEqual(agentChannelModes({ state: 'shutoff', persistent: true }), ['persistent']);
});

test('signatures that are not filesystems to mount', () => {
  assert.equal(notFilesystem('LVM2_member'), 'lvm');
  assert.equal(notFilesystem('crypto_LUKS'), 'luks');
  assert.equal(notFilesystem('isw_raid_member'), 'raid');
  assert.equal(notFilesystem('ext4'), null);
  assert.equal(notFilesystem('toString'), null);
  assert.equal(notFilesystem(undefined), null);
});
