// The discovery parsers on output recorded on the test bed (testdata/README.md):
// lsblk's tree, wipefs's signatures (what lsblk cannot tell without udev),
// pvs, and find-storage-pool-sources-as for logical and iscsi-direct; what
// uses each device; and the refusals of a sources request.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { disk, dom, inv } from '../../../../shared/contract/testdata/inventory-builders.ts';
import { parsePoolSources } from '../../libvirt/model/pool-sources.ts';
import { parseZpoolNames, ZPOOL_NAMES_ARGV } from './zpool-list.ts';
import { markInUse, parseLsblk, parsePvs, parseWipefs, sourcesArgs, sourcesFailure, splitHostPort, vmDevices, withSignatures } from './pool-discovery.ts';

const data = (f: string) => readFileSync(new URL(`./testdata/${f}`, import.meta.url), 'utf8');

test('lsblk: every device of the tree with its parent, size, type and mounts; partitions and mounts are reasons; empty devices left out', () => {
  const devs = parseLsblk(data('lsblk.json'));
  assert.deepEqual(
    devs.map((d) => d.path),
    ['/dev/loop0', '/dev/loop1', '/dev/loop1p1', '/dev/loop1p2', '/dev/loop2', '/dev/loop3', '/dev/loop4', '/dev/vda'],
    'zram0 (0 bytes) is left out',
  );
  const by = new Map(devs.map((d) => [d.path, d]));
  assert.deepEqual(by.get('/dev/loop1'), { path: '/dev/loop1', sizeBytes: 67108864, type: 'loop', mountpoints: [], readOnly: false, inUse: [{ reason: 'partitions', name: '/dev/loop1p1, /dev/loop1p2' }] });
  assert.deepEqual(by.get('/dev/loop1p1'), { path: '/dev/loop1p1', parent: '/dev/loop1', sizeBytes: 19922944, type: 'part', mountpoints: ['/mnt/my data'], readOnly: false, inUse: [{ reason: 'mounted', name: '/mnt/my data' }] });
  assert.equal(by.get('/dev/loop4')?.sizeBytes, 16 << 20);
  assert.deepEqual(by.get('/dev/vda')?.inUse, [{ reason: 'mounted', name: '/' }]);
  assert.equal(by.get('/dev/loop2')?.fstype, undefined, 'no udev here: lsblk has no FSTYPE');
});

test('lsblk of an older util-linux (strings, one mountpoint) and with udev data (fstype, label, swap, holders)', () => {
  // Shaped as util-linux 2.34 prints it (numbers and booleans as strings, MOUNTPOINT only).
  const old = JSON.stringify({
    blockdevices: [
      { name: 'sda', path: '/dev/sda', size: '1000', type: 'disk', model: 'QEMU HARDDISK   ', fstype: null, pttype: 'dos', label: null, ro: '0', mountpoint: null, children: [
        { name: 'sda1', path: '/dev/sda1', size: '500', type: 'part', fstype: 'swap', ro: '0', mountpoint: '[SWAP]' },
        { name: 'sda2', path: '/dev/sda2', size: '500', type: 'part', fstype: 'LVM2_member', ro: '0', mountpoint: null, children: [{ name: 'vg0-root', path: '/dev/mapper/vg0-root', size: '400', type: 'lvm', fstype: 'ext4', label: 'root', ro: '0', mountpoint: '/' }] },
      ] },
    ],
  });
  const devs = parseLsblk(old);
  assert.deepEqual(devs.map((d) => [d.path, d.inUse]), [
    ['/dev/sda', [{ reason: 'partitions', name: '/dev/sda1, /dev/sda2' }]],
    ['/dev/sda1', [{ reason: 'swap' }]],
    ['/dev/sda2', [{ reason: 'lvm' }, { reason: 'holders', name: 'vg0-root' }]],
    ['/dev/mapper/vg0-root', [{ reason: 'mounted', name: '/' }]],
  ]);
  assert.equal(devs[0]?.model, 'QEMU HARDDISK');
  assert.equal(devs[0]?.pttype, 'dos');
  assert.equal(devs[0]?.sizeBytes, 1000);
  assert.deepEqual(devs[1]?.mountpoints, [], '[SWAP] is not a mountpoint');
  assert.equal(devs[3]?.label, 'root');
});

test('wipefs fills in filesystems, partition tables and labels; pvs names the VG; pools and VMs name themselves', () => {
  const sigs = parseWipefs(data('wipefs.json'));
  assert.deepEqual(Object.fromEntries(sigs), {
    '/dev/loop1': { pttype: 'gpt' },
    '/dev/loop1p1': { fstype: 'ext4', label: 'my data' },
    '/dev/loop2': { fstype: 'LVM2_member' },
    '/dev/loop3': { fstype: 'swap' },
  });
  const pvs = parsePvs(data('pvs.txt'));
  assert.deepEqual([...pvs], [['/dev/loop2', 'spindle_pcrec_vg']]);
  const world = inv([dom('db', { disks: [disk('vdb', { source: { type: 'block', dev: '/dev/disk/by-id/x-loop4' } }), disk('vda')] })], []);
  const devs = markInUse(withSignatures(parseLsblk(data('lsblk.json')), sigs), {
    pvs,
    pools: [{ pool: 'fs1', devices: ['/dev/loop3'] }],
    vms: vmDevices(world),
    canonical: new Map([['/dev/disk/by-id/x-loop4', '/dev/loop4']]),
  });
  const use = Object.fromEntries(devs.map((d) => [d.path, d.inUse]));
  assert.deepEqual(use['/dev/loop2'], [{ reason: 'lvm', name: 'spindle_pcrec_vg' }]);
  assert.deepEqual(use['/dev/loop3'], [{ reason: 'swap' }, { reason: 'pool', name: 'fs1' }]);
  assert.deepEqual(use['/dev/loop4'], [{ reason: 'vm', name: 'db' }], 'a VM disk named by a /dev/disk/by-id link');
  assert.deepEqual(use['/dev/loop1p2'], [], 'an empty partition is free');
  assert.equal(devs.find((d) => d.path === '/dev/loop1')?.pttype, 'gpt');
  assert.equal(devs.find((d) => d.path === '/dev/loop1p1')?.label, 'my data');
});

test('find-storage-pool-sources-as: VGs and iSCSI targets in the shape pool.create takes', () => {
  assert.deepEqual(parsePoolSources(data('find-sources-logical.xml'), 'logical'), [{ devices: ['/dev/loop2'], name: 'spindle_pcrec_vg', format: 'lvm2' }]);
  assert.deepEqual(parsePoolSources(data('find-sources-iscsi-direct.xml'), 'iscsi-direct'), [
    { hosts: [{ name: '127.0.0.1', port: 3260 }], iscsiTarget: 'iqn.2026-12.test.spindle:lun1', initiatorIqn: 'iqn.2026-12.test.spindle:probe' },
  ]);
  assert.deepEqual(parsePoolSources('<sources>\n</sources>\n', 'logical'), []);
  const nfs = "<sources><source><host name='nas'/><dir path='/export/a b'/><format type='nfs'/></source></sources>";
  assert.deepEqual(parsePoolSources(nfs, 'netfs'), [{ hosts: [{ name: 'nas' }], dir: '/export/a b', format: 'nfs' }]);
});

test('a sources request: the argv, and the refusals (no server, an initiator where none is taken, a type without discovery)', () => {
  assert.deepEqual(sourcesArgs({ type: 'logical' }), ['find-storage-pool-sources-as', '--type', 'logical']);
  assert.deepEqual(sourcesArgs({ type: 'iscsi-direct', sourceHost: '127.0.0.1:3260', initiatorIqn: 'iqn.x:y' }), ['find-storage-pool-sources-as', '--type', 'iscsi-direct', '--host', '127.0.0.1', '--port', '3260', '--initiator', 'iqn.x:y']);
  assert.deepEqual(sourcesArgs({ type: 'netfs', sourceHost: '[fe80::1]' }), ['find-storage-pool-sources-as', '--type', 'netfs', '--host', 'fe80::1']);
  assert.deepEqual(splitHostPort('nas:2049'), { host: 'nas', port: '2049' });
  const field = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof SpindleError && e.msg);
      return e.details?.field;
    }
    return 'not refused';
  };
  assert.equal(field(() => sourcesArgs({ type: 'netfs' })), 'sourceHost');
  assert.equal(field(() => sourcesArgs({ type: 'logical', sourceHost: 'x' })), 'sourceHost');
  assert.equal(field(() => sourcesArgs({ type: 'iscsi-direct', sourceHost: 'x' })), 'initiatorIqn');
  assert.equal(field(() => sourcesArgs({ type: 'netfs', sourceHost: 'x', initiatorIqn: 'iqn.a:b' })), 'initiatorIqn');
  assert.equal(field(() => sourcesArgs({ type: 'rbd' })), 'type');
  assert.equal(field(() => sourcesArgs({ type: 'nfs' })), 'type');
  assert.equal(field(() => sourcesArgs({ type: 'netfs', sourceHost: 'a;reboot' })), 'sourceHost');
});

test('a failed discovery: iscsiadm missing is the open-iscsi refusal, a missing driver names its package, no exports is an empty list', () => {
  const failed = (stderr: string) => SpindleError.of('COMMAND_FAILED', 'transport.commandFailed', { program: 'virsh', where: 'here', exit: '1', error: stderr.split('\n')[0] ?? '' }, undefined, { stderr });
  const iscsi = sourcesFailure('iscsi', failed(data('find-sources-iscsi-no-iscsiadm.txt')));
  assert.ok(iscsi instanceof SpindleError);
  assert.equal(iscsi.msg?.key, 'pools.sources.needsOpenIscsi');
  assert.match(iscsi.hint ?? '', /open-iscsi/);
  const gluster = sourcesFailure('gluster', failed('error: Failed to find any gluster pool sources\nerror: internal error: missing backend for pool type 11 (gluster)'));
  assert.ok(gluster instanceof SpindleError);
  assert.match(gluster.hint ?? '', /libvirt-daemon-driver-storage-gluster/);
  assert.deepEqual(sourcesFailure('netfs', failed("error: Failed to find any netfs pool sources\nerror: operation failed: no storage pools were found on host '127.0.0.1'")), []);
  const other = failed('error: something else');
  assert.equal(sourcesFailure('netfs', other), other, 'anything else is passed on as it is');
});

test('zfs sources: the names `zpool list -H -o name` prints (first column of the recorded listings), a bad line left out', () => {
  const dir = new URL('./testdata/usage/', import.meta.url).pathname;
  for (const f of ['zpool-list-Hp-netdata-18359.txt', 'zpool-list-Hp-v-systeminformation-802.txt']) {
    const names = readFileSync(path.join(dir, f), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('\t'))
      .map((l) => l.split('\t')[0])
      .join('\n');
    const parsed = parseZpoolNames(names);
    assert.ok(parsed.length >= 1, f);
    assert.deepEqual(parsed, names.split('\n').filter(Boolean));
  }
  assert.deepEqual(parseZpoolNames('tank\n  \nbackup pool\n-bad\n'), ['tank', 'backup pool']);
  assert.deepEqual(ZPOOL_NAMES_ARGV, ['zpool', 'list', '-H', '-o', 'name']);
});
