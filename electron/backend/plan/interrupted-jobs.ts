// Jobs whose process died before they ended (see job-journal.ts): what they
// may have left on the host, the exact commands that remove it, and the undo
// itself, run only after checking that no VM uses what it would delete.
import { SpindleError } from '../../../shared/core/errors.ts';
import type { Inventory } from '../../../shared/contract/models.ts';
import type { HostSession } from '../session/host-session.ts';
import { leftoverCommand, type JobJournal, type JournalNote } from './job-journal.ts';
import type { Plan } from './plan.ts';
import { executePlan, type PlanOutcome } from './run-plan.ts';

/** What an interrupted job is, what it may have left and how to remove it (CLI warning, UI job). */
export function describeInterrupted(note: JournalNote): { message: string; hint: string } {
  const left = note.leftovers.map((l) => l.description).join('; ');
  const commands = [...note.leftovers].reverse().map(leftoverCommand).join('; ');
  return {
    message: `An earlier job on ${note.host} was interrupted before it finished: "${note.title}" (started ${note.startedAt}; its process ${note.pid} is gone). It may have left: ${left}.`,
    hint: `Remove what it left with: ${commands}. Or run "spindle jobs undo --id ${note.id}" (it first checks that no VM uses those files), or "spindle jobs forget --id ${note.id}" once you have dealt with it.`,
  };
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
        throw new SpindleError('INVALID_ARGUMENT', `Undoing "${note.title}" would remove ${arg}, which VM "${vm}" uses now.`, `It was made again since the job was interrupted: nothing was removed. Forget the old job with "spindle jobs forget --id ${note.id}".`, { path: arg });
      }
    }
  }
}

/** Runs the undo of an interrupted job (newest first) after the safety check; forgets the job when all of it ran. */
export async function undoInterrupted(session: HostSession, journal: JobJournal, note: JournalNote): Promise<PlanOutcome> {
  checkLeftoversUnused(note, await session.reload());
  const plan: Plan = {
    title: `Undo the interrupted job "${note.title}"`,
    steps: [...note.leftovers].reverse().map((l) => ({ description: l.description, argv: l.argv, ...(l.sudo ? { sudo: true } : {}), destructive: true })),
    warnings: [],
  };
  const out = await executePlan(session, plan);
  if (out.state === 'succeeded') await journal.forget(note.id);
  return out;
}
