// `spindle guest fs|mount|umount` and `spindle host partitions|mount|umount|mounts`:
// the CLI twins of the filesystems view and the mount wizards, checked by the
// API's request schemas and planned by this feature's own planners (so
// --dry-run prints exactly what the wizard's review shows).
import { GuestMountRequestSchema, GuestUmountRequestSchema, HostMountRequestSchema, HostUmountRequestSchema, MkfsTypeSchema, type HostMountSource } from '../../../../shared/contract/features/mounts.ts';
import { API } from '../../../../shared/contract/api.ts';
import { msg, type MessageKey } from '../../../../shared/core/messages.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import type { CliCommand, CliContext, CliFeature, Flag, Values } from '../../cli/command.ts';
import { CHANGE_FLAGS, checked, choicesOf, defined, HOST_FILTER, HOST_FLAGS, JSON_OUT, num, poolVolume, str } from '../../cli/flags.ts';
import { printTable } from '../../cli/format.ts';
import { printJson, runOrShow } from '../../cli/output.ts';
import type { Plan } from '../../plan/plan.ts';
import type { HostSession } from '../../session/host-session.ts';
import type { mountPlanners } from './feature.ts';
import type { HostMountRegistry } from './mounts.ts';
import { agentUnavailable } from './refusals.ts';

// This feature's planners, handlers and mount records load when a command runs (the command list is read at every start).
const feature = () => import('./feature.ts');
const records = async (configDir: string): Promise<HostMountRegistry> => {
  const mounts = new (await import('./mounts.ts')).HostMountRegistry(configDir);
  await mounts.load();
  return mounts;
};
type MountPlanners = ReturnType<typeof mountPlanners>;

const VM: Flag = { name: 'vm', value: 'VM', description: msg('mounts.cli.flags.vm'), required: true };
const VOLUME: Flag = { name: 'volume', value: 'POOL/VOL', description: msg('mounts.cli.flags.volume'), default: msg('mounts.cli.defaults.source') };
const FILE: Flag = { name: 'file', value: 'PATH', description: msg('mounts.cli.flags.file'), default: msg('mounts.cli.defaults.source'), complete: 'file' };
const NONE = msg('cli.help.none');
type Column = Extract<MessageKey, `mounts.cli.col.${string}`>;
/** A table's headings in the user's language. */
const columns = (ctx: CliContext, ...keys: Column[]): string[] => keys.map((k) => ctx.say(msg(k)));

/** Shows or runs a mount plan, saying where it mounted. */
async function mountChange(ctx: CliContext, values: Values, plan: (session: HostSession, planners: MountPlanners) => Promise<Plan>): Promise<number> {
  return ctx.withSession(values, async (session) => {
    const p = await plan(session, (await feature()).mountPlanners(await records(ctx.configDir)));
    return runOrShow(ctx, session, p, values, {
      report: async () => ({
        json: p.result ? { result: p.result } : {},
        more: p.result?.mountpoint ? [ctx.text('cli.plan.mounted', { mountpoint: p.result.mountpoint, id: p.result.id ?? '' })] : [],
      }),
    });
  });
}

const guestFs: CliCommand = {
  path: ['guest', 'fs'],
  summary: msg('mounts.cli.guestFs.summary'),
  flags: [...HOST_FLAGS, VM, JSON_OUT],
  async run(ctx, { values }) {
    const params = checked(ctx, API['guest.blockdevs'].params, { host: str(values, 'host'), domain: str(values, 'vm') }, { host: 'host', domain: 'vm' }, values);
    return ctx.withSession(values, async (session) => {
      const fs = await (await feature()).mountsFeature.start(await ctx.featureHost(session)).handlers['guest.blockdevs'](params);
      if (values.json) {
        printJson(ctx.io, fs);
        return 0;
      }
      if (fs.agent !== 'ok') throw agentUnavailable(params.domain, fs.agent);
      const inFstab = new Set((fs.fstab ?? []).map((e) => e.file));
      printTable(
        ctx.io.out,
        columns(ctx, 'mounts.cli.col.device', 'mounts.cli.col.kind', 'mounts.cli.col.disk', 'mounts.cli.col.size', 'mounts.cli.col.fs', 'mounts.cli.col.label', 'mounts.cli.col.uuid', 'mounts.cli.col.mounted', 'mounts.cli.col.used', 'mounts.cli.col.fstab'),
        fs.devices.map((d) => [
          d.path,
          d.kind,
          d.target ?? '-',
          formatBytes(d.sizeBytes),
          d.fsType ?? '-',
          d.label ?? '-',
          d.uuid ?? '-',
          d.mountpoints.join(',') || '-',
          d.usedBytes !== undefined && d.totalBytes ? ctx.say(msg('mounts.cli.guestFs.used', { used: formatBytes(d.usedBytes), total: formatBytes(d.totalBytes) })) : '-',
          d.mountpoints.some((m) => inFstab.has(m)) ? ctx.text('cli.word.yes') : '-',
        ]),
      );
      ctx.io.out(ctx.text('cli.guest.mkfs', { programs: fs.mkfs.join(', ') || ctx.text('cli.guest.noMkfs') }) + '\n');
      // The notes as messages where the handler gave them (the English otherwise).
      for (const n of fs.noteMsgs ?? fs.notes) ctx.io.err(ctx.text('cli.prefix.note', { text: ctx.say(n) }) + '\n');
      return 0;
    });
  },
};

const guestMount: CliCommand = {
  path: ['guest', 'mount'],
  summary: msg('mounts.cli.guestMount.summary'),
  details: msg('mounts.cli.guestMount.details'),
  flags: [
    ...HOST_FLAGS,
    VM,
    { name: 'device', value: 'DEV', description: msg('mounts.cli.guestMount.flags.device'), required: true },
    { name: 'mountpoint', value: 'DIR', description: msg('mounts.cli.guestMount.flags.mountpoint'), required: true },
    { name: 'options', value: 'a,b', description: msg('mounts.cli.guestMount.flags.options'), default: NONE },
    { name: 'mkfs', value: 'TYPE', description: msg('mounts.cli.guestMount.flags.mkfs'), choices: choicesOf(MkfsTypeSchema), default: msg('mounts.cli.guestMount.defaults.mkfs') },
    { name: 'label', value: 'L', description: msg('mounts.cli.guestMount.flags.label'), default: NONE },
    { name: 'yes-erase', value: 'DEV', description: msg('mounts.cli.guestMount.flags.yesErase'), default: NONE },
    { name: 'fstab', description: msg('mounts.cli.guestMount.flags.fstab') },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const mkfs = str(values, 'mkfs');
    const device = str(values, 'device') ?? '';
    const confirm = str(values, 'yes-erase');
    if (mkfs !== undefined && confirm === undefined) throw ctx.usage('cli.usage.mkfsConfirm', { device });
    const request = checked(
      ctx,
      GuestMountRequestSchema,
      {
        domain: str(values, 'vm'),
        device,
        mountpoint: str(values, 'mountpoint'),
        options: (str(values, 'options') ?? '').split(',').filter(Boolean),
        fstab: !!values.fstab,
        ...(mkfs !== undefined ? { mkfs: defined({ type: mkfs, confirm, label: str(values, 'label') }) } : {}),
      },
      { domain: 'vm', device: 'device', mountpoint: 'mountpoint', options: 'options', fstab: 'fstab', mkfs: 'mkfs', 'mkfs.label': 'label', 'mkfs.confirm': 'yes-erase' },
      values,
    );
    return mountChange(ctx, values, async (session, planners) => planners['guest.mount'](session, await session.reload(), request));
  },
};

const guestUmount: CliCommand = {
  path: ['guest', 'umount'],
  summary: msg('mounts.cli.guestUmount.summary'),
  flags: [
    ...HOST_FLAGS,
    VM,
    { name: 'mountpoint', value: 'DIR', description: msg('mounts.cli.guestUmount.flags.mountpoint'), required: true },
    { name: 'fstab', description: msg('mounts.cli.guestUmount.flags.fstab') },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const request = checked(ctx, GuestUmountRequestSchema, { domain: str(values, 'vm'), mountpoint: str(values, 'mountpoint'), fstab: !!values.fstab }, { domain: 'vm', mountpoint: 'mountpoint', fstab: 'fstab' }, values);
    return mountChange(ctx, values, async (session, planners) => planners['guest.umount'](session, await session.reload(), request));
  },
};

function sourceOf(ctx: CliContext, values: Values): HostMountSource {
  const file = str(values, 'file');
  if ((str(values, 'volume') === undefined) === (file === undefined)) throw ctx.usage('cli.usage.oneOf', { flags: '--volume POOL/VOL, --file PATH' });
  const pv = poolVolume(ctx, values, 'volume');
  return pv ? { kind: 'volume', ...pv } : { kind: 'file', path: file ?? '' };
}

const hostPartitions: CliCommand = {
  path: ['host', 'partitions'],
  summary: msg('mounts.cli.hostPartitions.summary'),
  flags: [...HOST_FLAGS, VOLUME, FILE, JSON_OUT],
  async run(ctx, { values }) {
    const params = checked(ctx, API['host.imagePartitions'].params, { host: str(values, 'host'), source: sourceOf(ctx, values) }, { host: 'host', source: 'volume', 'source.path': 'file' }, values);
    return ctx.withSession(values, async (session) => {
      const t = await (await feature()).mountsFeature.start(await ctx.featureHost(session)).handlers['host.imagePartitions'](params);
      if (values.json) printJson(ctx.io, t);
      else if (!t.table) ctx.io.out(ctx.text('cli.host.noPartitionTable', { image: t.image, format: t.format }) + '\n');
      else printTable(ctx.io.out, columns(ctx, 'mounts.cli.col.number', 'mounts.cli.col.start', 'mounts.cli.col.size', 'mounts.cli.col.type'), t.partitions.map((p) => [String(p.number), String(p.startBytes), formatBytes(p.sizeBytes), p.type]));
      return 0;
    });
  },
};

const hostMount: CliCommand = {
  path: ['host', 'mount'],
  summary: msg('mounts.cli.hostMount.summary'),
  flags: [
    ...HOST_FLAGS,
    VOLUME,
    FILE,
    { name: 'partition', value: 'N', description: msg('mounts.cli.hostMount.flags.partition'), default: msg('mounts.cli.hostMount.defaults.partition') },
    { name: 'rw', description: msg('mounts.cli.hostMount.flags.rw') },
    { name: 'mountpoint', value: 'DIR', description: msg('mounts.cli.hostMount.flags.mountpoint'), default: msg('mounts.cli.hostMount.defaults.mountpoint'), complete: 'dir' },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const request = checked(
      ctx,
      HostMountRequestSchema,
      defined({ source: sourceOf(ctx, values), readOnly: !values.rw, partition: num(ctx, values, 'partition'), mountpoint: str(values, 'mountpoint') }),
      { source: 'volume', partition: 'partition', readOnly: 'rw', mountpoint: 'mountpoint' },
      values,
    );
    return mountChange(ctx, values, async (session, planners) => planners['host.mount'](session, await session.reload(), request));
  },
};

const hostUmount: CliCommand = {
  path: ['host', 'umount'],
  summary: msg('mounts.cli.hostUmount.summary'),
  flags: [...HOST_FLAGS, { name: 'id', value: 'ID', description: msg('mounts.cli.hostUmount.flags.id'), required: true }, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const request = checked(ctx, HostUmountRequestSchema, { id: str(values, 'id') }, { id: 'id' }, values);
    return mountChange(ctx, values, async (session, planners) => planners['host.umount'](session, await session.reload(), request));
  },
};

const hostMounts: CliCommand = {
  path: ['host', 'mounts'],
  summary: msg('mounts.cli.hostMounts.summary'),
  flags: [HOST_FILTER, JSON_OUT],
  async run(ctx, { values }) {
    const { HostMountRegistry } = await import('./mounts.ts');
    const list = (await records(ctx.configDir)).list(str(values, 'host')).map((m) => HostMountRegistry.view(m));
    if (values.json) printJson(ctx.io, list);
    else printTable(ctx.io.out, columns(ctx, 'mounts.cli.col.id', 'mounts.cli.col.host', 'mounts.cli.col.image', 'mounts.cli.col.part', 'mounts.cli.col.mountpoint', 'mounts.cli.col.mode', 'mounts.cli.col.via'), list.map((m) => [m.id, m.host, m.image, m.partition ? String(m.partition) : '-', m.mountpoint, m.readOnly ? 'ro' : 'rw', m.via]));
    return 0;
  },
};

export const MOUNTS_CLI: CliFeature = {
  groups: { guest: msg('mounts.cli.group.guest'), host: msg('mounts.cli.group.host') },
  commands: [guestFs, guestMount, guestUmount, hostPartitions, hostMount, hostUmount, hostMounts],
};
