import { english } from '../../../../shared/core/messages.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Domain, Inventory } from '../../../../shared/contract/models.ts';
import type { GuestBlockDevice, GuestBlockDevs } from '../../../../shared/contract/mount.ts';
import { fstabLine, planAgentChannel, planGuestMount, planGuestUmountFs } from './guest-mount.ts';

const MiB = 1 << 20;
const dom = (name: string, state: Domain['state']): Domain => ({ name, uuid: '', state, vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks: [] });
const inv: Inventory = { host: 'h', uri: 'u', loadedAt: '', durationMs: 0, domains: [dom('vm', 'running'), dom('off', 'shutoff')], pools: [] };
const dev = (path: string, extra: Partial<GuestBlockDevice> = {}): GuestBlockDevice => ({ path, name: path.slice(5), kind: 'disk', sizeBytes: 64 * MiB, readOnly: false, mountpoints: [], hasChildren: false, ...extra });
const guest: GuestBlockDevs = {
  agent: 'ok',
  mkfs: ['ext4'],
  notes: [],
  fstab: [{ spec: '/dev/vda', file: '/', vfstype: 'ext4', options: 'defaults', line: 1 }],
  devices: [
    dev('/dev/vda', { fsType: 'ext4', uuid: 'aaaa', mountpoints: ['/'], target: 'vda' }),
    dev('/dev/vdb', { target: 'vdb' }),
    dev('/dev/vdc', { fsType: 'xfs', uuid: '1111-xfs', label: 'logs', target: 'vdc' }),
    dev('/dev/vdd', { hasChildren: true }),
    dev('/dev/vdd1', { kind: 'part', parent: '/dev/vdd', fsType: 'LVM2_member' }),
  ],
};
const ctx = { uri: 'qemu:///system', guest, now: new Date('2026-11-26T02:00:00Z'), newUuid: () => '0b5e7a43-8c1d-4c55-9a0e-2f6a1e7d9c01' };
const guestArgvs = (p: { steps: { guestExec?: { guestArgv: string[] } }[] }) => p.steps.map((s) => s.guestExec?.guestArgv);

test('an empty disk: mkfs with a known UUID, mkdir, mount, then fstab by UUID with a backup and a test through it', () => {
  const plan = planGuestMount(inv, { domain: 'vm', device: '/dev/vdb', mountpoint: '/mnt/data', options: ['noatime', 'nofail'], mkfs: { type: 'ext4', label: 'data', confirm: '/dev/vdb' }, fstab: true }, ctx);
  assert.deepEqual(guestArgvs(plan), [
    ['mkfs.ext4', '-q', '-U', ctx.newUuid(), '-L', 'data', '/dev/vdb'],
    ['mkdir', '-p', '/mnt/data'],
    ['mount', '-t', 'ext4', '-o', 'noatime,nofail', '/dev/vdb', '/mnt/data'],
    ['cp', '-p', '/etc/fstab', '/etc/fstab.spindle-20261126-020000'],
    ['tee', '-a', '/etc/fstab'],
    ['umount', '/mnt/data'],
    ['mount', '/mnt/data'],
  ]);
  assert.equal(plan.steps[0]?.destructive, true);
  assert.match(english(plan.steps[0]?.description ?? ''), /Erase \/dev\/vdb \(64\.0 MiB\)/);
  const line = `UUID=${ctx.newUuid()} /mnt/data ext4 noatime,nofail 0 2\n`;
  assert.equal(plan.steps[4]?.guestExec?.input, line);
  assert.deepEqual(plan.steps[4]?.undo?.guestExec?.guestArgv, ['cp', '-p', '/etc/fstab.spindle-20261126-020000', '/etc/fstab']);
  assert.deepEqual(plan.steps[2]?.undo?.guestExec?.guestArgv, ['umount', '/mnt/data']);
  // The request the agent gets carries the line as base64 stdin.
  const req = JSON.parse(plan.steps[4]?.argv.at(-1) ?? '{}') as { arguments: { 'input-data': string } };
  assert.equal(Buffer.from(req.arguments['input-data'], 'base64').toString(), line);
  assert.match(plan.warnings.join(' '), /UUID=0b5e7a43/);
});

test('an existing filesystem mounts as it is; no fstab: no fstab steps', () => {
  const plan = planGuestMount(inv, { domain: 'vm', device: '/dev/vdc', mountpoint: '/srv/logs', options: ['ro'], fstab: false }, ctx);
  assert.deepEqual(guestArgvs(plan), [['mkdir', '-p', '/srv/logs'], ['mount', '-t', 'xfs', '-o', 'ro', '/dev/vdc', '/srv/logs']]);
  assert.equal(fstabLine('1111', '/mnt/my data', 'xfs', []), 'UUID=1111 /mnt/my\\040data xfs defaults 0 0\n');
});

test('refusals name the problem and the field', () => {
  const base = { domain: 'vm', device: '/dev/vdb', mountpoint: '/mnt/data', options: [] as string[], fstab: false };
  const cases: [Record<string, unknown>, RegExp, string][] = [
    [{ mountpoint: 'mnt/data' }, /not an absolute path/, 'mountpoint'],
    [{ mountpoint: '/mnt/../etc' }, /"\.\."/, 'mountpoint'],
    [{ mountpoint: '/mnt/$(reboot)' }, /contains "\$"/, 'mountpoint'],
    [{ mountpoint: '/' }, /system needs/, 'mountpoint'],
    [{ mountpoint: '/etc/ssh' }, /inside \/etc, which belongs to the operating system/, 'mountpoint'],
    [{ mountpoint: '/root/.ssh' }, /inside \/root/, 'mountpoint'],
    [{ mountpoint: '/mnt/a\u2028b' }, /U\+2028 \(LINE SEPARATOR\)/, 'mountpoint'],
    [{ options: ['ro,exec'] }, /not valid/, 'options'],
    [{ device: '/dev/vdz' }, /no device \/dev\/vdz/, 'device'],
    [{ device: '/dev/vdd' }, /has partitions \(\/dev\/vdd1\)/, 'device'],
    [{ device: '/dev/vdd1' }, /LVM2_member/, 'device'],
    [{ device: '/dev/vda' }, /already mounted at \//, 'device'],
    [{ device: '/dev/vdb' }, /holds no filesystem/, 'mkfs'],
    [{ device: '/dev/vdc', mkfs: { type: 'ext4', confirm: '/dev/vdc' } }, /already holds xfs labelled "logs"/, 'mkfs'],
    [{ mkfs: { type: 'ext4', confirm: '/dev/vdc' } }, /confirmation names/, 'mkfs'],
    [{ mkfs: { type: 'xfs', confirm: '/dev/vdb' } }, /no mkfs\.xfs/, 'mkfs'],
    [{ mkfs: { type: 'ext4', label: 'x'.repeat(20), confirm: '/dev/vdb' } }, /at most 16 bytes/, 'label'],
    [{ device: '/dev/vdc', mountpoint: '/', fstab: true }, /system needs/, 'mountpoint'],
    [{ domain: 'off' }, /not running/, 'domain'],
  ];
  for (const [over, re, field] of cases) {
    assert.throws(
      () => planGuestMount(inv, { ...base, ...over } as never, ctx),
      (e: unknown) => e instanceof SpindleError && re.test(e.message) && e.details?.field === field,
      `${JSON.stringify(over)}`,
    );
  }
  // fstab already has the mountpoint.
  const withLine = { ...ctx, guest: { ...guest, fstab: [...(guest.fstab ?? []), { spec: 'UUID=zz', file: '/mnt/data', vfstype: 'ext4', options: 'defaults', line: 2 }] } };
  assert.throws(() => planGuestMount(inv, { ...base, device: '/dev/vdc', fstab: true }, withLine), /already has a line for \/mnt\/data \(line 2/);
});

test('a mountpoint that leads into a system tree through a symbolic link in the guest is refused', () => {
  const req = { domain: 'vm', device: '/dev/vdc', mountpoint: '/mnt/lib', options: [] as string[], fstab: false };
  assert.throws(
    () => planGuestMount(inv, req, { ...ctx, resolvedMountpoint: '/usr/lib' }),
    (e: unknown) => e instanceof SpindleError && /\/mnt\/lib leads to \/usr\/lib through a symbolic link/.test(e.message) && e.details?.field === 'mountpoint',
  );
  // Resolved elsewhere (or not resolvable: folders still to be made), the path as given is used.
  for (const resolvedMountpoint of ['/srv/lib', null]) {
    const plan = planGuestMount(inv, req, { ...ctx, resolvedMountpoint });
    assert.deepEqual(guestArgvs(plan).at(-1), ['mount', '-t', 'xfs', '/dev/vdc', '/mnt/lib']);
  }
});

test('what is mounted in a system folder may still be unmounted', () => {
  const g = { ...guest, devices: guest.devices.map((d) => (d.path === '/dev/vdc' ? { ...d, mountpoints: ['/var/lib/mysql'] } : d)) };
  const plan = planGuestUmountFs(inv, { domain: 'vm', mountpoint: '/var/lib/mysql' }, { uri: 'u', guest: g, fstabText: null });
  assert.deepEqual(guestArgvs(plan), [['umount', '/var/lib/mysql']]);
});

test('unmount and remove the fstab line: backup, then the file without that line', () => {
  const g = { ...guest, devices: guest.devices.map((d) => (d.path === '/dev/vdc' ? { ...d, mountpoints: ['/mnt/data'] } : d)), fstab: [...(guest.fstab ?? []), { spec: 'UUID=1111-xfs', file: '/mnt/data', vfstype: 'xfs', options: 'defaults', line: 3 }] };
  const text = '/dev/vda / ext4 defaults 0 1\n# data\nUUID=1111-xfs /mnt/data xfs defaults 0 0\n';
  const plan = planGuestUmountFs(inv, { domain: 'vm', mountpoint: '/mnt/data', fstab: true }, { uri: 'u', guest: g, fstabText: text, now: ctx.now });
  assert.deepEqual(guestArgvs(plan), [['umount', '/mnt/data'], ['cp', '-p', '/etc/fstab', '/etc/fstab.spindle-20261126-020000'], ['tee', '/etc/fstab']]);
  assert.equal(plan.steps[2]?.guestExec?.input, '/dev/vda / ext4 defaults 0 1\n# data\n');
  assert.throws(() => planGuestUmountFs(inv, { domain: 'vm', mountpoint: '/mnt/none' }, { uri: 'u', guest, fstabText: null }), /Nothing is mounted at \/mnt\/none/);
});

test('the agent channel: config then live for a running VM, refused when present', () => {
  const plan = planAgentChannel(inv, 'u', { domain: 'vm' }, false);
  assert.deepEqual(
    plan.steps.map((s) => s.argv.at(-1)),
    ['--config', '--live'],
  );
  assert.match(plan.steps[0]?.stdin ?? '', /org\.qemu\.guest_agent\.0/);
  assert.equal(planAgentChannel(inv, 'u', { domain: 'off' }, false).steps.length, 1);
  assert.throws(() => planAgentChannel(inv, 'u', { domain: 'vm' }, true), /already has/);
});

test('guest failure hints: the module and package of an unknown filesystem, the processes holding a busy mount', async () => {
  const { guestFailureHint } = await import('../../plan/run-plan.ts');
  assert.match(guestFailureHint('mount: mounting /dev/vdb on /mnt/x failed: unknown filesystem type', ['mount', '-t', 'xfs', '/dev/vdb', '/mnt/x']), /modprobe xfs.*xfsprogs/);
  assert.match(guestFailureHint('umount: can\'t unmount /mnt/x: Device or resource busy', ['umount', '/mnt/x'], 'sleep (pid 7)'), /by: sleep \(pid 7\)/);
  assert.match(guestFailureHint('umount: /mnt/x: target is busy.', ['umount', '/mnt/x']), /fuser -vm/);
});

test('the client may fix the UUID and the request id, so the review and the run agree', () => {
  const req = { domain: 'vm', device: '/dev/vdb', mountpoint: '/mnt/data', options: [], mkfs: { type: 'ext4' as const, confirm: '/dev/vdb', uuid: '11111111-2222-4333-8444-555555555555' }, fstab: true, requestId: 'abc123def' };
  const { newUuid: _n, now: _t, ...noDefaults } = ctx;
  const a = planGuestMount(inv, req, noDefaults);
  const b = planGuestMount(inv, req, noDefaults);
  assert.deepEqual(a.steps.map((s) => s.argv), b.steps.map((s) => s.argv));
  assert.ok(a.steps.some((s) => s.guestExec?.guestArgv.includes('/etc/fstab.spindle-abc123def')));
  assert.equal(a.steps.find((s) => s.guestExec?.guestArgv[0] === 'tee')?.guestExec?.input, 'UUID=11111111-2222-4333-8444-555555555555 /mnt/data ext4 defaults 0 2\n');
  assert.throws(() => planGuestMount(inv, { ...req, mkfs: { ...req.mkfs, type: 'vfat' } }, { ...noDefaults, guest: { ...guest, mkfs: ['ext4', 'vfat'] } }), /not a vfat filesystem id/);
});

test('a transient VM gets the agent channel live only', () => {
  const t: Inventory = { ...inv, domains: [{ ...dom('tr', 'running'), persistent: false }] };
  assert.deepEqual(
    planAgentChannel(t, 'u', { domain: 'tr' }, false).steps.map((s) => s.argv.at(-1)),
    ['--live'],
  );
  assert.throws(() => planAgentChannel(t, 'u', { domain: 'tr', mode: 'both' }, false), /transient/);
});
