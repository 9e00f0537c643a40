// The registered commands as a commander program: one subcommand per entry,
// nested by its words, each with its own help (flags with what they take,
// their choices and defaults), and commander's parse errors turned into the
// CLI's usage errors (exit 2, in the user's language). Help is in the user's
// language too: every text is a catalog message rendered when the program is
// built, and commander's own words ("Usage:", "Options:", "[options]") go
// through its help hooks; wrapping and alignment count a CJK character as two
// columns.
import { Command, CommanderError, Help, Option } from 'commander';
import type { Text } from '../../../shared/core/messages.ts';
import type { CatalogLanguage } from '../../../shared/i18n/catalog.ts';
import type { CliCommand, CliIo, Flag, Values } from './command.ts';
import { displayWidth, wrapWide } from './format.ts';
import { cliText, sayText, usageError, type CliKey, type CliParams } from './text.ts';

/** The help line of a flag: what it does, then its choices, default or that it is required. */
export function flagDescription(f: Flag, lang: CatalogLanguage = 'en'): string {
  const t = (key: CliKey, params?: CliParams): string => cliText(lang, key, params);
  const notes = [
    f.choices?.length ? t('cli.help.choices', { choices: f.choices.join(t('cli.help.choiceSeparator')) }) : '',
    f.required ? t('cli.help.required') : f.default !== undefined ? t('cli.help.default', { value: sayText(lang, f.default) }) : '',
    f.repeatable ? t('cli.help.repeatable') : '',
  ].filter(Boolean);
  const description = sayText(lang, f.description);
  return notes.length ? t('cli.help.withNotes', { description, notes: notes.join(t('cli.help.noteSeparator')) }) : description;
}

/** The flags every command shares go last in help, the command's own first. */
const LAST = ['password-stdin', 'passphrase-stdin', 'dry-run', 'json'];
const helpOrder = (flags: readonly Flag[]): Flag[] => [...flags].sort((x, y) => LAST.indexOf(x.name) - LAST.indexOf(y.name));

export const commandWords = (cmd: Command): string[] => (cmd.parent ? [...commandWords(cmd.parent), cmd.name()] : []);

const quoted = (message: string): string => /'([^']*)'/.exec(message)?.[1] ?? '';
const suggestion = (message: string): string | undefined => /\(Did you mean ([^?]+)\?\)/.exec(message)?.[1];

/** A commander command whose parse errors are the CLI's usage errors, and whose help speaks `lang`. */
class SpindleCommand extends Command {
  constructor(
    name: string | undefined,
    readonly lang: CatalogLanguage,
  ) {
    super(name);
  }

  override createCommand(name?: string): Command {
    return new SpindleCommand(name, this.lang);
  }

  override createHelp(): Help {
    return Object.assign(new SpindleHelp(this.lang), this.configureHelp());
  }

  override error(message: string, options?: { code?: string; exitCode?: number }): never {
    const words = commandWords(this);
    const command = words.join(' ');
    const did = suggestion(message);
    switch (options?.code) {
      case 'commander.unknownOption': {
        const option = quoted(message);
        if (words.length === 0) throw usageError('cli.usage.unknownOptionRoot', { option });
        throw did ? usageError('cli.usage.unknownOptionSuggest', { option, command, suggestion: did }) : usageError('cli.usage.unknownOption', { option, command });
      }
      case 'commander.unknownCommand':
      case 'commander.excessArguments':
        // Words after a group (or the program) that name no command.
        if (this.commands.length > 0) {
          const name = [...words, this.args[0] ?? ''].join(' ');
          throw did ? usageError('cli.usage.unknownCommandSuggest', { command: name, suggestion: [...words, did].join(' ') }) : usageError('cli.usage.unknownCommand', { command: name });
        }
        throw usageError('cli.usage.tooManyArguments', { command, argument: this.args[this.registeredArguments.length] ?? '' });
      case 'commander.missingArgument':
        throw usageError('cli.usage.missingArgument', { command, argument: quoted(message) });
      case 'commander.optionMissingArgument':
        throw usageError('cli.usage.missingValue', { command, option: quoted(message).split(/[ ,]/)[0] ?? '' });
      default:
        throw usageError('cli.usage.badField', { command, field: command, verdict: message.replace(/^error: /, '') });
    }
  }
}

export interface BuiltProgram {
  program: Command;
  /** The exit status the command that ran returned (0 when only help was shown). */
  status(): number;
  /** The commander command of a registered command's words, if any. */
  find(words: readonly string[]): Command | undefined;
}

/** Commander's own headings, in the catalog. */
const TITLES: Readonly<Record<string, CliKey>> = {
  'Arguments:': 'cli.help.arguments',
  'Options:': 'cli.help.options',
  'Commands:': 'cli.help.commands',
  'Global Options:': 'cli.help.globalOptions',
};

/** Root help: every command by its full words, groups' help: their commands likewise; commander's words in `lang`. */
class SpindleHelp extends Help {
  constructor(private readonly lang: CatalogLanguage) {
    super();
  }

  private t(key: CliKey, params?: CliParams): string {
    return cliText(this.lang, key, params);
  }

  /** commander's placeholders in a usage line, in the catalog's words. */
  private placeholders(usage: string): string {
    return usage
      .split(' ')
      .map((w) => (w === '[options]' ? this.t('cli.help.optionsPlaceholder') : w === '[command]' ? this.t('cli.help.commandPlaceholder') : w))
      .join(' ');
  }

  override visibleCommands(cmd: Command): Command[] {
    const leaves = (c: Command): Command[] => c.commands.flatMap((s) => (s.commands.length ? leaves(s) : [s]));
    return leaves(cmd);
  }

  override subcommandTerm(cmd: Command): string {
    const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}${a.variadic ? '...' : ''}]`)).join(' ');
    return [...commandWords(cmd), args, cmd.options.length ? this.t('cli.help.optionsPlaceholder') : ''].filter(Boolean).join(' ');
  }

  override commandUsage(cmd: Command): string {
    return this.placeholders(super.commandUsage(cmd));
  }

  override styleTitle(title: string): string {
    const key = TITLES[title];
    return key ? this.t(key) : title;
  }

  /** The usage line as the catalog words it ("Usage: ...", "用法：..."); the rest as commander lays it out. */
  override formatHelp(cmd: Command, helper: Help): string {
    const page = super.formatHelp(cmd, helper);
    const rest = page.indexOf('\n');
    return this.t('cli.help.usage', { usage: helper.styleUsage(helper.commandUsage(cmd)) }) + (rest < 0 ? '' : page.slice(rest));
  }

  override displayWidth(s: string): number {
    // eslint-disable-next-line no-control-regex
    return displayWidth(s.replace(/\x1b\[\d*(;\d*)*m/g, ''));
  }

  /** commander's own wrapping for text without wide characters (English help stays as it was), else wrapWide. */
  override boxWrap(s: string, width: number): string {
    if (width < this.minWidthToWrap || this.displayWidth(s) === s.length) return super.boxWrap(s, width);
    return wrapWide(s, width);
  }
}

export function buildProgram(
  commands: readonly CliCommand[],
  groups: Readonly<Record<string, Text>>,
  io: CliIo,
  lang: CatalogLanguage,
  run: (c: CliCommand, input: { values: Values; args: string[] }) => Promise<number>,
): BuiltProgram {
  let status = 0;
  const say = (t: Text): string => sayText(lang, t);
  const program = new SpindleCommand('spindle', lang);
  // Inherited by every subcommand: errors are thrown (main() prints them), output goes to io.
  program.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => undefined });
  program
    .helpCommand(false)
    .helpOption('-h, --help', cliText(lang, 'cli.help.helpOption'))
    .description(cliText(lang, 'cli.about.summary'))
    .addHelpText('after', `\n${cliText(lang, 'cli.about.after')}`);
  program.usage(cliText(lang, 'cli.help.rootUsage'));
  // The program alone prints its help (as "spindle help" does); extra words are an unknown command.
  program.action(() => {
    program.outputHelp();
  });

  const byWords = new Map<string, Command>();
  const groupOf = (words: readonly string[]): Command => {
    let parent: Command = program;
    for (let i = 0; i < words.length; i++) {
      const key = words.slice(0, i + 1).join(' ');
      let next = byWords.get(key);
      if (!next) {
        const word = words[i] ?? '';
        const group = parent.command(word).description(say(groups[key] ?? ''));
        group.action(() => {
          throw usageError('cli.usage.noSubcommand', { command: key, subcommands: group.commands.map((c) => c.name()).join(', ') });
        });
        byWords.set(key, group);
        next = group;
      }
      parent = next;
    }
    return parent;
  };

  for (const c of commands) {
    const parent = groupOf(c.path.slice(0, -1));
    const cmd = parent.command(c.path[c.path.length - 1] ?? '').description(say(c.summary));
    byWords.set(c.path.join(' '), cmd);
    for (const a of c.args ?? []) cmd.argument(a.variadic ? `[${a.name}...]` : `<${a.name}>`, say(a.description));
    for (const f of helpOrder(c.flags)) {
      const o = new Option(f.value ? `--${f.name} <${f.value}>` : `--${f.name}`, flagDescription(f, lang));
      if (f.repeatable) o.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
      cmd.addOption(o);
    }
    if (c.details) cmd.addHelpText('after', `\n${say(c.details)}`);
    cmd.action(async () => {
      const opts = cmd.opts();
      const values: Values = {};
      for (const f of c.flags) {
        const opt = cmd.options.find((o) => o.long === `--${f.name}`);
        const v: unknown = opt ? opts[opt.attributeName()] : undefined;
        // --no-check is commander's negation of "check".
        values[f.name] = opt?.negate ? (v === false ? true : undefined) : typeof v === 'string' || v === true ? v : Array.isArray(v) ? v.map(String) : undefined;
      }
      status = await run(c, { values, args: [...cmd.args] });
    });
  }
  return { program, status: () => status, find: (words) => byWords.get(words.join(' ')) };
}

/** Prints the help page of the command named by `words` (the whole list without words), as --help does. */
export function outputHelpOf(built: BuiltProgram, words: readonly string[]): void {
  const cmd = words.length ? built.find(words) : built.program;
  if (!cmd) throw usageError('cli.usage.unknownCommand', { command: words.join(' ') });
  cmd.outputHelp();
}

export function isCommanderExit(e: unknown): e is CommanderError {
  return e instanceof CommanderError;
}
