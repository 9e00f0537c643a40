// `spindle jobs list|undo|forget`: jobs whose run was killed before it ended,
// what they may have left, and removing it (after checking no VM uses it).
import { SpindleError } from '../../../shared/core/errors.ts';
import type { HostSession } from '../session/host-session.ts';
import { describeInterrupted, undoInterrupted } from '../plan/interrupted-jobs.ts';
import { leftoverCommand, type JournalNote } from '../plan/job-journal.ts';
import type { CliIo } from './link-report.ts';
import { cliJournal } from './run-job.ts';

type Values = Record<string, string | boolean | undefined>;

export async function jobsList(values: Values, io: CliIo): Promise<number> {
  const notes = await cliJournal().interrupted(typeof values.host === 'string' ? values.host : undefined);
  if (values.json) {
    io.out(JSON.stringify({ interrupted: notes.map((n) => ({ ...n, commands: [...n.leftovers].reverse().map(leftoverCommand) })) }, null, 2) + '\n');
    return 0;
  }
  if (notes.length === 0) io.out('No interrupted jobs.\n');
  for (const n of notes) {
    const d = describeInterrupted(n);
    io.out(`${n.id}  ${n.host}  ${n.title}\n  ${d.message}\n  ${d.hint}\n`);
  }
  return 0;
}

/** The interrupted job named by --id. */
export async function interruptedJob(values: Values): Promise<JournalNote> {
  if (typeof values.id !== 'string') throw new SpindleError('INVALID_ARGUMENT', '--id is required.', 'List the interrupted jobs with "spindle jobs list".', { usage: 'true' });
  const note = await cliJournal().get(values.id);
  if (!note) throw new SpindleError('INVALID_ARGUMENT', `There is no interrupted job ${values.id}.`, 'List them with "spindle jobs list"; a job whose process still runs is not interrupted.');
  return note;
}

export async function jobsUndo(session: HostSession, note: JournalNote, values: Values, io: CliIo): Promise<number> {
  const out = await undoInterrupted(session, cliJournal(), note);
  if (out.state !== 'succeeded') throw out.error ?? new SpindleError('COMMAND_FAILED', 'The undo did not complete.');
  if (values.json) io.out(JSON.stringify({ undone: note.leftovers.map((l) => l.description) }, null, 2) + '\n');
  else io.out(`Undone: ${[...note.leftovers].reverse().map((l) => l.description).join('; ')}.\n`);
  return 0;
}

export async function jobsForget(note: JournalNote, io: CliIo): Promise<number> {
  await cliJournal().forget(note.id);
  io.out(`Forgot the interrupted job "${note.title}".\n`);
  return 0;
}
