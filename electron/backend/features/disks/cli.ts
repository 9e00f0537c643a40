// `spindle disk attach|detach|resize` and `spindle cdrom insert|eject`: the
// CLI twins of the disk wizards, checked by the API's request schemas and
// planned by this feature's own planners (the ones ops.plan uses).
import { AttachRequestSchema, CdromRequestSchema, DetachRequestSchema, DiskOptionsSchema, ResizeRequestSchema, type AttachSource } from '../../../../shared/contract/ops.ts';
import type { CliCommand, CliContext, CliFeature, Flag, Values } from '../../cli/command.ts';
import { CHANGE_FLAGS, checked, choicesOf, defined, HOST_FLAGS, num, poolVolume, size, str } from '../../cli/flags.ts';
import { runOrShow } from '../../cli/output.ts';
import type { Plan } from '../../plan/plan.ts';
import type { HostSession } from '../../session/host-session.ts';

const VM: Flag = { name: 'vm', value: 'VM', description: 'the virtual machine', required: true };
const MODE: Flag = { name: 'mode', value: 'MODE', description: 'live: the running VM only; persistent: the saved configuration (next start); both', choices: choicesOf(AttachRequestSchema.shape.mode) };
const opt = DiskOptionsSchema.shape;
const ONE_SOURCE = 'none: give exactly one source';

/** Plans (with `plan`), then shows or runs the plan; reports the VM's disks after. */
async function change(ctx: CliContext, values: Values, plan: (session: HostSession) => Promise<Plan>): Promise<number> {
  return ctx.withSession(values, async (session) => {
    const p = await plan(session);
    return runOrShow(ctx, session, p, values, {
      report: async () => {
        const dom = await session.refreshDomain(String(values.vm));
        return { json: { disks: dom?.disks ?? [] } };
      },
    });
  });
}

/** This feature's planners (loaded when a command runs: the command list is read at every start). */
const planners = async (ctx: CliContext, session: HostSession) => (await import('./feature.ts')).disksFeature.start(await ctx.featureHost(session)).planners;

const diskAttach: CliCommand = {
  path: ['disk', 'attach'],
  summary: 'attach a volume, file, block device or ISO to a VM',
  details: 'Give exactly one source: --volume POOL/VOL, --file PATH, --block DEV or --iso PATH.\nExample: spindle disk attach --host kvm1 --vm web2 --volume default/web2.qcow2 --cache none --discard unmap',
  flags: [
    ...HOST_FLAGS,
    VM,
    { name: 'volume', value: 'POOL/VOL', description: 'a volume of a storage pool', default: ONE_SOURCE },
    { name: 'file', value: 'PATH', description: 'an image file on the host', default: ONE_SOURCE, complete: 'file' },
    { name: 'block', value: 'DEV', description: 'a block device on the host', default: ONE_SOURCE, complete: 'file' },
    { name: 'iso', value: 'PATH', description: 'an ISO image, as a CD-ROM', default: ONE_SOURCE, complete: 'file' },
    { name: 'device', value: 'DEVICE', description: 'what the guest sees', choices: choicesOf(AttachRequestSchema.shape.device), default: 'cdrom for --iso, else disk' },
    { name: 'bus', value: 'BUS', description: 'the bus it is plugged into', choices: choicesOf(AttachRequestSchema.shape.bus), default: 'virtio for a disk, else the one that fits the device' },
    { name: 'target', value: 'T', description: 'its name in the VM (vdb, sdc)', default: 'the first free name on the bus' },
    { name: 'format', value: 'FORMAT', description: 'the image format of a file or device', choices: choicesOf(AttachRequestSchema.shape.format), default: 'read from the volume or image' },
    { name: 'cache', value: 'MODE', description: 'host cache mode', choices: choicesOf(opt.cache), default: "the hypervisor's" },
    { name: 'io', value: 'MODE', description: 'I/O mode', choices: choicesOf(opt.io), default: "the hypervisor's" },
    { name: 'discard', value: 'MODE', description: 'pass discard (TRIM) requests on, or ignore them', choices: choicesOf(opt.discard), default: "the hypervisor's" },
    { name: 'detect-zeroes', value: 'MODE', description: 'detect writes of zeros', choices: choicesOf(opt.detectZeroes), default: "the hypervisor's" },
    { name: 'readonly', description: 'the guest cannot write it' },
    { name: 'shareable', description: 'other VMs may use it at the same time' },
    { name: 'serial', value: 'S', description: 'the serial number the guest sees', default: 'none' },
    { name: 'boot-order', value: 'N', description: 'its place in the boot order', default: 'none' },
    { ...MODE, default: 'both when the VM runs, else persistent' },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const given = (['volume', 'file', 'block', 'iso'] as const).filter((k) => str(values, k) !== undefined);
    const kind = given[0];
    if (given.length !== 1 || !kind) throw ctx.usage('cli.usage.oneOf', { flags: '--volume POOL/VOL, --file PATH, --block DEV, --iso PATH' });
    const raw = str(values, kind) ?? '';
    const pv = kind === 'volume' ? poolVolume(ctx, values, 'volume') : undefined;
    const source: AttachSource = pv ? { kind: 'volume', ...pv } : kind === 'block' ? { kind, dev: raw } : { kind: kind === 'iso' ? 'iso' : 'file', path: raw };
    const options = defined({
      cache: str(values, 'cache'),
      io: str(values, 'io'),
      discard: str(values, 'discard'),
      detectZeroes: str(values, 'detect-zeroes'),
      readonly: values.readonly ? true : undefined,
      shareable: values.shareable ? true : undefined,
      serial: str(values, 'serial'),
      bootOrder: num(ctx, values, 'boot-order'),
    });
    const request = checked(
      ctx,
      AttachRequestSchema,
      defined({ domain: str(values, 'vm'), source, options, device: str(values, 'device'), bus: str(values, 'bus'), target: str(values, 'target'), format: str(values, 'format'), mode: str(values, 'mode') }),
      { domain: 'vm', source: kind, device: 'device', bus: 'bus', target: 'target', format: 'format', mode: 'mode', 'options.cache': 'cache', 'options.io': 'io', 'options.discard': 'discard', 'options.detectZeroes': 'detect-zeroes', 'options.serial': 'serial', 'options.bootOrder': 'boot-order' },
      values,
    );
    // The feature's planner reads the VM's domain capabilities and the source as the host sees it.
    return change(ctx, values, async (session) => (await planners(ctx, session))['disk.attach'](session, await session.reload(), request));
  },
};

const diskDetach: CliCommand = {
  path: ['disk', 'detach'],
  summary: 'detach a disk from a VM (and with --delete-volume delete its volume, never a backing file)',
  flags: [
    ...HOST_FLAGS,
    VM,
    { name: 'target', value: 'T', description: 'the disk (vdb, sdc)', required: true },
    { ...MODE, default: 'every side the disk is on' },
    { name: 'delete-volume', description: 'also delete the volume behind the disk (a pool volume; the plan names the one file)' },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const request = checked(
      ctx,
      DetachRequestSchema,
      defined({ domain: str(values, 'vm'), target: str(values, 'target'), mode: str(values, 'mode'), deleteVolume: !!values['delete-volume'] }),
      { domain: 'vm', target: 'target', mode: 'mode', deleteVolume: 'delete-volume' },
      values,
    );
    return change(ctx, values, async (session) => (await planners(ctx, session))['disk.detach'](session, await session.reload(), request));
  },
};

const diskResize: CliCommand = {
  path: ['disk', 'resize'],
  summary: "grow a VM's disk (live when the VM runs; shrinking is refused)",
  flags: [...HOST_FLAGS, VM, { name: 'target', value: 'T', description: 'the disk (vdb, sdc)', required: true }, { name: 'size', value: 'SIZE', description: 'the new size: 40G, 512M or bytes', required: true }, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const request = checked(ctx, ResizeRequestSchema, defined({ domain: str(values, 'vm'), target: str(values, 'target'), newSizeBytes: size(ctx, values, 'size') }), { domain: 'vm', target: 'target', newSizeBytes: 'size' }, values);
    return change(ctx, values, async (session) => (await planners(ctx, session))['disk.resize'](session, await session.reload(), request));
  },
};

function cdrom(action: 'insert' | 'eject'): CliCommand {
  return {
    path: ['cdrom', action],
    summary: action === 'insert' ? "insert (or change) the ISO in a VM's CD-ROM drive" : "eject the ISO from a VM's CD-ROM drive",
    flags: [
      ...HOST_FLAGS,
      VM,
      ...(action === 'insert' ? [{ name: 'iso', value: 'PATH', description: 'the ISO image on the host', required: true, complete: 'file' } satisfies Flag] : []),
      { name: 'target', value: 'T', description: 'the drive', default: "the VM's first CD-ROM drive" },
      ...CHANGE_FLAGS,
    ],
    async run(ctx, { values }) {
      const request = checked(ctx, CdromRequestSchema, defined({ domain: str(values, 'vm'), action, target: str(values, 'target'), iso: str(values, 'iso') }), { domain: 'vm', target: 'target', iso: 'iso' }, values);
      return change(ctx, values, async (session) => (await planners(ctx, session)).cdrom(session, await session.reload(), request));
    },
  };
}

export const DISKS_CLI: CliFeature = {
  groups: { disk: "a VM's disks: attach, detach, resize", cdrom: "a VM's CD-ROM drive: insert, eject" },
  commands: [diskAttach, diskDetach, diskResize, cdrom('insert'), cdrom('eject')],
};
