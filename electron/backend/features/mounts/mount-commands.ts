// `spindle guest fs|mount|umount` and `spindle host mount|umount|mounts|partitions`:
// the CLI twins of the filesystems view and the mount wizards, planned by the
// same planners (so --dry-run prints exactly what the wizard's review shows).
import { english } from '../../../../shared/core/messages.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { MKFS_TYPES, type HostMountSource, type MkfsType } from '../../../../shared/contract/mount.ts';
import type { Operation } from '../../../../shared/contract/ops.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { guestBlockDevs } from './blockdevs.ts';
import { HostMountRegistry } from './mounts.ts';
import type { HostSession } from '../../session/host-session.ts';
import { imagePartitions } from './host-mount.ts';
import { findDomain } from '../../plan/lookup.ts';
import { planOperation } from '../../service/plan-operation.ts';
import { planInfo, planToScript } from '../../plan/plan.ts';
import { runCliPlan } from '../../cli/run-job.ts';
import { printTable } from '../../cli/format.ts';
import type { CliIo } from '../../cli/link-report.ts';

type Values = Record<string, string | boolean | undefined>;
const usage = (msg: string): SpindleError => new SpindleError('INVALID_ARGUMENT', msg, 'Run "spindle help" for the list of commands.', { usage: 'true' });
const str = (v: Values, k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
const need = (v: Values, k: string): string => {
  const s = str(v, k);
  if (s === undefined) throw usage(`--${k} is required.`);
  return s;
};

export const MOUNT_OPTIONS = {
  vm: { type: 'string' },
  device: { type: 'string' },
  mountpoint: { type: 'string' },
  options: { type: 'string' },
  mkfs: { type: 'string' },
  label: { type: 'string' },
  'yes-erase': { type: 'string' },
  fstab: { type: 'boolean' },
  volume: { type: 'string' },
  file: { type: 'string' },
  partition: { type: 'string' },
  rw: { type: 'boolean' },
  id: { type: 'string' },
} as const;

/** Runs (or with --dry-run prints) an operation's plan; returns the plan's result values. */
async function runOp(session: HostSession, op: Operation, values: Values, io: CliIo, mounts?: HostMountRegistry): Promise<number> {
  const inv = await session.reload();
  const plan = await planOperation(session, inv, op, mounts ? { mounts } : {});
  for (const w of plan.warnings) io.err(`warning: ${english(w)}\n`);
  if (values['dry-run']) {
    io.out(values.json ? JSON.stringify({ plan: planInfo(plan) }, null, 2) + '\n' : planToScript(plan));
    return 0;
  }
  await runCliPlan(session, plan, io);
  await plan.onSucceeded?.();
  if (values.json) io.out(JSON.stringify({ done: english(plan.title), ...(plan.result ? { result: plan.result } : {}) }, null, 2) + '\n');
  else io.out(`Done: ${english(plan.title)}.${plan.result?.mountpoint ? `\nMounted at ${plan.result.mountpoint} (id ${plan.result.id ?? ''}).` : ''}\n`);
  return 0;
}

export async function guestCommand(sub: string, session: HostSession, values: Values, io: CliIo): Promise<number> {
  const vm = need(values, 'vm');
  if (sub === 'fs') {
    const fs = await guestBlockDevs(session, findDomain(await session.reload(), vm).name);
    if (values.json) {
      io.out(JSON.stringify(fs, null, 2) + '\n');
      return 0;
    }
    if (fs.agent !== 'ok') {
      const why = { missing: 'has no guest agent channel (spindle cannot look inside it)', unresponsive: 'has an agent channel, but the agent does not answer', 'not-running': 'is not running' }[fs.agent];
      throw new SpindleError('AGENT_UNAVAILABLE', `VM "${vm}" ${why}.`, 'Install and start qemu-guest-agent in the guest; the VM needs an org.qemu.guest_agent.0 virtio channel.');
    }
    const inFstab = new Set((fs.fstab ?? []).map((e) => e.file));
    printTable(
      io.out,
      ['DEVICE', 'KIND', 'DISK', 'SIZE', 'FS', 'LABEL', 'UUID', 'MOUNTED', 'USED', 'FSTAB'],
      fs.devices.map((d) => [
        d.path,
        d.kind,
        d.target ?? '-',
        formatBytes(d.sizeBytes),
        d.fsType ?? '-',
        d.label ?? '-',
        d.uuid ?? '-',
        d.mountpoints.join(',') || '-',
        d.usedBytes !== undefined && d.totalBytes ? `${formatBytes(d.usedBytes)} of ${formatBytes(d.totalBytes)}` : '-',
        d.mountpoints.some((m) => inFstab.has(m)) ? 'yes' : '-',
      ]),
    );
    io.out(`mkfs in the guest: ${fs.mkfs.join(', ') || 'none'}\n`);
    for (const n of fs.notes) io.err(`note: ${n}\n`);
    return 0;
  }
  if (sub === 'mount') {
    const mkfs = str(values, 'mkfs');
    if (mkfs !== undefined && !(MKFS_TYPES as readonly string[]).includes(mkfs)) throw usage(`--mkfs must be one of ${MKFS_TYPES.join(', ')}.`);
    const device = need(values, 'device');
    if (mkfs !== undefined && str(values, 'yes-erase') === undefined) throw usage(`--mkfs erases the device: confirm with --yes-erase ${device}.`);
    const label = str(values, 'label');
    const op: Operation = {
      kind: 'guest.mount',
      host: session.name,
      request: {
        domain: vm,
        device,
        mountpoint: need(values, 'mountpoint'),
        options: (str(values, 'options') ?? '').split(',').filter(Boolean),
        fstab: !!values.fstab,
        ...(mkfs ? { mkfs: { type: mkfs as MkfsType, confirm: str(values, 'yes-erase') ?? '', ...(label ? { label } : {}) } } : {}),
      },
    };
    return runOp(session, op, values, io);
  }
  if (sub === 'umount') {
    return runOp(session, { kind: 'guest.umount', host: session.name, request: { domain: vm, mountpoint: need(values, 'mountpoint'), fstab: !!values.fstab } }, values, io);
  }
  throw usage(`Unknown "guest ${sub}" command.`);
}

function sourceOf(values: Values): HostMountSource {
  const vol = str(values, 'volume');
  const file = str(values, 'file');
  if ((vol === undefined) === (file === undefined)) throw usage('Give exactly one of --volume POOL/VOL or --file PATH.');
  if (file !== undefined) return { kind: 'file', path: file };
  const slash = (vol ?? '').indexOf('/');
  if (slash <= 0) throw usage('--volume takes POOL/VOLUME.');
  return { kind: 'volume', pool: (vol ?? '').slice(0, slash), volume: (vol ?? '').slice(slash + 1) };
}

export async function hostMountCommand(sub: string, session: HostSession, values: Values, io: CliIo, configDir: string): Promise<number> {
  const mounts = new HostMountRegistry(configDir);
  await mounts.load();
  if (sub === 'mount') {
    const part = str(values, 'partition');
    const partition = part === undefined ? undefined : Number(part);
    if (partition !== undefined && (!Number.isInteger(partition) || partition < 1)) throw usage('--partition takes a partition number (1, 2, ...).');
    const mp = str(values, 'mountpoint');
    const op: Operation = { kind: 'host.mount', host: session.name, request: { source: sourceOf(values), readOnly: !values.rw, ...(partition ? { partition } : {}), ...(mp ? { mountpoint: mp } : {}) } };
    return runOp(session, op, values, io, mounts);
  }
  if (sub === 'umount') return runOp(session, { kind: 'host.umount', host: session.name, request: { id: need(values, 'id') } }, values, io, mounts);
  if (sub === 'partitions') {
    const t = await imagePartitions(session, await session.reload(), sourceOf(values));
    if (values.json) io.out(JSON.stringify(t, null, 2) + '\n');
    else if (!t.table) io.out(`${t.image} (${t.format}): no partition table\n`);
    else printTable(io.out, ['N', 'START', 'SIZE', 'TYPE'], t.partitions.map((p) => [String(p.number), String(p.startBytes), formatBytes(p.sizeBytes), p.type]));
    return 0;
  }
  throw usage(`Unknown "host ${sub}" command.`);
}

/** `spindle host mounts`: what Spindle has mounted (no connection needed). */
export async function hostMountsList(configDir: string, values: Values, io: CliIo): Promise<number> {
  const mounts = new HostMountRegistry(configDir);
  await mounts.load();
  const list = mounts.list(str(values, 'host')).map((m) => HostMountRegistry.view(m));
  if (values.json) io.out(JSON.stringify(list, null, 2) + '\n');
  else printTable(io.out, ['ID', 'HOST', 'IMAGE', 'PART', 'MOUNTPOINT', 'MODE', 'VIA'], list.map((m) => [m.id, m.host, m.image, m.partition ? String(m.partition) : '-', m.mountpoint, m.readOnly ? 'ro' : 'rw', m.via]));
  return 0;
}
