// The CLI runs a plan as the app runs a job: Ctrl-C (or SIGTERM) cancels it
// the way the UI's Cancel does (the running step is stopped where that is
// safe, and what the job made is undone), a second one quits at once, and a
// note on disk lets the next run report what a killed run left behind.
import { english } from '../../../shared/core/messages.ts';
import { SpindleError } from '../../../shared/core/errors.ts';
import type { CatalogLanguage } from '../../../shared/i18n/catalog.ts';
import { defaultConfigDir } from '../config/config-dir.ts';
import type { HostSession } from '../session/host-session.ts';
import { describeInterrupted } from '../plan/interrupted-jobs.ts';
import { JobJournal } from '../plan/job-journal.ts';
import type { Plan } from '../plan/plan.ts';
import { executePlan, type ExecuteOptions, type StepResult } from '../plan/run-plan.ts';
import type { CliIo } from './command.ts';
import { onInterrupt } from './interrupt.ts';
import { cliText, errorHint, errorMessage, sayText } from './text.ts';

/** The CLI's job notes (in the settings folder), read by the next run and by "spindle jobs". */
export function cliJournal(): JobJournal {
  return new JobJournal(defaultConfigDir());
}

export async function runCliPlan(session: HostSession, plan: Plan, io: CliIo, opts: Omit<ExecuteOptions, 'signal' | 'journal'> = {}, lang: CatalogLanguage = 'en'): Promise<StepResult[]> {
  const abort = new AbortController();
  const dispose = onInterrupt((sig) => {
    io.err(cliText(lang, 'cli.plan.cancelling', { signal: sig === 'SIGINT' ? 'Ctrl-C' : sig, title: sayText(lang, plan.title) }) + '\n');
    abort.abort();
  });
  try {
    const out = await executePlan(session, plan, { ...opts, signal: abort.signal, journal: cliJournal().begin(session.name, english(plan.title)) });
    if (out.state !== 'succeeded') throw out.error ?? SpindleError.of('COMMAND_FAILED', 'cli.plan.notCompleted', { title: english(plan.title) });
    return out.results;
  } finally {
    dispose();
  }
}

/** Warns (stderr) about jobs on this host whose earlier run was killed before it ended. */
export async function warnInterrupted(host: string, io: CliIo, lang: CatalogLanguage = 'en'): Promise<void> {
  for (const note of await cliJournal().interrupted(host)) {
    const d = describeInterrupted(note);
    // In the user's language (d.message and d.hint are its English).
    io.err(`${cliText(lang, 'cli.prefix.warning', { text: errorMessage(d, lang) })}\n${cliText(lang, 'cli.prefix.hint', { text: errorHint(d, lang) ?? d.hint })}\n`);
  }
}
