import { english } from '../../../../shared/core/messages.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Domain, Inventory } from '../../../../shared/contract/models.ts';
import type { GuestBlockDevice, GuestBlockDevs } from '../../../../shared/contract/features/mounts.ts';
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
  assert.match(plan.warnings.map((w) => english(w)).join(' '), /UUID=0b5e7a43/);
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
  assert.deepEqual(guestArgvs(plan).slice(0, 3), [['umount', '/mnt/data'], ['cp', '-p', '/etc/fstab', '/etc/fstab.spindle-20261126-020000'], ['tee', '/etc/fstab']]);
  // With its fstab line gone, the folder goes too if Spindle made it (a fixed script; the path is its argument).
  assert.deepEqual(guestArgvs(plan)[3]?.slice(-2), ['sh', '/mnt/data']);
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
  assert.match(english(guestFailureHint('mount: mounting /dev/vdb on /mnt/x failed: unknown filesystem type', ['mount', '-t', 'xfs', '/dev/vdb', '/mnt/x'])), /modprobe xfs.*xfsprogs/);
  assert.match(english(guestFailureHint('umount: can\'t unmount /mnt/x: Device or resource busy', ['umount', '/mnt/x'], 'sleep (pid 7)')), /by: sleep \(pid 7\)/);
  assert.match(english(guestFailureHint('umount: /mnt/x: target is busy.', ['umount', '/mnt/x'])), /fuser -vm/);
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

test('bug 6: a mountpoint that does not exist is made and noted; one that exists is used as it is', () => {
  const req = { domain: 'vm', device: '/dev/vdc', mountpoint: '/mnt/new/data', options: [] as string[], fstab: false };
  const made = planGuestMount(inv, req, { ...ctx, mountpointExists: false, parentExists: false });
  assert.deepEqual(guestArgvs(made), [['mkdir', '-p', '/mnt/new'], ['mkdir', '/mnt/new/data'], ['touch', '/mnt/new/data/.spindle-mountpoint'], ['mount', '-t', 'xfs', '/dev/vdc', '/mnt/new/data']]);
  // Undone newest first if the mount fails: the note, then the folder (rmdir: only while it is empty).
  assert.deepEqual(made.steps[1]?.undo?.guestExec?.guestArgv, ['rmdir', '/mnt/new/data']);
  assert.deepEqual(made.steps[2]?.undo?.guestExec?.guestArgv, ['rm', '-f', '/mnt/new/data/.spindle-mountpoint']);
  const parentThere = planGuestMount(inv, { ...req, mountpoint: '/mnt/data' }, { ...ctx, mountpointExists: false, parentExists: true });
  assert.deepEqual(guestArgvs(parentThere).slice(0, 2), [['mkdir', '/mnt/data'], ['touch', '/mnt/data/.spindle-mountpoint']]);
  const existing = planGuestMount(inv, { ...req, mountpoint: '/srv/logs' }, { ...ctx, mountpointExists: true, parentExists: true });
  assert.deepEqual(guestArgvs(existing), [['mount', '-t', 'xfs', '/dev/vdc', '/srv/logs']]);
});

test('bug 6: unmounting removes the folder only through the note, and keeps it while fstab still mounts there', () => {
  const g = { ...guest, devices: guest.devices.map((d) => (d.path === '/dev/vdc' ? { ...d, mountpoints: ['/mnt/data'] } : d)) };
  const plain = planGuestUmountFs(inv, { domain: 'vm', mountpoint: '/mnt/data' }, { uri: 'u', guest: g, fstabText: null });
  const rm = plain.steps[1]?.guestExec?.guestArgv ?? [];
  assert.deepEqual([rm[0], rm[1], rm[3], rm[4]], ['sh', '-c', 'sh', '/mnt/data']);
  assert.ok((rm[2] ?? '').includes('.spindle-mountpoint') && !(rm[2] ?? '').includes('/mnt/data'), 'the path is an argument, never in the script');
  assert.match(english(plain.steps[1]?.description ?? ''), /Remove the directory \/mnt\/data if Spindle made it/);
  // An fstab line kept: the folder stays (the next boot mounts there).
  const withLine = { ...g, fstab: [...(g.fstab ?? []), { spec: 'UUID=1111-xfs', file: '/mnt/data', vfstype: 'xfs', options: 'defaults', line: 2 }] };
  const kept = planGuestUmountFs(inv, { domain: 'vm', mountpoint: '/mnt/data' }, { uri: 'u', guest: withLine, fstabText: null });
  assert.deepEqual(guestArgvs(kept), [['umount', '/mnt/data']]);
  assert.match(kept.warnings.map((w) => english(w)).join(' '), /\/mnt\/data stays/);
});

test('bug 4: fstab for a disk attached now only gets nofail (the guest would stop at boot without the disk)', () => {
  const live: Inventory = { ...inv, domains: [{ ...dom('vm', 'running'), pendingDisks: { liveOnly: ['vdc'], configOnly: [], changed: [] } }] };
  const req = { domain: 'vm', device: '/dev/vdc', mountpoint: '/mnt/logs', options: ['noatime'], fstab: true, requestId: 'abc123def' };
  const plan = planGuestMount(live, req, ctx);
  const tee = plan.steps.find((s) => s.guestExec?.guestArgv[0] === 'tee');
  assert.equal(tee?.guestExec?.input, 'UUID=1111-xfs /mnt/logs xfs noatime,nofail 0 0\n');
  assert.deepEqual(guestArgvs(plan).find((a) => a?.[0] === 'mount'), ['mount', '-t', 'xfs', '-o', 'noatime,nofail', '/dev/vdc', '/mnt/logs']);
  const said = plan.warnings.map((w) => english(w)).join('\n');
  assert.match(said, /\/dev\/vdc is on vdc, a disk attached to the running VM only/);
  assert.doesNotMatch(said, /Without "nofail"/);
  // nofail already there: nothing added twice; no fstab: nothing added; a disk in the saved configuration: the user's choice.
  assert.equal(planGuestMount(live, { ...req, options: ['nofail'] }, ctx).steps.find((s) => s.guestExec?.guestArgv[0] === 'tee')?.guestExec?.input, 'UUID=1111-xfs /mnt/logs xfs nofail 0 0\n');
  assert.deepEqual(guestArgvs(planGuestMount(live, { ...req, fstab: false }, ctx)).at(-1), ['mount', '-t', 'xfs', '-o', 'noatime', '/dev/vdc', '/mnt/logs']);
  assert.equal(planGuestMount(inv, req, ctx).steps.find((s) => s.guestExec?.guestArgv[0] === 'tee')?.guestExec?.input, 'UUID=1111-xfs /mnt/logs xfs noatime 0 0\n');
  // A transient VM has no saved configuration at all.
  const transient: Inventory = { ...inv, domains: [{ ...dom('vm', 'running'), persistent: false }] };
  assert.match(planGuestMount(transient, req, ctx).steps.find((s) => s.guestExec?.guestArgv[0] === 'tee')?.guestExec?.input ?? '', /noatime,nofail/);
});

test('messages as data: refusals carry their key, field and parameters, and read in Chinese', async () => {
  const { renderMsg } = await import('../../../../shared/core/messages.ts');
  const base = { domain: 'vm', device: '/dev/vdb', mountpoint: '/etc/ssh', options: [] as string[], fstab: false };
  try {
    planGuestMount(inv, base, ctx);
    assert.fail('refused');
  } catch (e) {
    assert.ok(e instanceof SpindleError);
    assert.equal(e.msg?.key, 'mounts.guest.mountpoint');
    assert.equal(e.details?.field, 'mountpoint');
    assert.equal(e.hint, 'Choose an absolute directory such as /mnt/data.');
    assert.match(renderMsg(e.msg!, 'zh-CN'), /\/etc\/ssh 位于 \/etc 之内/);
  }
  const plan = planGuestMount(inv, { ...base, device: '/dev/vdc', mountpoint: '/srv/logs' }, ctx);
  assert.equal(english(plan.title), 'Mount /dev/vdc at /srv/logs in vm');
  assert.equal(typeof plan.title === 'string' ? null : renderMsg(plan.title, 'zh-CN'), '在 vm 中将 /dev/vdc 挂载到 /srv/logs');
  for (const s of plan.steps) assert.notEqual(typeof s.description, 'string', english(s.description));
});

test('the agent channel: the modelled XML, attach-device through the builders, modes from the shared rule', () => {
  const plan = planAgentChannel(inv, 'qemu:///system', { domain: 'vm', mode: 'both' }, false);
  assert.deepEqual(plan.steps.map((s) => s.argv), [
    ['virsh', '--connect', 'qemu:///system', 'attach-device', '--domain', 'vm', '--file', '/dev/stdin', '--config'],
    ['virsh', '--connect', 'qemu:///system', 'attach-device', '--domain', 'vm', '--file', '/dev/stdin', '--live'],
  ]);
  assert.equal(plan.steps[0]?.stdin, "<channel type='unix'>\n  <target type='virtio' name='org.qemu.guest_agent.0'/>\n</channel>\n");
  assert.ok(plan.steps[1]?.partialNote);
  assert.throws(() => planAgentChannel(inv, 'u', { domain: 'off', mode: 'live' }, false), (e: unknown) => e instanceof SpindleError && e.details?.field === 'mode' && /not running/.test(e.message));
});
