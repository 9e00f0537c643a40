// `spindle guest fs|mount|umount` and `spindle host partitions|mount|umount|mounts`:
// the CLI twins of the filesystems view and the mount wizards, checked by the
// API's request schemas and planned by this feature's own planners (so
// --dry-run prints exactly what the wizard's review shows).
import { GuestMountRequestSchema, HostMountRequestSchema, HostUmountRequestSchema, MkfsTypeSchema, type HostMountSource } from '../../../../shared/contract/mount.ts';
import { API } from '../../../../shared/contract/api.ts';
import { GuestUmountRequestSchema } from '../../../../shared/contract/ops.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import type { CliCommand, CliContext, CliFeature, Flag, Values } from '../../cli/command.ts';
import { CHANGE_FLAGS, checked, choicesOf, defined, HOST_FLAGS, JSON_OUT, num, poolVolume, str } from '../../cli/flags.ts';
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

const VM: Flag = { name: 'vm', value: 'VM', description: 'the running virtual machine', required: true };
const VOLUME: Flag = { name: 'volume', value: 'POOL/VOL', description: 'a volume of a storage pool', default: 'none: give --volume or --file' };
const FILE: Flag = { name: 'file', value: 'PATH', description: 'an image file on the host', default: 'none: give --volume or --file', complete: 'file' };

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
  summary: "a running guest's block devices and filesystems (through its agent), and the mkfs it has",
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
      ctx.io.out(ctx.text('cli.guest.mkfs', { programs: fs.mkfs.join(', ') || ctx.text('cli.guest.noMkfs') }) + '\n');
      for (const n of fs.notes) ctx.io.err(ctx.text('cli.prefix.note', { text: n }) + '\n');
      return 0;
    });
  },
};

const guestMount: CliCommand = {
  path: ['guest', 'mount'],
  summary: 'mount a device inside a running guest (optionally creating a filesystem first, and adding it to fstab by UUID)',
  details: 'Creating a filesystem erases the device: --mkfs needs --yes-erase with the device named again.',
  flags: [
    ...HOST_FLAGS,
    VM,
    { name: 'device', value: 'DEV', description: 'the guest device (/dev/vdb, /dev/vdb1), as "spindle guest fs" lists it', required: true },
    { name: 'mountpoint', value: 'DIR', description: 'where in the guest (created if missing)', required: true },
    { name: 'options', value: 'a,b', description: 'mount options (ro, noatime, nofail, ...)', default: 'none' },
    { name: 'mkfs', value: 'TYPE', description: 'create this filesystem first', choices: choicesOf(MkfsTypeSchema), default: 'none: mount the filesystem that is there' },
    { name: 'label', value: 'L', description: "the new filesystem's label (with --mkfs)", default: 'none' },
    { name: 'yes-erase', value: 'DEV', description: 'confirms --mkfs: the device again', default: 'none' },
    { name: 'fstab', description: 'also add it to the guest\'s /etc/fstab (backed up first, then tested)' },
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
  summary: 'unmount a filesystem inside a running guest (with --fstab also remove its fstab lines)',
  flags: [
    ...HOST_FLAGS,
    VM,
    { name: 'mountpoint', value: 'DIR', description: 'where it is mounted in the guest', required: true },
    { name: 'fstab', description: "also remove its lines from the guest's /etc/fstab (backed up first)" },
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
  summary: 'the partition table of an image or volume on the host (read-only)',
  flags: [...HOST_FLAGS, VOLUME, FILE, JSON_OUT],
  async run(ctx, { values }) {
    const params = checked(ctx, API['host.imagePartitions'].params, { host: str(values, 'host'), source: sourceOf(ctx, values) }, { host: 'host', source: 'volume', 'source.path': 'file' }, values);
    return ctx.withSession(values, async (session) => {
      const t = await (await feature()).mountsFeature.start(await ctx.featureHost(session)).handlers['host.imagePartitions'](params);
      if (values.json) printJson(ctx.io, t);
      else if (!t.table) ctx.io.out(ctx.text('cli.host.noPartitionTable', { image: t.image, format: t.format }) + '\n');
      else printTable(ctx.io.out, ['N', 'START', 'SIZE', 'TYPE'], t.partitions.map((p) => [String(p.number), String(p.startBytes), formatBytes(p.sizeBytes), p.type]));
      return 0;
    });
  },
};

const hostMount: CliCommand = {
  path: ['host', 'mount'],
  summary: 'mount an image or volume on the host, read-only unless --rw (refused while a running VM uses it)',
  flags: [
    ...HOST_FLAGS,
    VOLUME,
    FILE,
    { name: 'partition', value: 'N', description: 'the partition to mount (see "spindle host partitions")', default: 'the whole image' },
    { name: 'rw', description: 'mount it read-write' },
    { name: 'mountpoint', value: 'DIR', description: 'where (created if missing)', default: 'a new folder under /run/spindle/mnt', complete: 'dir' },
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
  summary: 'unmount an image that "spindle host mount" mounted',
  flags: [...HOST_FLAGS, { name: 'id', value: 'ID', description: 'the mount (see "spindle host mounts")', required: true }, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const request = checked(ctx, HostUmountRequestSchema, { id: str(values, 'id') }, { id: 'id' }, values);
    return mountChange(ctx, values, async (session, planners) => planners['host.umount'](session, await session.reload(), request));
  },
};

const hostMounts: CliCommand = {
  path: ['host', 'mounts'],
  summary: 'the images Spindle has mounted on hosts (no connection needed)',
  flags: [{ name: 'host', value: 'NAME', description: 'only those of this saved host', default: 'every host', complete: 'host' }, JSON_OUT],
  async run(ctx, { values }) {
    const { HostMountRegistry } = await import('./mounts.ts');
    const list = (await records(ctx.configDir)).list(str(values, 'host')).map((m) => HostMountRegistry.view(m));
    if (values.json) printJson(ctx.io, list);
    else printTable(ctx.io.out, ['ID', 'HOST', 'IMAGE', 'PART', 'MOUNTPOINT', 'MODE', 'VIA'], list.map((m) => [m.id, m.host, m.image, m.partition ? String(m.partition) : '-', m.mountpoint, m.readOnly ? 'ro' : 'rw', m.via]));
    return 0;
  },
};

export const MOUNTS_CLI: CliFeature = {
  groups: { guest: 'filesystems inside a running guest, through its agent: fs, mount, umount', host: 'disk images on the host: partitions, mount, umount, mounts' },
  commands: [guestFs, guestMount, guestUmount, hostPartitions, hostMount, hostUmount, hostMounts],
};
