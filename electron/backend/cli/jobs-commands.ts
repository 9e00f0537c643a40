// `spindle jobs list|undo|forget`: jobs whose run was killed before it ended,
// what they may have left, and removing it (after checking no VM uses it).
import { SpindleError } from '../../../shared/core/errors.ts';
import { defaultConfigDir } from '../config/config-dir.ts';
import { JobJournal, leftoverCommand, type JournalNote } from '../plan/job-journal.ts';
import type { CliCommand, CliContext, CliFeature, Values } from './command.ts';
import { API } from '../../../shared/contract/api.ts';
import { checked, JSON_OUT, PASSPHRASE_STDIN, PASSWORD_STDIN, str } from './flags.ts';
import { printJson, printResult } from './output.ts';
import { errorHint, errorMessage } from './text.ts';

const cliJournal = (): JobJournal => new JobJournal(defaultConfigDir());
const interrupted = () => import('../plan/interrupted-jobs.ts');

const ID = { name: 'id', value: 'ID', description: 'the interrupted job (see "spindle jobs list")', required: true } as const;

/** The interrupted job named by --id (checked as the API's jobs.undo checks it). */
async function interruptedJob(ctx: CliContext, values: Values): Promise<JournalNote> {
  const id = checked(ctx, API['jobs.undo'].params.shape.id, str(values, 'id'), { '': 'id' }, values);
  const note = await cliJournal().get(id);
  if (!note) throw SpindleError.of('INVALID_ARGUMENT', 'cli.jobs.unknown', { id }, 'id');
  return note;
}

const jobsList: CliCommand = {
  path: ['jobs', 'list'],
  summary: 'jobs a killed run left unfinished, and what they may have left',
  flags: [{ name: 'host', value: 'NAME', description: 'only those of this saved host', default: 'every host', complete: 'host' }, JSON_OUT],
  async run(ctx, { values }) {
    const notes = await cliJournal().interrupted(str(values, 'host'));
    if (values.json) {
      printJson(ctx.io, { interrupted: notes.map((n) => ({ ...n, commands: [...n.leftovers].reverse().map(leftoverCommand) })) });
      return 0;
    }
    if (notes.length === 0) ctx.io.out(ctx.text('cli.jobs.none') + '\n');
    const { describeInterrupted } = await interrupted();
    for (const n of notes) {
      const d = describeInterrupted(n);
      ctx.io.out(`${n.id}  ${n.host}  ${n.title}\n  ${errorMessage(d, ctx.lang)}\n  ${errorHint(d, ctx.lang) ?? ''}\n`);
    }
    return 0;
  },
};

const jobsUndo: CliCommand = {
  path: ['jobs', 'undo'],
  summary: 'remove what an interrupted job left (refused while a VM uses it)',
  flags: [ID, PASSWORD_STDIN, PASSPHRASE_STDIN, JSON_OUT],
  async run(ctx, { values }) {
    const note = await interruptedJob(ctx, values);
    return ctx.withSession(
      values,
      async (session) => {
        const out = await (await interrupted()).undoInterrupted(session, cliJournal(), note);
        if (out.state !== 'succeeded') throw out.error ?? SpindleError.of('COMMAND_FAILED', 'cli.jobs.undoIncomplete');
        const what = [...note.leftovers].reverse().map((l) => l.description);
        printResult(ctx, values, { undone: note.leftovers.map((l) => l.description) }, ctx.text('cli.jobs.undone', { what: what.join('; ') }));
        return 0;
      },
      { host: note.host, warnInterrupted: false },
    );
  },
};

const jobsForget: CliCommand = {
  path: ['jobs', 'forget'],
  summary: "forget an interrupted job (once you have dealt with what it left)",
  flags: [ID],
  async run(ctx: CliContext, { values }) {
    const note = await interruptedJob(ctx, values);
    await cliJournal().forget(note.id);
    ctx.io.out(ctx.text('cli.jobs.forgot', { title: note.title }) + '\n');
    return 0;
  },
};

export const JOBS_CLI: CliFeature = {
  groups: { jobs: 'jobs a killed run left unfinished: list, undo, forget' },
  commands: [jobsList, jobsUndo, jobsForget],
};
