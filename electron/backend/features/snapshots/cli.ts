// `spindle snapshot list|create|describe|revert|delete`: a VM's snapshot tree
// and the changes to it, checked by the API's request schemas and planned by
// this feature's own planners, so --dry-run prints what the review page shows.
import { CreateSnapshotRequestSchema, DescribeSnapshotRequestSchema, DeleteSnapshotRequestSchema, RevertSnapshotRequestSchema, type SnapshotInfo, type SnapshotTree } from '../../../../shared/contract/features/snapshots.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg } from '../../../../shared/core/messages.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import type { CliCommand, CliContext, CliFeature, Flag, Values } from '../../cli/command.ts';
import { CHANGE_FLAGS, checked, defined, HOST_FLAGS, JSON_OUT, list, str } from '../../cli/flags.ts';
import { printResult, runOrShow } from '../../cli/output.ts';
import type { Plan } from '../../plan/plan.ts';
import type { HostSession } from '../../session/host-session.ts';

const VM: Flag = { name: 'vm', value: 'VM', description: msg('snapshots.cli.flags.vm'), required: true };
const NAME: Flag = { name: 'name', value: 'NAME', description: msg('snapshots.cli.flags.name'), required: true };

/** This feature's planners (loaded when a command runs: the command list is read at every start). */
const planners = async (ctx: CliContext, session: HostSession) => (await import('./feature.ts')).snapshotsFeature.start(await ctx.featureHost(session)).planners;

function change(ctx: CliContext, values: Values, plan: (session: HostSession) => Promise<Plan>): Promise<number> {
  return ctx.withSession(values, async (session) => runOrShow(ctx, session, await plan(session), values));
}

/** The tree as indented lines, children under their parent, "now" after libvirt's current snapshot. */
export function treeText(tree: SnapshotTree, say: CliContext['say']): string {
  const depth = new Map<string, number>();
  const lines: string[] = [];
  const pad = (n: number): string => '  '.repeat(n);
  const now = (n: number): void => void lines.push(`${pad(n)}${say(msg('snapshots.cli.list.now'))}`);
  if (tree.snapshots.length === 0) return say(msg('snapshots.cli.list.none', { domain: tree.domain }));
  if (tree.nowAfter === null) now(0);
  for (const s of tree.snapshots) {
    const d = s.parent !== null && depth.has(s.parent) ? (depth.get(s.parent) ?? 0) + 1 : 0;
    depth.set(s.name, d);
    lines.push(`${pad(d)}${line(s, say)}`);
    if (s.name === tree.nowAfter) now(d + 1);
  }
  return lines.join('\n');
}

function line(s: SnapshotInfo, say: CliContext['say']): string {
  return say(
    msg('snapshots.cli.list.line', {
      name: s.name,
      kind: msg(`snapshots.kind.${s.kind === 'internal' ? 'internal' : s.kind === 'external-disk' ? 'externalDisk' : 'externalMemory'}`),
      state: s.state,
      date: new Date(s.createdAt * 1000).toISOString().replace('T', ' ').slice(0, 19),
      size: s.sizeBytes === null ? '—' : formatBytes(s.sizeBytes),
      description: s.description ? ` — ${s.description}` : '',
    }),
  );
}

const snapshotList: CliCommand = {
  path: ['snapshot', 'list'],
  summary: msg('snapshots.cli.list.summary'),
  details: msg('snapshots.cli.list.details'),
  flags: [...HOST_FLAGS, VM, JSON_OUT],
  async run(ctx, { values }) {
    const domain = str(values, 'vm') ?? '';
    return ctx.withSession(values, async (session) => {
      const { readSnapshotTree } = await import('./snapshot-tree.ts');
      const tree = await readSnapshotTree(session, domain);
      printResult(ctx, values, tree, treeText(tree, ctx.say));
      return 0;
    });
  },
};

/** `--external vda=/path` or `--external vda`. */
function externalChoice(ctx: CliContext, spec: string): { target: string; mode: 'external'; file?: string } {
  const [target = '', ...rest] = spec.split('=');
  if (!target) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.cli.create.badExternal', { value: JSON.stringify(spec), command: ctx.command }, undefined, { usage: 'true', flag: 'external' });
  return rest.length ? { target, mode: 'external', file: rest.join('=') } : { target, mode: 'external' };
}

const snapshotCreate: CliCommand = {
  path: ['snapshot', 'create'],
  summary: msg('snapshots.cli.create.summary'),
  details: msg('snapshots.cli.create.details'),
  flags: [
    ...HOST_FLAGS,
    VM,
    NAME,
    { name: 'description', value: 'TEXT', description: msg('snapshots.cli.create.flags.description'), default: msg('cli.help.none') },
    { name: 'disk-only', description: msg('snapshots.cli.create.flags.diskOnly') },
    { name: 'memory-file', value: 'PATH', description: msg('snapshots.cli.create.flags.memoryFile'), default: msg('cli.help.none'), complete: 'file' },
    { name: 'exclude', value: 'TARGET', description: msg('snapshots.cli.create.flags.exclude'), default: msg('cli.help.none'), repeatable: true },
    { name: 'external', value: 'TARGET[=PATH]', description: msg('snapshots.cli.create.flags.external'), default: msg('cli.help.none'), repeatable: true },
    { name: 'quiesce', description: msg('snapshots.cli.create.flags.quiesce') },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    const disks = [...(list(values, 'exclude') ?? []).map((target) => ({ target, mode: 'exclude' as const })), ...(list(values, 'external') ?? []).map((e) => externalChoice(ctx, e))];
    const request = checked(
      ctx,
      CreateSnapshotRequestSchema,
      defined({
        domain: str(values, 'vm'),
        name: str(values, 'name'),
        description: str(values, 'description'),
        diskOnly: values['disk-only'] === true ? true : undefined,
        memoryFile: str(values, 'memory-file'),
        disks: disks.length ? disks : undefined,
        quiesce: values.quiesce === true ? true : undefined,
      }),
      { domain: 'vm', name: 'name', description: 'description', diskOnly: 'disk-only', memoryFile: 'memory-file', disks: 'external', quiesce: 'quiesce' },
      values,
    );
    return change(ctx, values, async (session) => (await planners(ctx, session))['snapshot.create'](session, await session.reload(), request));
  },
};

const snapshotDescribe: CliCommand = {
  path: ['snapshot', 'describe'],
  summary: msg('snapshots.cli.describe.summary'),
  details: msg('snapshots.cli.describe.details'),
  flags: [...HOST_FLAGS, VM, NAME, { name: 'description', value: 'TEXT', description: msg('snapshots.cli.describe.flags.description'), required: true }, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const request = checked(ctx, DescribeSnapshotRequestSchema, defined({ domain: str(values, 'vm'), name: str(values, 'name'), description: str(values, 'description') }), { domain: 'vm', name: 'name', description: 'description' }, values);
    return change(ctx, values, async (session) => (await planners(ctx, session))['snapshot.describe'](session, await session.reload(), request));
  },
};

const snapshotRevert: CliCommand = {
  path: ['snapshot', 'revert'],
  summary: msg('snapshots.cli.revert.summary'),
  details: msg('snapshots.cli.revert.details'),
  flags: [...HOST_FLAGS, VM, NAME, { name: 'running', description: msg('snapshots.cli.revert.flags.running') }, { name: 'paused', description: msg('snapshots.cli.revert.flags.paused') }, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const after = values.running === true ? 'running' : values.paused === true ? 'paused' : undefined;
    const request = checked(ctx, RevertSnapshotRequestSchema, defined({ domain: str(values, 'vm'), name: str(values, 'name'), after }), { domain: 'vm', name: 'name', after: 'running' }, values);
    return change(ctx, values, async (session) => (await planners(ctx, session))['snapshot.revert'](session, await session.reload(), request));
  },
};

const snapshotDelete: CliCommand = {
  path: ['snapshot', 'delete'],
  summary: msg('snapshots.cli.delete.summary'),
  details: msg('snapshots.cli.delete.details'),
  flags: [...HOST_FLAGS, VM, NAME, ...CHANGE_FLAGS],
  async run(ctx, { values }) {
    const request = checked(ctx, DeleteSnapshotRequestSchema, defined({ domain: str(values, 'vm'), name: str(values, 'name') }), { domain: 'vm', name: 'name' }, values);
    return change(ctx, values, async (session) => (await planners(ctx, session))['snapshot.delete'](session, await session.reload(), request));
  },
};

export const SNAPSHOTS_CLI: CliFeature = {
  groups: { snapshot: msg('snapshots.cli.group') },
  commands: [snapshotList, snapshotCreate, snapshotDescribe, snapshotRevert, snapshotDelete],
};
