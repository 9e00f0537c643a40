// `spindle disk attach|detach|resize` and `spindle cdrom insert|eject`: the
// CLI twins of the disk wizards, checked by the API's request schemas and
// planned by this feature's own planners (the ones ops.plan uses).
import { AttachRequestSchema, CdromRequestSchema, DetachRequestSchema, DiskOptionsSchema, ResizeRequestSchema, type AttachSource } from '../../../../shared/contract/features/disks.ts';
import { msg } from '../../../../shared/core/messages.ts';
import type { CliCommand, CliContext, CliFeature, Flag, Values } from '../../cli/command.ts';
import { CHANGE_FLAGS, checked, choicesOf, defined, HOST_FLAGS, num, poolVolume, size, str } from '../../cli/flags.ts';
import { runOrShow } from '../../cli/output.ts';
import type { Plan } from '../../plan/plan.ts';
import type { HostSession } from '../../session/host-session.ts';

const VM: Flag = { name: 'vm', value: 'VM', description: msg('disks.cli.flags.vm'), required: true };
const MODE: Flag = { name: 'mode', value: 'MODE', description: msg('disks.cli.flags.mode'), choices: choicesOf(AttachRequestSchema.shape.mode) };
const TARGET: Flag = { name: 'target', value: 'T', description: msg('disks.cli.flags.target'), required: true };
const opt = DiskOptionsSchema.shape;
const ONE_SOURCE = msg('disks.cli.attach.defaults.oneSource');
const HYPERVISOR = msg('disks.cli.attach.defaults.hypervisor');
const NONE = msg('cli.help.none');

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
  summary: msg('disks.cli.attach.summary'),
  details: msg('disks.cli.attach.details'),
  flags: [
    ...HOST_FLAGS,
    VM,
    { name: 'volume', value: 'POOL/VOL', description: msg('disks.cli.attach.flags.volume'), default: ONE_SOURCE },
    { name: 'file', value: 'PATH', description: msg('disks.cli.attach.flags.file'), default: ONE_SOURCE, complete: 'file' },
    { name: 'block', value: 'DEV', description: msg('disks.cli.attach.flags.block'), default: ONE_SOURCE, complete: 'file' },
    { name: 'iso', value: 'PATH', description: msg('disks.cli.attach.flags.iso'), default: ONE_SOURCE, complete: 'file' },
    { name: 'device', value: 'DEVICE', description: msg('disks.cli.attach.flags.device'), choices: choicesOf(AttachRequestSchema.shape.device), default: msg('disks.cli.attach.defaults.device') },
    { name: 'bus', value: 'BUS', description: msg('disks.cli.attach.flags.bus'), choices: choicesOf(AttachRequestSchema.shape.bus), default: msg('disks.cli.attach.defaults.bus') },
    { name: 'target', value: 'T', description: msg('disks.cli.attach.flags.target'), default: msg('disks.cli.attach.defaults.target') },
    { name: 'format', value: 'FORMAT', description: msg('disks.cli.attach.flags.format'), choices: choicesOf(AttachRequestSchema.shape.format), default: msg('disks.cli.attach.defaults.format') },
    { name: 'cache', value: 'MODE', description: msg('disks.cli.attach.flags.cache'), choices: choicesOf(opt.cache), default: HYPERVISOR },
    { name: 'io', value: 'MODE', description: msg('disks.cli.attach.flags.io'), choices: choicesOf(opt.io), default: HYPERVISOR },
    { name: 'discard', value: 'MODE', description: msg('disks.cli.attach.flags.discard'), choices: choicesOf(opt.discard), default: HYPERVISOR },
    { name: 'detect-zeroes', value: 'MODE', description: msg('disks.cli.attach.flags.detectZeroes'), choices: choicesOf(opt.detectZeroes), default: HYPERVISOR },
    { name: 'readonly', description: msg('disks.cli.attach.flags.readonly') },
    { name: 'shareable', description: msg('disks.cli.attach.flags.shareable') },
    { name: 'serial', value: 'S', description: msg('disks.cli.attach.flags.serial'), default: NONE },
    { name: 'boot-order', value: 'N', description: msg('disks.cli.attach.flags.bootOrder'), default: NONE },
    { ...MODE, default: msg('disks.cli.attach.defaults.mode') },
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
  summary: msg('disks.cli.detach.summary'),
  flags: [
    ...HOST_FLAGS,
    VM,
    TARGET,
    { ...MODE, default: msg('disks.cli.detach.defaults.mode') },
    { name: 'delete-volume', description: msg('disks.cli.detach.flags.deleteVolume') },
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
  summary: msg('disks.cli.resize.summary'),
  flags: [...HOST_FLAGS, VM, TARGET, { name: 'size', value: 'SIZE', description: msg('disks.cli.resize.flags.size'), required: true }, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const request = checked(ctx, ResizeRequestSchema, defined({ domain: str(values, 'vm'), target: str(values, 'target'), newSizeBytes: size(ctx, values, 'size') }), { domain: 'vm', target: 'target', newSizeBytes: 'size' }, values);
    return change(ctx, values, async (session) => (await planners(ctx, session))['disk.resize'](session, await session.reload(), request));
  },
};

function cdrom(action: 'insert' | 'eject'): CliCommand {
  return {
    path: ['cdrom', action],
    summary: msg(action === 'insert' ? 'disks.cli.cdrom.insert' : 'disks.cli.cdrom.eject'),
    flags: [
      ...HOST_FLAGS,
      VM,
      ...(action === 'insert' ? [{ name: 'iso', value: 'PATH', description: msg('disks.cli.cdrom.flags.iso'), required: true, complete: 'file' } satisfies Flag] : []),
      { name: 'target', value: 'T', description: msg('disks.cli.cdrom.flags.target'), default: msg('disks.cli.cdrom.defaults.target') },
      ...CHANGE_FLAGS,
    ],
    async run(ctx, { values }) {
      const request = checked(ctx, CdromRequestSchema, defined({ domain: str(values, 'vm'), action, target: str(values, 'target'), iso: str(values, 'iso') }), { domain: 'vm', target: 'target', iso: 'iso' }, values);
      return change(ctx, values, async (session) => (await planners(ctx, session)).cdrom(session, await session.reload(), request));
    },
  };
}

export const DISKS_CLI: CliFeature = {
  groups: { disk: msg('disks.cli.group.disk'), cdrom: msg('disks.cli.group.cdrom') },
  commands: [diskAttach, diskDetach, diskResize, cdrom('insert'), cdrom('eject')],
};
