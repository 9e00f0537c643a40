import { english, renderMsg } from '../../../../shared/core/messages.ts';
import { defaultBus } from '../../../../shared/core/domain-rules.ts';
import { planInfo } from '../../plan/plan.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Domain, Inventory } from '../../../../shared/contract/models.ts';
import type { HostPathFacts } from '../files/files.ts';
import { planAttachDisk, planDetachDisk } from './disk-attach.ts';

const disk = (target: string, file: string, extra: Partial<Domain['disks'][number]> = {}): Domain['disks'][number] => ({
  target, bus: 'virtio', device: 'disk', source: { type: 'file', file }, sourceLabel: file, readonly: false, shareable: false, backingChain: [], ...extra,
});
const dom = (name: string, state: Domain['state'], disks: Domain['disks']): Domain => ({ name, uuid: '', state, vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks });
const vol = (name: string, backing?: string) => ({ name, pool: 'p', key: `/p/${name}`, path: `/p/${name}`, format: 'qcow2', capacity: 1, allocation: 1, backingChain: backing ? [{ type: 'file', path: backing }] : [] });

const inv: Inventory = {
  host: 'h', uri: 'u', loadedAt: '', durationMs: 0,
  domains: [dom('run', 'running', [disk('vda', '/p/root.qcow2'), disk('sda', '/p/cd.iso', { bus: 'sata', device: 'cdrom', readonly: true })]), dom('off', 'shutoff', [disk('vda', '/p/child.qcow2', { backingChain: [{ type: 'file', path: '/p/base.qcow2' }] })])],
  pools: [{ name: 'p', uuid: '', type: 'dir', active: true, autostart: true, capacity: 1, allocation: 1, available: 1, volumes: [vol('root.qcow2'), vol('base.qcow2'), vol('child.qcow2', '/p/base.qcow2'), vol('free.qcow2')] }],
};

const fails = (fn: () => unknown, re: RegExp): void => {
  assert.throws(fn, (e: unknown) => e instanceof SpindleError && re.test(e.message) && !!e.hint);
};

test('attach: defaults follow the VM state, targets skip used names, sd* shared with the CD-ROM', () => {
  const p = planAttachDisk(inv, 'qemu:///system', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' } });
  // Both sides: saved config first, then the running VM; a live failure is "partial", explained.
  assert.deepEqual(p.steps.map((s) => s.argv.at(-1)), ['--config', '--live']);
  assert.match(english(p.steps[1]?.partialNote ?? ''), /after the next shutdown/);
  assert.equal(p.steps[0]?.undo?.argv.at(-1), '--config');
  assert.equal(p.steps[0]?.stdin, p.steps[1]?.stdin);
  assert.match(p.steps[0]?.stdin ?? '', /<target dev='vdb' bus='virtio'\/>/);
  const scsi = planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' }, bus: 'scsi' });
  assert.match(scsi.steps[0]?.stdin ?? '', /<target dev='sdb' bus='scsi'\/>/);
  const off = planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'iso', path: '/isos/x.iso' } });
  assert.deepEqual(off.steps[0]?.argv.slice(-1), ['--config']);
  assert.match(off.steps[0]?.stdin ?? '', /device='cdrom'[\s\S]*bus='sata'[\s\S]*<readonly\/>/);
});

test('attach refusals', () => {
  fails(() => planAttachDisk(inv, 'u', { domain: 'nope', source: { kind: 'file', path: '/x' } }), /no VM/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' }, mode: 'live' }), /not running/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' }, bus: 'sata' }), /cannot be hot-plugged/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' }, target: 'vda' }), /already has a disk vda/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'volume', pool: 'p', volume: 'root.qcow2' } }), /VM "run" uses it as vda \(read-write\)/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'base.qcow2' } }), /backing file under disk vda of VM "off"/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'file', path: '/elsewhere/a.img' } }), /format/);
  // Read-only or shareable are the user's explicit choices.
  assert.ok(planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'volume', pool: 'p', volume: 'root.qcow2' }, options: { readonly: true } }).warnings[0]);
});

test('detach: delete only pool volumes nothing else depends on, naming the file', () => {
  const ok = planDetachDisk(inv, 'u', { domain: 'run', target: 'vda', deleteVolume: true });
  // config, live, wait for the guest to let go, then (only then) delete.
  assert.deepEqual(ok.steps.map((s) => s.argv[3]), ['detach-disk', 'detach-disk', 'domblklist', 'vol-delete']);
  assert.ok(ok.steps[2]?.verify && ok.steps[2].verify.retryForMs);
  assert.equal(english(ok.steps[2]?.verify?.check(' Target   Source\n------------\n vda      /p/root.qcow2\n') ?? ''), 'The guest in "run" has not released vda yet.');
  assert.equal(ok.steps[2]?.verify?.check(' Target   Source\n------------\n vdb      /p/x\n'), null);
  assert.equal(ok.steps.filter((s) => s.destructive).length, 1);
  assert.equal(ok.steps[3]?.destructive, true);
  assert.deepEqual(ok.steps[3]?.argv.slice(-4), ['--pool', 'p', '--vol', 'root.qcow2']);
  assert.match(english(ok.warnings[0] ?? ''), /exactly one file: \/p\/root.qcow2/);
  fails(() => planDetachDisk(inv, 'u', { domain: 'run', target: 'vdz' }), /has no disk vdz/);
  fails(() => planDetachDisk(inv, 'u', { domain: 'run', target: 'sda' }), /cannot be hot-plugged/);
  fails(() => planDetachDisk(inv, 'u', { domain: 'run', target: 'sda', mode: 'persistent', deleteVolume: true }), /not a volume of any pool/);
  const withBase = { ...inv, domains: [...inv.domains, dom('b', 'shutoff', [disk('vda', '/p/base.qcow2')])] };
  fails(() => planDetachDisk(withBase, 'u', { domain: 'b', target: 'vda', deleteVolume: true }), /volume "child.qcow2" is built on it/);
});

test('attach: what the VM supports (domain capabilities, USB controller, <os><boot>)', () => {
  const src = { kind: 'volume', pool: 'p', volume: 'free.qcow2' } as const;
  const choices = { buses: ['virtio', 'scsi', 'sata', 'usb'] as const, devices: ['disk', 'cdrom', 'lun'] as const, usbController: false, osBootOrder: true };
  const c = { choices: { ...choices, buses: [...choices.buses], devices: [...choices.devices] } };
  fails(() => planAttachDisk(inv, 'u', { domain: 'off', source: src, bus: 'nvme' }, c), /cannot have nvme disks/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'off', source: src, bus: 'usb' }, c), /no USB controller/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'off', source: src, options: { bootOrder: 1 } }, c), /per-disk boot order/);
  assert.ok(planAttachDisk(inv, 'u', { domain: 'off', source: src, bus: 'usb' }, { choices: { ...c.choices, usbController: true } }));
});

test('attach: a new volume first, an encrypted one with its secret in the disk XML', () => {
  const uuid = '11111111-2222-3333-4444-555555555555';
  const p = planAttachDisk(
    { ...inv, pools: inv.pools.map((x) => ({ ...x, available: 10 * 2 ** 30, targetPath: '/p' })) },
    'u',
    { domain: 'run', source: { kind: 'new-volume', volume: { pool: 'p', name: 'new.qcow2', capacityBytes: 2 ** 30, format: 'qcow2', allocation: 'sparse', encryption: 'luks' } } },
    { newUuid: () => uuid },
  );
  assert.deepEqual(p.steps.map((s) => s.argv[3]), ['secret-define', 'secret-set-value', 'vol-create', 'vol-list', 'attach-device', 'attach-device']);
  assert.equal(p.steps[1]?.secretStdin, 'passphrase');
  assert.equal(p.steps[1]?.stdin, undefined);
  assert.match(p.steps[4]?.stdin ?? '', new RegExp(`<source pool='p' volume='new.qcow2'>\\s*<encryption format='luks'>\\s*<secret type='passphrase' uuid='${uuid}'/>`));
  assert.match(p.steps[0]?.stdin ?? '', /<usage type='volume'>\s*<volume>\/p\/new.qcow2<\/volume>/);
});

test('attach: the source as the host sees it (missing, wrong kind, a folder QEMU cannot enter)', () => {
  const facts = (over: Partial<HostPathFacts>): HostPathFacts => ({ path: '/img/x.img', kind: 'file', closedDirs: [], ...over });
  const refused = (source: Parameters<typeof planAttachDisk>[2]['source'], f: HostPathFacts, re: RegExp) =>
    assert.throws(
      () => planAttachDisk(inv, 'u', { domain: 'off', source, format: 'raw' }, { sourceFacts: f }),
      (e: unknown) => e instanceof SpindleError && re.test(e.message) && e.details?.field === 'source' && !!e.hint,
      re.source,
    );
  const missing = facts({ path: '/nonexistent/x.img', kind: 'missing', firstMissing: '/nonexistent' });
  refused({ kind: 'file', path: '/nonexistent/x.img' }, missing, /^\/nonexistent\/x\.img does not exist on h \(\/nonexistent is missing\)\.$/);
  // Without a format the missing file is still what is named (the format check comes later).
  assert.throws(() => planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'file', path: '/nonexistent/x.img' } }, { sourceFacts: missing }), /does not exist/);
  refused({ kind: 'iso', path: '/img/x.img' }, facts({ kind: 'dir' }), /is a folder, not an image file/);
  refused({ kind: 'file', path: '/img/x.img' }, facts({ kind: 'block' }), /is a block device, not an image file/);
  refused({ kind: 'block', dev: '/img/x.img' }, facts({ kind: 'file' }), /is a regular file, not a block device/);
  const ok = planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'block', dev: '/dev/sdz' }, format: 'raw' }, { sourceFacts: facts({ path: '/dev/sdz', kind: 'block' }) });
  assert.deepEqual(ok.warnings, []);
  const closed = planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'file', path: '/root/img/x.img' }, format: 'raw' }, { sourceFacts: facts({ path: '/root/img/x.img', closedDirs: [{ dir: '/root', mode: '0700', owner: 'root', group: 'root' }] }) });
  assert.match(closed.warnings.map(english).join('\n'), /\/root \(mode 0700, root:root\) does not let other users in.*chmod o\+x \/root/);
  const unknown = planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'file', path: '/img/x.img' }, format: 'raw' }, { sourceFacts: facts({ kind: 'unknown' }) });
  assert.match(unknown.warnings.map(english).join('\n'), /could not look at \/img\/x\.img/);
});

test('the default bus of a CD-ROM is the rule\'s (scsi for a running VM, sata for a stopped one), among the buses the VM offers', () => {
  const iso = { kind: 'iso', path: '/isos/x.iso' } as const;
  const bus = (p: ReturnType<typeof planAttachDisk>) => /bus='(\w+)'/.exec(p.steps.at(-1)?.stdin ?? '')?.[1];
  assert.equal(bus(planAttachDisk(inv, 'u', { domain: 'run', source: iso })), defaultBus('cdrom', undefined, true));
  assert.equal(bus(planAttachDisk(inv, 'u', { domain: 'run', source: iso })), 'scsi');
  assert.equal(bus(planAttachDisk(inv, 'u', { domain: 'off', source: iso })), 'sata');
  const noScsi = { buses: ['virtio', 'sata'] as Array<'virtio' | 'sata'>, devices: ['disk', 'cdrom'] as Array<'disk' | 'cdrom'>, usbController: false, osBootOrder: false };
  // Without SCSI a running VM's CD-ROM goes on SATA, which waits for a restart: refused unless persistent is chosen.
  fails(() => planAttachDisk(inv, 'u', { domain: 'run', source: iso }, { choices: noScsi }), /SATA disks cannot be hot-plugged/);
  assert.equal(bus(planAttachDisk(inv, 'u', { domain: 'run', source: iso, mode: 'persistent' }, { choices: noScsi })), 'sata');
});

test('modes: a transient VM takes live changes only; a live-only disk detaches live, a config-only one from the saved configuration', () => {
  const src = { kind: 'volume', pool: 'p', volume: 'free.qcow2' } as const;
  const transient = { ...inv, domains: [{ ...dom('t', 'running', [disk('vda', '/p/root.qcow2')]), persistent: false }] };
  assert.deepEqual(planAttachDisk(transient, 'u', { domain: 't', source: src, mode: 'live' }).steps.map((s) => s.argv.at(-1)), ['--live']);
  fails(() => planAttachDisk(transient, 'u', { domain: 't', source: src, mode: 'both' }), /transient/);
  const pending = { ...inv, domains: [{ ...dom('p', 'running', [disk('vda', '/p/root.qcow2'), disk('vdc', '/p/free.qcow2')]), pendingDisks: { liveOnly: ['vdc'], configOnly: ['vdd'], changed: [] } }] };
  assert.deepEqual(planDetachDisk(pending, 'u', { domain: 'p', target: 'vdc' }).steps.map((s) => s.argv[3] + ' ' + s.argv.at(-1)), ['detach-disk --live', 'domblklist p']);
  fails(() => planDetachDisk(pending, 'u', { domain: 'p', target: 'vdc', mode: 'both' }), /attached to the running VM only/);
  assert.deepEqual(planDetachDisk(pending, 'u', { domain: 'p', target: 'vdd' }).steps.map((s) => s.argv.at(-1)), ['--config']);
  fails(() => planDetachDisk(pending, 'u', { domain: 'p', target: 'vdd', mode: 'live' }), /only in the saved configuration/);
  fails(() => planDetachDisk(inv, 'u', { domain: 'off', target: 'vda', mode: 'live' }), /not running, so nothing can be detached live/);
});

test('refusals are messages with the request field at fault; plans read in Chinese', () => {
  const refusal = (fn: () => unknown): SpindleError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof SpindleError) return e;
      throw e;
    }
    assert.fail('not refused');
  };
  const src = { kind: 'volume', pool: 'p', volume: 'free.qcow2' } as const;
  for (const [fn, field] of [
    [() => planAttachDisk(inv, 'u', { domain: 'off', source: src, mode: 'live' }), 'mode'],
    [() => planAttachDisk(inv, 'u', { domain: 'run', source: src, target: 'vda' }), 'target'],
    [() => planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'volume', pool: 'p', volume: 'root.qcow2' } }), 'source'],
    [() => planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'nope' } }), 'source'],
    [() => planAttachDisk(inv, 'u', { domain: 'run', source: src, options: { detectZeroes: 'unmap' } }), 'detectZeroes'],
    [() => planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'new-volume', volume: { pool: 'p', name: 'root.qcow2', capacityBytes: 1, format: 'qcow2', allocation: 'sparse' } } }), 'name'],
    [() => planDetachDisk(inv, 'u', { domain: 'run', target: 'sda', mode: 'persistent', deleteVolume: true }), 'deleteVolume'],
    [() => planDetachDisk(inv, 'u', { domain: 'run', target: 'vdz' }), 'target'],
  ] as const) {
    const e = refusal(fn);
    assert.equal(e.details?.field, field, e.message);
    assert.ok(e.msg && /\p{Script=Han}/u.test(renderMsg(e.msg, 'zh-CN')), e.message);
  }
  const p = planInfo(planAttachDisk(inv, 'u', { domain: 'run', source: src }));
  for (const m of [p.titleMsg, ...p.steps.flatMap((s) => [s.descriptionMsg, s.partialNoteMsg])]) if (m) assert.match(renderMsg(m, 'zh-CN'), /\p{Script=Han}/u);
  assert.ok(p.titleMsg && p.steps.every((s) => s.descriptionMsg));
});

test('attach: a target held only by the saved configuration is not offered again', () => {
  const running = dom('run', 'running', [disk('vda', '/p/root.qcow2'), disk('vdb', '/p/base.qcow2')]);
  running.pendingDisks = { liveOnly: [], configOnly: ['vdc'], changed: [] };
  const withPending: Inventory = { ...inv, domains: [running] };
  const p = planAttachDisk(withPending, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' } });
  assert.match(p.steps[0]?.stdin ?? '', /<target dev='vdd' bus='virtio'\/>/);
  fails(() => planAttachDisk(withPending, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' }, target: 'vdc' }), /vdc/);
});
