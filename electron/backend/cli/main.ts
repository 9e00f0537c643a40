// `spindle`: the command-line twin of the desktop app, over the same backend.
// The commands are registered (cli/commands.ts); this file parses a command
// line with them (cli/program.ts), gives the command what it needs, and turns
// every failure into its message, hint and exit status: 2 for a usage error,
// 130 for a job cancelled by Ctrl-C or SIGTERM, 1 for anything else.
import { toSpindleError } from '../../../shared/core/errors.ts';
import { languageFromEnv } from '../../../shared/core/messages.ts';
import type { CatalogLanguage } from '../../../shared/i18n/catalog.ts';
import { defaultConfigDir } from '../config/config-dir.ts';
import type { CliCommand, CliContext, CliIo } from './command.ts';
import { commandList, HELP_COMMAND } from './commands.ts';
import { str } from './flags.ts';
import { printJson } from './output.ts';
import { buildProgram, isCommanderExit, outputHelpOf, type BuiltProgram } from './program.ts';
import { openSession } from './session.ts';
import { cliText, errorLines, sayText, usageError } from './text.ts';

export { parseSshAddress } from './hosts-commands.ts';

const defaultIo: CliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const lang = languageFromEnv(process.env);
  try {
    const configDir = defaultConfigDir();
    const { commands, groups } = await commandList(argv);
    const built: BuiltProgram = buildProgram(commands, groups, io, lang, async (c, input) => {
      if (c === HELP_COMMAND) {
        outputHelpOf(built, input.args);
        return 0;
      }
      const ctx = contextFor(c, io, lang, configDir);
      for (const f of c.flags) if (f.required && input.values[f.name] === undefined) throw ctx.usage('cli.usage.required', { flag: f.name });
      return c.run(ctx, input);
    });
    await built.program.parseAsync(argv, { from: 'user' });
    return built.status();
  } catch (e) {
    // --help (0); commander's own exits are usage errors.
    if (isCommanderExit(e)) return e.exitCode === 0 ? 0 : 2;
    const err = toSpindleError(e);
    if (argv.includes('--json')) printJson(io, { error: err.toJSON() });
    io.err(errorLines(err, lang));
    if (err.details?.usage === 'true') return 2;
    // Cancelled by Ctrl-C or SIGTERM: the shell convention for an interrupted command.
    return err.code === 'CANCELLED' ? 130 : 1;
  }
}

function contextFor(c: CliCommand, io: CliIo, lang: CatalogLanguage, configDir: string): CliContext {
  const command = c.path.join(' ');
  return {
    io,
    lang,
    configDir,
    command,
    text: (key, params) => cliText(lang, key, params),
    say: (t) => sayText(lang, t),
    usage: (key, params = {}) => usageError(key, { command, ...params }),
    withSession: async (values, fn, opts = {}) => {
      const name = opts.host ?? str(values, 'host');
      if (name === undefined) throw usageError('cli.usage.required', { command, flag: 'host' });
      const session = await openSession(configDir, name, values, io, lang, opts.warnInterrupted ?? true);
      try {
        return await fn(session);
      } finally {
        await session.close();
      }
    },
    featureHost: async (session) => (await import('../service/plan-operation.ts')).singleSessionHost(session, configDir),
  };
}
