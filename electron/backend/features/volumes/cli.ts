// `spindle volume create`: the CLI twin of the New volume wizard, planned by
// the same planner and checked by the same request schema.
import { CreateThinPoolRequestSchema, CreateVolumeRequestSchema } from '../../../../shared/contract/features/volumes.ts';
import { msg } from '../../../../shared/core/messages.ts';
import type { CliCommand, CliFeature } from '../../cli/command.ts';
import { CHANGE_FLAGS, checked, choicesOf, defined, HOST_FLAGS, size, str } from '../../cli/flags.ts';
import { runOrShow } from '../../cli/output.ts';
import { askSecret } from '../../cli/prompt.ts';

// The planner loads when the command runs (the command list is read at every start).
const planning = async () => ({ ...(await import('./volume-create.ts')), ...(await import('./thin-volume.ts')) });

const shape = CreateVolumeRequestSchema.shape;

const volumeCreate: CliCommand = {
  path: ['volume', 'create'],
  summary: msg('volumes.cli.create.summary'),
  details: msg('volumes.cli.create.details'),
  flags: [
    ...HOST_FLAGS,
    { name: 'pool', value: 'POOL', description: msg('volumes.cli.create.flags.pool'), required: true },
    { name: 'name', value: 'NAME', description: msg('volumes.cli.create.flags.name'), required: true },
    { name: 'capacity', value: 'SIZE', description: msg('volumes.cli.create.flags.capacity'), required: true },
    { name: 'format', value: 'FORMAT', description: msg('volumes.cli.create.flags.format'), choices: choicesOf(shape.format), default: 'qcow2' },
    { name: 'allocation', value: 'MODE', description: msg('volumes.cli.create.flags.allocation'), choices: choicesOf(shape.allocation), default: 'sparse' },
    { name: 'backing', value: 'VOLUME', description: msg('volumes.cli.create.flags.backing'), default: msg('cli.help.none') },
    { name: 'encrypt', description: msg('volumes.cli.create.flags.encrypt') },
    { name: 'thin-pool', value: 'THINPOOL', description: msg('volumes.cli.create.flags.thinPool'), default: msg('cli.help.none') },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const request = checked(
      ctx,
      CreateVolumeRequestSchema,
      defined({
        pool: str(values, 'pool'),
        name: str(values, 'name'),
        capacityBytes: size(ctx, values, 'capacity'),
        // A thin volume is raw: that is its default.
        format: str(values, 'format') ?? (str(values, 'thin-pool') !== undefined ? 'raw' : 'qcow2'),
        allocation: str(values, 'allocation') ?? 'sparse',
        backingVolume: str(values, 'backing'),
        encryption: values.encrypt ? 'luks' : undefined,
        thinPool: str(values, 'thin-pool'),
      }),
      { pool: 'pool', name: 'name', capacityBytes: 'capacity', format: 'format', allocation: 'allocation', backingVolume: 'backing', encryption: 'encrypt', thinPool: 'thin-pool' },
      values,
    );
    const { planNewVolume, unlistedVolumeError } = await planning();
    return ctx.withSession(values, async (session) => {
      const inv = await session.reload();
      const plan = await planNewVolume(session, inv, session.config.uri, request);
      return runOrShow(ctx, session, plan, values, {
        before: async () => {
          if (!request.encryption) return {};
          // From the environment (scripts) or asked twice without echo; never an argument (ps shows those).
          let passphrase = process.env['SPINDLE_VOLUME_PASSPHRASE'];
          if (!passphrase) {
            passphrase = await askSecret(ctx.text('cli.volume.passphrasePrompt'), ctx.io);
            if ((await askSecret(ctx.text('cli.volume.repeatPrompt'), ctx.io)) !== passphrase) throw ctx.usage('cli.usage.passphrasesDiffer');
          }
          if (!passphrase) throw ctx.usage('cli.usage.passphraseNeeded');
          return { secrets: { passphrase } };
        },
        report: async () => {
          const pool = await session.refreshPool(request.pool);
          const vol = pool?.volumes.find((v) => v.name === request.name);
          // Created, but not listed under its name (virsh printed a character of it as \xff): say so, never a silent null.
          if (!vol) throw unlistedVolumeError(session.name, session.config.uri, pool ?? inv.pools.find((p) => p.name === request.pool) ?? { name: request.pool }, request.name);
          return { replace: { json: { created: vol }, text: ctx.text('cli.volume.created', { name: request.name, pool: request.pool, path: vol.path }) } };
        },
      });
    });
  },
};

const thinPoolCreate: CliCommand = {
  path: ['volume', 'create-thin-pool'],
  summary: msg('volumes.cli.createThinPool.summary'),
  details: msg('volumes.cli.createThinPool.details'),
  flags: [
    ...HOST_FLAGS,
    { name: 'pool', value: 'POOL', description: msg('volumes.cli.createThinPool.flags.pool'), required: true },
    { name: 'name', value: 'NAME', description: msg('volumes.cli.createThinPool.flags.name'), required: true },
    { name: 'size', value: 'SIZE', description: msg('volumes.cli.createThinPool.flags.size'), required: true },
    { name: 'metadata-size', value: 'SIZE', description: msg('volumes.cli.createThinPool.flags.metadata'), default: msg('cli.help.none') },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const request = checked(
      ctx,
      CreateThinPoolRequestSchema,
      defined({ pool: str(values, 'pool'), name: str(values, 'name'), sizeBytes: size(ctx, values, 'size'), metadataBytes: size(ctx, values, 'metadata-size') }),
      { pool: 'pool', name: 'name', sizeBytes: 'size', metadataBytes: 'metadata-size' },
      values,
    );
    const { planCreateThinPool } = await import('./thin-pool-create.ts');
    return ctx.withSession(values, async (session) => {
      const inv = await session.reload();
      return runOrShow(ctx, session, await planCreateThinPool(session, inv, session.config.uri, request), values);
    });
  },
};

export const VOLUMES_CLI: CliFeature = {
  groups: { volume: msg('volumes.cli.group') },
  commands: [volumeCreate, thinPoolCreate],
};
