import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLabel, checkMountOptions, checkMountpoint } from './mount.ts';

test('mountpoints: absolute, plain, no shell or fstab metacharacters, not over system directories', () => {
  for (const ok of ['/mnt/data', '/srv/数据', '/var/lib/mysql', '/mnt/a.b_c-d+e@f:g,h=i']) assert.equal(checkMountpoint(ok), null, ok);
  const key = (p: string) => checkMountpoint(p)?.key;
  assert.equal(key('mnt/data'), 'relative');
  assert.equal(key('/mnt/../etc'), 'dots');
  assert.equal(key('/mnt/./x'), 'dots');
  assert.equal(key('/mnt//x'), 'slashes');
  assert.equal(key('/mnt/x/'), 'slashes');
  for (const bad of ['/mnt/$(x)', '/mnt/a;b', "/mnt/it's", '/mnt/a`b`', '/mnt/a|b', '/mnt/a\\b']) assert.equal(key(bad), 'chars', bad);
  assert.equal(checkMountpoint('/mnt/$(x)')?.values?.char, '$');
  for (const bad of ['/mnt/a b', '/mnt/a\nb', '/mnt/a\tb']) assert.equal(key(bad), 'space', bad);
  assert.match(checkMountpoint('/mnt/a b')?.message ?? '', /a space/);
  for (const sys of ['/', '/etc', '/usr', '/boot', '/var']) assert.equal(key(sys), 'protected', sys);
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
