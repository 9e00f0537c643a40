// Every command of `spindle`, assembled in one place: the CLI's own (hosts,
// inventory, events, jobs, completion, help) and each feature's
// (features/<name>/cli.ts, through its index.ts). A new feature's commands are
// one line in SOURCES. A command line loads only the list its first word
// names (help, completion and an unknown word load them all): a feature's
// schemas are not built for a command of another one.
import { msg, type Msg } from '../../../shared/core/messages.ts';
import type { CliCommand, CliFeature } from './command.ts';
import { bashCompletion, zshCompletion } from './completion.ts';
import { EVENTS_COMMAND } from './events-command.ts';
import { HOSTS_COMMANDS } from './hosts-commands.ts';
import { INVENTORY_COMMAND } from './inventory-command.ts';

const CORE: CliFeature = {
  groups: { hosts: msg('cli.group.hosts') },
  commands: [...HOSTS_COMMANDS, INVENTORY_COMMAND, EVENTS_COMMAND],
};

/** Several features' commands under one first word, as one list. */
function merged(lists: readonly CliFeature[]): CliFeature {
  return { groups: Object.assign({}, ...lists.map((l) => l.groups ?? {})), commands: lists.flatMap((l) => l.commands) };
}

/** The first words of each list's commands, and the list. */
export const SOURCES: ReadonlyArray<{ words: readonly string[]; load: () => Promise<CliFeature> }> = [
  { words: ['hosts', 'inventory', 'events'], load: async () => CORE },
  { words: ['volume'], load: async () => (await import('../features/volumes/index.ts')).VOLUMES_CLI },
  { words: ['pool'], load: async () => (await import('../features/pools/index.ts')).POOLS_CLI },
  // Two features answer `disk ...`: the disks' (attach, detach, resize) and the block jobs' (chain, commit, pull, move).
  { words: ['disk', 'cdrom'], load: async () => merged(await Promise.all([import('../features/disks/index.ts').then((m) => m.DISKS_CLI), import('../features/blockjobs/index.ts').then((m) => m.BLOCKJOBS_CLI)])) },
  { words: ['stats', 'iotune'], load: async () => (await import('../features/stats/index.ts')).STATS_CLI },
  { words: ['guest', 'host'], load: async () => (await import('../features/mounts/index.ts')).MOUNTS_CLI },
  { words: ['jobs'], load: async () => (await import('./jobs-commands.ts')).JOBS_CLI },
];

/** `spindle help [COMMAND...]`: run by main(), which holds the parser; listed here for help and completion. */
export const HELP_COMMAND: CliCommand = {
  path: ['help'],
  summary: msg('cli.cmd.help.summary'),
  args: [{ name: 'COMMAND', description: msg('cli.cmd.help.command'), variadic: true }],
  flags: [],
  run: async () => 0,
};

const COMPLETION_COMMAND: CliCommand = {
  path: ['completion'],
  summary: msg('cli.cmd.completion.summary'),
  details: msg('cli.cmd.completion.details'),
  args: [{ name: 'SHELL', description: msg('cli.cmd.completion.shell') }],
  flags: [],
  async run(ctx, { args }) {
    const shell = args[0] ?? '';
    const all = await commandList();
    // The descriptions zsh shows are in the user's language; words, flags and values as typed.
    if (shell === 'bash') ctx.io.out(bashCompletion(all.commands, all.groups, ctx.say));
    else if (shell === 'zsh') ctx.io.out(zshCompletion(all.commands, all.groups, ctx.say));
    else throw ctx.usage('cli.usage.unknownShell', { shell });
    return 0;
  },
};

export interface CommandList {
  commands: readonly CliCommand[];
  /** Group words ("disk") -> what the group is for. */
  groups: Readonly<Record<string, Msg>>;
}

/** The commands a command line can name (`argv` absent: every command). */
export async function commandList(argv?: readonly string[]): Promise<CommandList> {
  const word = argv?.[0];
  const named = SOURCES.filter((s) => word !== undefined && s.words.includes(word));
  const lists = await Promise.all((named.length ? named : SOURCES).map((s) => s.load()));
  return {
    commands: [...lists.flatMap((f) => f.commands), COMPLETION_COMMAND, HELP_COMMAND],
    groups: Object.assign({}, ...lists.map((f) => f.groups ?? {})),
  };
}
