// The CLI's registration type. A command is data (its words, a summary, its
// flags with their descriptions, defaults and choices) plus the function that
// runs it. Each feature exports its list (features/<name>/cli.ts, through its
// index.ts); cli/commands.ts assembles them in one place; cli/program.ts turns
// that list into the parser and the help, cli/completion.ts into the
// completion scripts. A new command is one entry in its feature's list.
// Every text a person reads in help (summaries, flag descriptions, worded
// defaults) is a catalog message, rendered in the user's language when the
// program is built; a feature's are in its own area (volumes.cli.*).
import type { Msg, Text } from '../../../shared/core/messages.ts';
import type { SpindleError } from '../../../shared/core/errors.ts';
import type { CatalogLanguage } from '../../../shared/i18n/catalog.ts';
import type { FeatureHost } from '../features/feature.ts';
import type { HostSession } from '../session/host-session.ts';
import type { CliKey, CliParams } from './text.ts';

/** Parsed flags by name (as typed, without the dashes): a string, true for a given switch, undefined when absent. */
/** Flag values: a switch is true, a flag's value a string, a repeatable flag's values a list. */
export type Values = Record<string, string | boolean | readonly string[] | undefined>;

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface Flag {
  /** Without the dashes: "capacity" is --capacity. */
  name: string;
  /** The placeholder of its value in help (SIZE, POOL/VOL); absent: a switch. */
  value?: string;
  description: Msg;
  /** What applies when it is not given, as help says it: a value as typed (qcow2), or a message ("the hypervisor's"). */
  default?: Text;
  /** The values it takes, for help and completion (the command's schema checks them). */
  choices?: readonly string[];
  /** Checked before the command runs; help says "(required)". */
  required?: boolean;
  /** What completion offers for its value. */
  complete?: 'file' | 'dir' | 'host';
  /** Given any number of times: its values arrive as a list, in order. */
  repeatable?: boolean;
}

export interface CliArg {
  /** NAME: shown as <NAME> in help. */
  name: string;
  description: Msg;
  /** Any number of words, none included ([NAME...]); only as the last. */
  variadic?: boolean;
}

export interface CliCommand {
  /** The words that name it: ['disk', 'attach']. */
  path: readonly string[];
  summary: Msg;
  /** More for its help page, after the flags: rules, examples. */
  details?: Msg;
  /** Positional arguments, in order: required unless variadic. */
  args?: readonly CliArg[];
  flags: readonly Flag[];
  run(ctx: CliContext, input: { values: Values; args: string[] }): Promise<number>;
}

/** A feature's part of the CLI: its commands, and a summary for each group of them ("disk": attach, detach, resize). */
export interface CliFeature {
  groups?: Readonly<Record<string, Msg>>;
  commands: readonly CliCommand[];
}

/** What the CLI gives a running command. */
export interface CliContext {
  io: CliIo;
  lang: CatalogLanguage;
  configDir: string;
  /** The command's words ("disk attach"), for messages. */
  command: string;
  /** A sentence of the CLI's catalog (shared/i18n/<lang>/cli.json) in the user's language. */
  text(key: CliKey, params?: CliParams): string;
  /** A backend text (English or a message) in the user's language. */
  say(t: Text): string;
  /** A usage error (exit 2) whose hint points at this command's help. */
  usage(key: CliKey, params?: CliParams): SpindleError;
  /** Opens a session to the saved host named by --host (or `host`), runs `fn`, closes it. */
  withSession<T>(values: Values, fn: (session: HostSession) => Promise<T>, opts?: { host?: string; warnInterrupted?: boolean }): Promise<T>;
  /**
   * What the service lends a feature, for this one session: a feature's CLI
   * calls the same planners and handlers as the API (features/<name>/feature.ts),
   * so --dry-run prints what the wizard's review shows.
   */
  featureHost(session: HostSession): Promise<FeatureHost>;
}
