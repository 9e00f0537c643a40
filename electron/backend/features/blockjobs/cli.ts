// `spindle disk chain|commit|pull|move`: a disk's backing chain, and the block
// jobs that reshape it, planned by the same planners and checked by the same
// request schemas as the API. While a job runs its progress (libvirt's own
// cur/end) is printed on stderr; Ctrl-C cancels it (blockjob --abort: the
// disk stays on its original file) and undoes what the job made.
import { CommitRequestSchema, MoveDiskRequestSchema, PullRequestSchema } from '../../../../shared/contract/features/blockjobs.ts';
import { msg } from '../../../../shared/core/messages.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import type { CliCommand, CliContext, CliFeature, Flag, Values } from '../../cli/command.ts';
import { CHANGE_FLAGS, checked, defined, HOST_FLAGS, JSON_OUT, num, str } from '../../cli/flags.ts';
import { printResult, runOrShow } from '../../cli/output.ts';
import type { Plan } from '../../plan/plan.ts';
import type { ExecuteOptions } from '../../plan/run-plan.ts';
import type { HostSession } from '../../session/host-session.ts';

const plans = () => import('./index.ts');

const VM: Flag = { name: 'vm', value: 'VM', description: msg('blockjobs.cli.flags.vm'), required: true };
const TARGET: Flag = { name: 'target', value: 'T', description: msg('blockjobs.cli.flags.target'), required: true };

/** Each whole percent of the running step, once, on stderr. */
function progressPrinter(ctx: CliContext, plan: Plan): Omit<ExecuteOptions, 'signal' | 'journal'> {
  let last = '';
  return {
    onProgress: (i, fraction) => {
      const line = ctx.say(msg('blockjobs.cli.progress', { step: i + 1, steps: plan.steps.length, percent: Math.floor(fraction * 100) }));
      if (line !== last) ctx.io.err(`${line}\n`);
      last = line;
    },
  };
}

function change(ctx: CliContext, values: Values, plan: (session: HostSession) => Promise<Plan>): Promise<number> {
  return ctx.withSession(values, async (session) => {
    const p = await plan(session);
    return runOrShow(ctx, session, p, values, { before: async () => progressPrinter(ctx, p) });
  });
}

const diskChain: CliCommand = {
  path: ['disk', 'chain'],
  summary: msg('blockjobs.cli.chain.summary'),
  details: msg('blockjobs.cli.chain.details'),
  flags: [...HOST_FLAGS, VM, TARGET, JSON_OUT],
  async run(ctx, { values }) {
    const domain = str(values, 'vm') ?? '';
    const target = str(values, 'target') ?? '';
    return ctx.withSession(values, async (session) => {
      const { readDiskChain } = await plans();
      const chain = await readDiskChain(session, await session.reload(), domain, target);
      const lines = chain.layers.map((l, i) =>
        ctx.say(msg('blockjobs.cli.chain.layer', { depth: i, path: l.path, format: l.format, size: formatBytes(l.virtualBytes ?? undefined), used: formatBytes(l.sizeBytes ?? undefined), volume: l.pool ? `${l.pool}/${l.volume ?? ''}` : '-' })),
      );
      if (chain.job) lines.push(ctx.say(msg('blockjobs.cli.chain.job', { type: chain.job.type, cur: formatBytes(chain.job.cur), end: formatBytes(chain.job.end) })));
      printResult(ctx, values, chain, lines.join('\n'));
      return 0;
    });
  },
};

const BASE = (word: 'commit' | 'pull'): Flag => ({ name: 'base', value: 'PATH', description: msg(`blockjobs.cli.${word}.flags.base`), default: msg(`blockjobs.cli.${word}.defaults.base`) });

const diskCommit: CliCommand = {
  path: ['disk', 'commit'],
  summary: msg('blockjobs.cli.commit.summary'),
  details: msg('blockjobs.cli.commit.details'),
  flags: [...HOST_FLAGS, VM, TARGET, BASE('commit'), { name: 'top', value: 'PATH', description: msg('blockjobs.cli.commit.flags.top'), default: msg('blockjobs.cli.commit.defaults.top') }, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const req = checked(ctx, CommitRequestSchema, defined({ domain: str(values, 'vm'), target: str(values, 'target'), base: str(values, 'base'), top: str(values, 'top') }), { domain: 'vm', target: 'target', base: 'base', top: 'top' }, values);
    const { planCommit } = await plans();
    return change(ctx, values, async (session) => planCommit(session, await session.reload(), req));
  },
};

const diskPull: CliCommand = {
  path: ['disk', 'pull'],
  summary: msg('blockjobs.cli.pull.summary'),
  details: msg('blockjobs.cli.pull.details'),
  flags: [...HOST_FLAGS, VM, TARGET, BASE('pull'), ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const req = checked(ctx, PullRequestSchema, defined({ domain: str(values, 'vm'), target: str(values, 'target'), base: str(values, 'base') }), { domain: 'vm', target: 'target', base: 'base' }, values);
    const { planPull } = await plans();
    return change(ctx, values, async (session) => planPull(session, await session.reload(), req));
  },
};

const diskMove: CliCommand = {
  path: ['disk', 'move'],
  summary: msg('blockjobs.cli.move.summary'),
  details: msg('blockjobs.cli.move.details'),
  flags: [
    ...HOST_FLAGS,
    VM,
    TARGET,
    { name: 'pool', value: 'POOL', description: msg('blockjobs.cli.move.flags.pool'), required: true },
    { name: 'format', value: 'FORMAT', description: msg('blockjobs.cli.move.flags.format'), default: 'qcow2', choices: ['qcow2', 'raw'] },
    { name: 'name', value: 'NAME', description: msg('blockjobs.cli.move.flags.name'), default: msg('blockjobs.cli.move.defaults.name') },
    { name: 'bandwidth', value: 'MIB_S', description: msg('blockjobs.cli.move.flags.bandwidth'), default: msg('blockjobs.cli.move.defaults.bandwidth') },
    { name: 'delete-old', description: msg('blockjobs.cli.move.flags.deleteOld') },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const req = checked(
      ctx,
      MoveDiskRequestSchema,
      defined({ domain: str(values, 'vm'), target: str(values, 'target'), pool: str(values, 'pool'), format: str(values, 'format'), name: str(values, 'name'), bandwidthMiBs: num(ctx, values, 'bandwidth'), deleteOld: values['delete-old'] === true ? true : undefined }),
      { domain: 'vm', target: 'target', pool: 'pool', format: 'format', name: 'name', bandwidthMiBs: 'bandwidth', deleteOld: 'delete-old' },
      values,
    );
    const { planMove } = await plans();
    return change(ctx, values, async (session) => planMove(session, await session.reload(), req));
  },
};

export const BLOCKJOBS_CLI: CliFeature = {
  commands: [diskChain, diskCommit, diskPull, diskMove],
};
