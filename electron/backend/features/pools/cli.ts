// `spindle pool ...`: the pool types a host runs, a new pool (dir, fs), and
// a pool's life (start, stop, refresh, autostart, undefine, delete), planned
// by the same planners and checked by the same request schemas as the API,
// so --dry-run prints exactly what the review page shows.
import { CreatePoolRequestSchema, PoolAutostartRequestSchema, PoolDeleteRequestSchema, PoolRefRequestSchema } from '../../../../shared/contract/features/pools.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { joinTexts, msg, type MessageKey } from '../../../../shared/core/messages.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import type { CliCommand, CliContext, CliFeature, Flag, Values } from '../../cli/command.ts';
import { CHANGE_FLAGS, checked, defined, HOST_FLAGS, JSON_OUT, str } from '../../cli/flags.ts';
import { printResult, runOrShow } from '../../cli/output.ts';
import type { Plan } from '../../plan/plan.ts';

// The planners load when a command runs (the command list is read at every start).
const lifecycle = () => import('./pool-lifecycle.ts');

const POOL: Flag = { name: 'pool', value: 'POOL', description: msg('pools.cli.flags.pool'), required: true };

/** A usage error (exit 2) of this feature's own. */
function usage(ctx: CliContext, key: MessageKey, params: Record<string, string>, flag: string): SpindleError {
  return SpindleError.of('INVALID_ARGUMENT', key, { ...params, command: ctx.command }, undefined, { usage: 'true', flag });
}

/** Plans against a fresh inventory, then shows (--dry-run) or runs the plan. */
function change(ctx: CliContext, values: Values, plan: (inv: Inventory, uri: string) => Plan): Promise<number> {
  return ctx.withSession(values, async (session) => runOrShow(ctx, session, plan(await session.reload(), session.config.uri), values));
}

type Simple = 'start' | 'stop' | 'refresh' | 'undefine';
const SIMPLE: Record<Simple, 'planPoolStart' | 'planPoolStop' | 'planPoolRefresh' | 'planPoolUndefine'> = { start: 'planPoolStart', stop: 'planPoolStop', refresh: 'planPoolRefresh', undefine: 'planPoolUndefine' };

const simpleCommands: CliCommand[] = (Object.keys(SIMPLE) as Simple[]).map((word) => ({
  path: ['pool', word],
  summary: msg(`pools.cli.${word}.summary`),
  details: msg(`pools.cli.${word}.details`),
  flags: [...HOST_FLAGS, POOL, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const request = checked(ctx, PoolRefRequestSchema, defined({ pool: str(values, 'pool') }), { pool: 'pool' }, values);
    const planners = await lifecycle();
    return change(ctx, values, (inv, uri) => planners[SIMPLE[word]](inv, uri, request));
  },
}));

const poolAutostart: CliCommand = {
  path: ['pool', 'autostart'],
  summary: msg('pools.cli.autostart.summary'),
  details: msg('pools.cli.autostart.details'),
  args: [{ name: 'on|off', description: msg('pools.cli.autostart.state') }],
  flags: [...HOST_FLAGS, POOL, ...CHANGE_FLAGS],
  async run(ctx, { values, args }) {
    const state = args[0];
    if (state !== 'on' && state !== 'off') throw usage(ctx, 'pools.cli.autostart.badState', { value: JSON.stringify(state ?? '') }, 'on|off');
    const request = checked(ctx, PoolAutostartRequestSchema, defined({ pool: str(values, 'pool'), on: state === 'on' }), { pool: 'pool' }, values);
    const { planPoolAutostart } = await lifecycle();
    return change(ctx, values, (inv, uri) => planPoolAutostart(inv, uri, request));
  },
};

const poolDelete: CliCommand = {
  path: ['pool', 'delete'],
  summary: msg('pools.cli.delete.summary'),
  details: msg('pools.cli.delete.details'),
  flags: [...HOST_FLAGS, POOL, { name: 'with-volumes', description: msg('pools.cli.delete.flags.withVolumes') }, { name: 'wipe', description: msg('pools.cli.delete.flags.wipe') }, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    // Wiping is a later part of the work: refused, never silently skipped.
    if (values.wipe) throw usage(ctx, 'pools.cli.delete.wipeLater', {}, 'wipe');
    const request = checked(ctx, PoolDeleteRequestSchema, defined({ pool: str(values, 'pool'), withVolumes: values['with-volumes'] === true }), { pool: 'pool', withVolumes: 'with-volumes' }, values);
    const { planPoolDelete } = await lifecycle();
    return change(ctx, values, (inv, uri) => planPoolDelete(inv, uri, request));
  },
};

const poolCreate: CliCommand = {
  path: ['pool', 'create'],
  summary: msg('pools.cli.create.summary'),
  details: msg('pools.cli.create.details'),
  flags: [
    ...HOST_FLAGS,
    { name: 'name', value: 'NAME', description: msg('pools.cli.create.flags.name'), required: true },
    { name: 'type', value: 'TYPE', description: msg('pools.cli.create.flags.type'), required: true, choices: ['dir', 'fs'] },
    { name: 'target', value: 'PATH', description: msg('pools.cli.create.flags.target'), required: true, complete: 'dir' },
    { name: 'mode', value: 'MODE', description: msg('pools.cli.create.flags.mode'), default: msg('pools.cli.create.defaults.libvirt') },
    { name: 'owner', value: 'UID', description: msg('pools.cli.create.flags.owner'), default: msg('pools.cli.create.defaults.libvirt') },
    { name: 'group', value: 'GID', description: msg('pools.cli.create.flags.group'), default: msg('pools.cli.create.defaults.libvirt') },
    { name: 'source-device', value: 'DEV', description: msg('pools.cli.create.flags.sourceDevice'), default: msg('pools.cli.create.defaults.sourceDevice'), complete: 'file' },
    { name: 'source-format', value: 'FS', description: msg('pools.cli.create.flags.sourceFormat'), default: msg('pools.cli.create.defaults.sourceFormat') },
    { name: 'build', description: msg('pools.cli.create.flags.build') },
    { name: 'yes-format', value: 'DEV', description: msg('pools.cli.create.flags.yesFormat'), default: msg('pools.cli.create.defaults.yesFormat') },
    { name: 'autostart', description: msg('pools.cli.create.flags.autostart') },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const mode = str(values, 'mode');
    const owner = str(values, 'owner');
    const group = str(values, 'group');
    const request = checked(
      ctx,
      CreatePoolRequestSchema,
      defined({
        name: str(values, 'name'),
        type: str(values, 'type'),
        target: str(values, 'target'),
        permissions: (mode ?? owner ?? group) !== undefined ? defined({ mode, owner, group }) : undefined,
        sourceDevice: str(values, 'source-device'),
        sourceFormat: str(values, 'source-format'),
        build: values.build === true,
        formatDevice: str(values, 'yes-format'),
        autostart: values.autostart === true,
      }),
      { name: 'name', type: 'type', target: 'target', 'permissions.mode': 'mode', 'permissions.owner': 'owner', 'permissions.group': 'group', sourceDevice: 'source-device', sourceFormat: 'source-format', build: 'build', formatDevice: 'yes-format', autostart: 'autostart' },
      values,
    );
    const { planCreatePool } = await import('./pool-create.ts');
    return change(ctx, values, (inv, uri) => planCreatePool(inv, uri, request));
  },
};

const poolTypesCommand: CliCommand = {
  path: ['pool', 'types'],
  summary: msg('pools.cli.types.summary'),
  details: msg('pools.cli.types.details'),
  flags: [...HOST_FLAGS, JSON_OUT],
  async run(ctx, { values }) {
    return ctx.withSession(values, async (session) => {
      const { readPoolTypes } = await import('./pool-types.ts');
      const types = await readPoolTypes(session.virsh);
      const yes = ctx.say(msg('pools.cli.types.yes'));
      const no = ctx.say(msg('pools.cli.types.no'));
      const lines = types.map((t) =>
        ctx.say(
          msg(t.supported ? 'pools.cli.types.line' : 'pools.cli.types.lineMissing', {
            type: t.type,
            build: t.buildable ? yes : no,
            create: t.creatable ? yes : no,
            formats: t.volumeFormats.length ? t.volumeFormats.slice(0, 4).join(', ') + (t.volumeFormats.length > 4 ? ', …' : '') : msg('pools.cli.types.noVolumes'),
            packages: t.packages.debian ?? t.packages.fedora ? joinTexts([...(t.packages.debian ? [msg('pools.cli.types.debian', { name: t.packages.debian })] : []), ...(t.packages.fedora ? [msg('pools.cli.types.fedora', { name: t.packages.fedora })] : [])]) : msg('pools.cli.types.noPackage'),
          }),
        ),
      );
      printResult(ctx, values, { types }, lines.join('\n'));
      return 0;
    });
  },
};

const poolUsage: CliCommand = {
  path: ['pool', 'usage'],
  summary: msg('pools.usage.cli.summary'),
  details: msg('pools.usage.cli.details'),
  flags: [...HOST_FLAGS, POOL, JSON_OUT],
  async run(ctx, { values }) {
    const pool = checked(ctx, PoolRefRequestSchema, defined({ pool: str(values, 'pool') }), { pool: 'pool' }, values).pool;
    return ctx.withSession(values, async (session) => {
      const [{ readPoolUsage }, { usageText }] = await Promise.all([import('./pool-usage.ts'), import('./usage-text.ts')]);
      const usage = await readPoolUsage(session, await session.reload(), pool);
      printResult(ctx, values, usage, usageText(usage, (t) => ctx.say(t)));
      return 0;
    });
  },
};

export const POOLS_CLI: CliFeature = {
  groups: { pool: msg('pools.cli.group') },
  commands: [poolTypesCommand, poolCreate, ...simpleCommands, poolAutostart, poolDelete, poolUsage],
};
