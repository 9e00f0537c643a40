// Jobs whose process died before they ended (see job-journal.ts): what they
// may have left on the host, the exact commands that remove it, and the undo
// itself, run only after checking that no VM uses what it would delete.
import { SpindleError } from '../../../shared/core/errors.ts';
import { msg, renderMsg, type Msg } from '../../../shared/core/messages.ts';
import type { Inventory } from '../../../shared/contract/models.ts';
import type { HostSession } from '../session/host-session.ts';
import { leftoverCommand, noteText, type JobJournal, type JournalNote } from './job-journal.ts';
import { joinTexts } from './plan-errors.ts';
import type { Plan } from './plan.ts';
import { executePlan, type PlanOutcome } from './run-plan.ts';

/**
 * What an interrupted job is, what it may have left and how to remove it (CLI
 * warning, UI job): `msg` is the message (its hint is msg's key + "Hint"),
 * `message` and `hint` its English.
 */
export function describeInterrupted(note: JournalNote): { message: string; hint: string; msg: Msg } {
  const m = msg('plan.interrupted.message', {
    host: note.host,
    title: noteText(note.title, note.titleMsg),
    startedAt: note.startedAt,
    pid: note.pid,
    left: joinTexts(note.leftovers.map((l) => noteText(l.description, l.descriptionMsg))),
    commands: [...note.leftovers].reverse().map(leftoverCommand).join('; '),
    id: note.id,
  });
  return { message: renderMsg(m), hint: renderMsg({ ...m, key: 'plan.interrupted.messageHint' }), msg: m };
}

/** Paths of files and devices a VM uses (its disks and their backing chains). */
function pathsInUse(inv: Inventory): Map<string, string> {
  const used = new Map<string, string>();
  for (const d of inv.domains) {
    for (const disk of d.disks) {
      for (const p of [disk.source.file, disk.source.dev, ...disk.backingChain.map((b) => b.path)]) if (p) used.set(p, d.name);
    }
  }
  return used;
}

/** Refuses an undo that would remove something a VM uses (the file may have been made again since). */
export function checkLeftoversUnused(note: JournalNote, inv: Inventory): void {
  const used = pathsInUse(inv);
  for (const l of note.leftovers) {
    for (const arg of l.argv) {
      const vm = used.get(arg);
      if (vm) {
        throw SpindleError.of('INVALID_ARGUMENT', 'plan.interrupted.inUse', { title: noteText(note.title, note.titleMsg), path: arg, vm, id: note.id }, undefined, { path: arg });
      }
    }
  }
}

/** Runs the undo of an interrupted job (newest first) after the safety check; forgets the job when all of it ran. */
export async function undoInterrupted(session: HostSession, journal: JobJournal, note: JournalNote): Promise<PlanOutcome> {
  checkLeftoversUnused(note, await session.reload());
  const plan: Plan = {
    title: msg('plan.interrupted.undoTitle', { title: noteText(note.title, note.titleMsg) }),
    steps: [...note.leftovers].reverse().map((l) => ({ description: noteText(l.description, l.descriptionMsg), argv: l.argv, ...(l.sudo ? { sudo: true } : {}), destructive: true })),
    warnings: [],
  };
  const out = await executePlan(session, plan);
  if (out.state === 'succeeded') await journal.forget(note.id);
  return out;
}
