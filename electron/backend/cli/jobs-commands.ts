// `spindle jobs list|undo|forget`: jobs whose run was killed before it ended,
// what they may have left, and removing it (after checking no VM uses it).
import { SpindleError } from '../../../shared/core/errors.ts';
import { msg } from '../../../shared/core/messages.ts';
import { defaultConfigDir } from '../config/config-dir.ts';
import { JobJournal, leftoverCommand, noteText, type JournalNote } from '../plan/job-journal.ts';
import type { CliCommand, CliContext, CliFeature, Values } from './command.ts';
import { API } from '../../../shared/contract/api.ts';
import { checked, HOST_FILTER, JSON_OUT, PASSPHRASE_STDIN, PASSWORD_STDIN, str } from './flags.ts';
import { printJson, printResult } from './output.ts';
import { errorHint, errorMessage } from './text.ts';

const cliJournal = (): JobJournal => new JobJournal(defaultConfigDir());
const interrupted = () => import('../plan/interrupted-jobs.ts');

const ID = { name: 'id', value: 'ID', description: msg('cli.cmd.jobId'), required: true } as const;

/** A note's title in the user's language (the note keeps the message beside the English). */
const titleOf = (ctx: CliContext, n: JournalNote): string => ctx.say(noteText(n.title, n.titleMsg));

/** The interrupted job named by --id (checked as the API's jobs.undo checks it). */
async function interruptedJob(ctx: CliContext, values: Values): Promise<JournalNote> {
  const id = checked(ctx, API['jobs.undo'].params.shape.id, str(values, 'id'), { '': 'id' }, values);
  const note = await cliJournal().get(id);
  if (!note) throw SpindleError.of('INVALID_ARGUMENT', 'cli.jobs.unknown', { id }, 'id');
  return note;
}

const jobsList: CliCommand = {
  path: ['jobs', 'list'],
  summary: msg('cli.cmd.jobsList.summary'),
  flags: [HOST_FILTER, JSON_OUT],
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
      ctx.io.out(`${n.id}  ${n.host}  ${titleOf(ctx, n)}\n  ${errorMessage(d, ctx.lang)}\n  ${errorHint(d, ctx.lang) ?? ''}\n`);
    }
    return 0;
  },
};

const jobsUndo: CliCommand = {
  path: ['jobs', 'undo'],
  summary: msg('cli.cmd.jobsUndo.summary'),
  flags: [ID, PASSWORD_STDIN, PASSPHRASE_STDIN, JSON_OUT],
  async run(ctx, { values }) {
    const note = await interruptedJob(ctx, values);
    return ctx.withSession(
      values,
      async (session) => {
        const out = await (await interrupted()).undoInterrupted(session, cliJournal(), note);
        if (out.state !== 'succeeded') throw out.error ?? SpindleError.of('COMMAND_FAILED', 'cli.jobs.undoIncomplete');
        const what = [...note.leftovers].reverse().map((l) => ctx.say(noteText(l.description, l.descriptionMsg)));
        printResult(ctx, values, { undone: note.leftovers.map((l) => l.description) }, ctx.text('cli.jobs.undone', { what: what.join(ctx.text('cli.word.listSeparator')) }));
        return 0;
      },
      { host: note.host, warnInterrupted: false },
    );
  },
};

const jobsForget: CliCommand = {
  path: ['jobs', 'forget'],
  summary: msg('cli.cmd.jobsForget.summary'),
  flags: [ID],
  async run(ctx: CliContext, { values }) {
    const note = await interruptedJob(ctx, values);
    await cliJournal().forget(note.id);
    ctx.io.out(ctx.text('cli.jobs.forgot', { title: titleOf(ctx, note) }) + '\n');
    return 0;
  },
};

export const JOBS_CLI: CliFeature = {
  groups: { jobs: msg('cli.group.jobs') },
  commands: [jobsList, jobsUndo, jobsForget],
};
