// `spindle pool ...`: the pool types a host runs, its block devices and the
// sources libvirt finds, a new pool of any creatable type, and
// a pool's life (start, stop, refresh, autostart, undefine, delete), planned
// by the same planners and checked by the same request schemas as the API,
// so --dry-run prints exactly what the review page shows.
import { CREATABLE_POOL_TYPES, VOL_WIPE_ALGORITHMS, CreatePoolRequestSchema, PoolAutostartRequestSchema, PoolDeleteRequestSchema, PoolRefRequestSchema, PoolSourcesRequestSchema } from '../../../../shared/contract/features/pools.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { english, joinTexts, msg, type MessageKey } from '../../../../shared/core/messages.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import type { CliCommand, CliContext, CliFeature, Flag, Values } from '../../cli/command.ts';
import { CHANGE_FLAGS, checked, defined, HOST_FLAGS, JSON_OUT, list, str } from '../../cli/flags.ts';
import { askSecret } from '../../cli/prompt.ts';
import { printResult, runOrShow } from '../../cli/output.ts';
import type { Plan } from '../../plan/plan.ts';
import type { HostSession } from '../../session/host-session.ts';

// The planners load when a command runs (the command list is read at every start).
const lifecycle = () => import('./pool-lifecycle.ts');

const POOL: Flag = { name: 'pool', value: 'POOL', description: msg('pools.cli.flags.pool'), required: true };

/** A usage error (exit 2) of this feature's own. */
function usage(ctx: CliContext, key: MessageKey, params: Record<string, string>, flag: string): SpindleError {
  return SpindleError.of('INVALID_ARGUMENT', key, { ...params, command: ctx.command }, undefined, { usage: 'true', flag });
}

/** Plans against a fresh inventory, then shows (--dry-run) or runs the plan. */
function change(ctx: CliContext, values: Values, plan: (inv: Inventory, uri: string, session: HostSession) => Plan | Promise<Plan>): Promise<number> {
  return ctx.withSession(values, async (session) => runOrShow(ctx, session, await plan(await session.reload(), session.config.uri, session), values));
}

type Simple = 'start' | 'stop' | 'refresh' | 'undefine';
const SIMPLE: Record<Simple, 'planPoolStop' | 'planPoolRefresh' | 'planPoolUndefine' | null> = { start: null, stop: 'planPoolStop', refresh: 'planPoolRefresh', undefine: 'planPoolUndefine' };

const simpleCommands: CliCommand[] = (Object.keys(SIMPLE) as Simple[]).map((word) => ({
  path: ['pool', word],
  summary: msg(`pools.cli.${word}.summary`),
  details: msg(`pools.cli.${word}.details`),
  flags: [...HOST_FLAGS, POOL, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const request = checked(ctx, PoolRefRequestSchema, defined({ pool: str(values, 'pool') }), { pool: 'pool' }, values);
    const planners = await lifecycle();
    const planner = SIMPLE[word];
    // Start checks the host first (a netfs pool's mount helper), as the API's planner does.
    return change(ctx, values, (inv, uri, session) => (planner ? planners[planner](inv, uri, request) : planners.planPoolStartChecked(session, inv, request)));
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
  flags: [
    ...HOST_FLAGS,
    POOL,
    { name: 'with-volumes', description: msg('pools.cli.delete.flags.withVolumes') },
    { name: 'wipe', description: msg('pools.cli.delete.flags.wipe') },
    { name: 'algorithm', value: 'ALG', description: msg('pools.cli.delete.flags.algorithm'), default: 'zero', choices: VOL_WIPE_ALGORITHMS },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const request = checked(
      ctx,
      PoolDeleteRequestSchema,
      defined({ pool: str(values, 'pool'), withVolumes: values['with-volumes'] === true, wipe: values.wipe === true, algorithm: str(values, 'algorithm') }),
      { pool: 'pool', withVolumes: 'with-volumes', wipe: 'wipe', algorithm: 'algorithm' },
      values,
    );
    const { planPoolDelete } = await lifecycle();
    return change(ctx, values, (inv, uri) => planPoolDelete(inv, uri, request));
  },
};

const libvirtDefault = msg('pools.cli.create.defaults.libvirt');

const poolCreate: CliCommand = {
  path: ['pool', 'create'],
  summary: msg('pools.cli.create.summary'),
  details: msg('pools.cli.create.details'),
  flags: [
    ...HOST_FLAGS,
    { name: 'name', value: 'NAME', description: msg('pools.cli.create.flags.name'), required: true },
    { name: 'type', value: 'TYPE', description: msg('pools.cli.create.flags.type'), required: true, choices: CREATABLE_POOL_TYPES },
    { name: 'target', value: 'PATH', description: msg('pools.cli.create.flags.target'), default: msg('pools.cli.create.defaults.target'), complete: 'dir' },
    { name: 'mode', value: 'MODE', description: msg('pools.cli.create.flags.mode'), default: libvirtDefault },
    { name: 'owner', value: 'UID', description: msg('pools.cli.create.flags.owner'), default: libvirtDefault },
    { name: 'group', value: 'GID', description: msg('pools.cli.create.flags.group'), default: libvirtDefault },
    { name: 'source-host', value: 'HOST[:PORT]', description: msg('pools.cli.create.flags.sourceHost'), default: msg('pools.cli.create.defaults.sourceHost'), repeatable: true },
    { name: 'source-device', value: 'DEV', description: msg('pools.cli.create.flags.sourceDevice'), default: msg('pools.cli.create.defaults.sourceDevice'), complete: 'file', repeatable: true },
    { name: 'source-path', value: 'PATH', description: msg('pools.cli.create.flags.sourceDir'), default: msg('pools.cli.create.defaults.sourceDir') },
    { name: 'source-name', value: 'NAME', description: msg('pools.cli.create.flags.sourceName'), default: msg('pools.cli.create.defaults.sourceName') },
    { name: 'source-format', value: 'FORMAT', description: msg('pools.cli.create.flags.sourceFormat'), default: msg('pools.cli.create.defaults.sourceFormat') },
    { name: 'adapter', value: 'SCSI_HOST', description: msg('pools.cli.create.flags.adapter'), default: msg('pools.cli.create.defaults.adapter') },
    { name: 'initiator', value: 'IQN', description: msg('pools.cli.create.flags.initiator'), default: msg('pools.cli.create.defaults.initiator') },
    { name: 'iscsi-target', value: 'IQN', description: msg('pools.cli.create.flags.iscsiTarget'), default: msg('pools.cli.create.defaults.iscsiTarget') },
    { name: 'auth-type', value: 'TYPE', description: msg('pools.cli.create.flags.authType'), choices: ['chap', 'ceph'], default: msg('pools.cli.create.defaults.authType') },
    { name: 'auth-user', value: 'USER', description: msg('pools.cli.create.flags.authUser'), default: msg('pools.cli.create.defaults.noAuth') },
    { name: 'secret-usage', value: 'USAGE', description: msg('pools.cli.create.flags.secretUsage'), default: msg('pools.cli.create.defaults.noAuth') },
    { name: 'auth-key-stdin', description: msg('pools.cli.create.flags.newSecret') },
    { name: 'build', description: msg('pools.cli.create.flags.build') },
    { name: 'yes-format', value: 'DEV', description: msg('pools.cli.create.flags.yesFormat'), default: msg('pools.cli.create.defaults.yesFormat'), repeatable: true },
    { name: 'autostart', description: msg('pools.cli.create.flags.autostart') },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const { splitHostPort } = await import('./pool-discovery.ts');
    const mode = str(values, 'mode');
    const owner = str(values, 'owner');
    const group = str(values, 'group');
    const type = str(values, 'type');
    const user = str(values, 'auth-user');
    // A new secret needs a usage name: the pool's own unless given, so `--auth-user U --auth-key-stdin` is enough.
    const secretUsage = str(values, 'secret-usage') ?? (values['auth-key-stdin'] === true ? defaultSecretUsage(str(values, 'name') ?? '') : undefined);
    const authType = str(values, 'auth-type');
    const hosts = list(values, 'source-host')?.map((h) => {
      const { host, port } = splitHostPort(h);
      return defined({ name: host, port: port !== undefined ? Number(port) : undefined });
    });
    const source = defined({
      hosts,
      devices: list(values, 'source-device'),
      dir: str(values, 'source-path'),
      name: str(values, 'source-name'),
      adapter: str(values, 'adapter'),
      format: str(values, 'source-format'),
      initiatorIqn: str(values, 'initiator'),
      iscsiTarget: str(values, 'iscsi-target'),
      // The auth type follows the pool type unless given (rbd: cephx; iSCSI: CHAP).
      auth: (user ?? secretUsage ?? authType) !== undefined ? defined({ type: authType ?? (type === 'rbd' ? 'ceph' : 'chap'), username: user, secretUsage }) : undefined,
    });
    const request = checked(
      ctx,
      CreatePoolRequestSchema,
      defined({
        name: str(values, 'name'),
        type,
        target: str(values, 'target'),
        permissions: (mode ?? owner ?? group) !== undefined ? defined({ mode, owner, group }) : undefined,
        source: Object.keys(source).length ? source : undefined,
        build: values.build === true,
        formatDevices: list(values, 'yes-format'),
        newSecret: values['auth-key-stdin'] === true ? true : undefined,
        autostart: values.autostart === true,
      }),
      {
        name: 'name',
        type: 'type',
        target: 'target',
        'permissions.mode': 'mode',
        'permissions.owner': 'owner',
        'permissions.group': 'group',
        'source.hosts': 'source-host',
        'source.devices': 'source-device',
        'source.dir': 'source-path',
        'source.name': 'source-name',
        'source.adapter': 'adapter',
        'source.format': 'source-format',
        'source.initiatorIqn': 'initiator',
        'source.iscsiTarget': 'iscsi-target',
        'source.auth.type': 'auth-type',
        'source.auth.username': 'auth-user',
        'source.auth.secretUsage': 'secret-usage',
        source: 'source-host',
        build: 'build',
        formatDevices: 'yes-format',
        newSecret: 'auth-key-stdin',
        autostart: 'autostart',
      },
      values,
    );
    const { planCreatePoolChecked } = await import('./pool-create.ts');
    return ctx.withSession(values, async (session) => {
      const plan = await planCreatePoolChecked(session, await session.reload(), request);
      return runOrShow(ctx, session, plan, values, {
        before: async () => {
          if (!request.newSecret) return {};
          // From standard input (scripts) or asked without echo; never an argument (ps shows those) or the environment of the job.
          const ceph = request.source?.auth?.type === 'ceph';
          const value = await askSecret(ctx.say(msg(ceph ? 'pools.cli.create.keyPrompt' : 'pools.cli.create.passwordPrompt')), ctx.io);
          if (!ceph && process.stdin.isTTY && (await askSecret(ctx.say(msg('pools.cli.create.repeatPrompt')), ctx.io)) !== value) throw usage(ctx, 'pools.cli.create.secretsDiffer', {}, 'auth-key-stdin');
          if (!value.trim()) throw usage(ctx, 'pools.cli.create.secretNeeded', {}, 'auth-key-stdin');
          return { secrets: { passphrase: ceph ? value.trim() : value } };
        },
        report: async () => {
          const created = (await session.reload()).pools.find((x) => x.name === request.name);
          return { replace: { json: { done: english(plan.title), created: created ?? null }, text: ctx.say(msg('pools.cli.create.created', { pool: request.name, type: request.type })) } };
        },
      });
    });
  },
};

/** The usage name of a secret the CLI defines for a new pool (libvirt names a secret by its usage). */
export function defaultSecretUsage(pool: string): string {
  return `spindle/${pool}`;
}

const poolDevices: CliCommand = {
  path: ['pool', 'devices'],
  summary: msg('pools.cli.devices.summary'),
  details: msg('pools.cli.devices.details'),
  flags: [...HOST_FLAGS, JSON_OUT],
  async run(ctx, { values }) {
    return ctx.withSession(values, async (session) => {
      const { readBlockDevices } = await import('./pool-discovery.ts');
      const devices = await readBlockDevices(session, await session.reload());
      const lines = devices.map((d) =>
        ctx.say(
          msg('pools.cli.devices.line', {
            path: d.path,
            size: formatBytes(d.sizeBytes),
            type: d.type,
            what: [d.fstype, d.pttype, d.label, d.model].filter(Boolean).join(' '),
            use: d.inUse.length ? joinTexts(d.inUse.map((u) => msg(u.reason === 'lvm' && u.name === undefined ? 'pools.cli.devices.reason.lvmNoVg' : `pools.cli.devices.reason.${u.reason}`, { name: u.name ?? '' }))) : msg('pools.cli.devices.free'),
          }),
        ),
      );
      printResult(ctx, values, { devices }, lines.join('\n'));
      return 0;
    });
  },
};

const poolSources: CliCommand = {
  path: ['pool', 'sources'],
  summary: msg('pools.cli.sources.summary'),
  details: msg('pools.cli.sources.details'),
  flags: [
    ...HOST_FLAGS,
    { name: 'type', value: 'TYPE', description: msg('pools.cli.sources.flags.type'), required: true },
    { name: 'source-host', value: 'HOST[:PORT]', description: msg('pools.cli.sources.flags.sourceHost'), default: msg('pools.cli.sources.defaults.sourceHost') },
    { name: 'initiator', value: 'IQN', description: msg('pools.cli.sources.flags.initiator'), default: msg('pools.cli.sources.defaults.initiator') },
    JSON_OUT,
  ],
  async run(ctx, { values }) {
    const host = str(values, 'host') ?? '';
    const request = checked(ctx, PoolSourcesRequestSchema, defined({ host, type: str(values, 'type'), sourceHost: str(values, 'source-host'), initiatorIqn: str(values, 'initiator') }), { type: 'type', sourceHost: 'source-host', initiatorIqn: 'initiator' }, values);
    return ctx.withSession(values, async (session) => {
      const { readPoolSources } = await import('./pool-discovery.ts');
      const { host: _h, ...req } = request;
      const sources = await readPoolSources(session, req);
      const lines = sources.map((s) => JSON.stringify(s));
      printResult(ctx, values, { sources }, sources.length ? lines.join('\n') : ctx.say(msg('pools.cli.sources.none', { type: request.type })));
      return 0;
    });
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
  commands: [poolTypesCommand, poolDevices, poolSources, poolCreate, ...simpleCommands, poolAutostart, poolDelete, poolUsage],
};
