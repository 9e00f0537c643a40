// A note on disk for every running job: what it has made so far that an undo
// would remove. A job that ends (done, failed, cancelled and undone) removes
// its note; a note whose process is gone is an interrupted job (kill -9, a
// crash, a power cut), and the next run of Spindle reports what it left and
// how to remove it. Notes hold commands and paths, never a secret; texts are
// kept in English (for the CLI and anyone reading the file) beside their
// message (for the UI).
import { randomUUID } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../config/atomic-file.ts';
import { quoteCommand } from '../../../shared/core/shell-quote.ts';
import { english, msgOf, type Msg, type Text } from '../../../shared/core/messages.ts';
import { textFields } from '../../../shared/contract/text-fields.ts';
import type { PlanStep } from './plan.ts';

const LeftoverSchema = z.object({ ...textFields('description'), argv: z.array(z.string()), sudo: z.boolean().optional() });
export type Leftover = z.infer<typeof LeftoverSchema>;

const NoteSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  host: z.string(),
  ...textFields('title'),
  pid: z.number().int(),
  /** The process's start time (Linux /proc), so a pid used again by another program is not taken for the job's. */
  pidStart: z.string().optional(),
  startedAt: z.string(),
  /** Undo commands, oldest first (they run newest first). */
  leftovers: z.array(LeftoverSchema),
});
export type JournalNote = z.infer<typeof NoteSchema>;

/** A note's text as the executor and the UI take it: the message when there is one. */
export function noteText(english: string, m: Msg | undefined): Text {
  return m ?? english;
}

/** The shell line that removes one leftover (what the user is told to run). */
export function leftoverCommand(l: Leftover): string {
  return quoteCommand(l.sudo ? ['sudo', '-n', '--', ...l.argv] : l.argv);
}

/** Field 22 of /proc/PID/stat: when the process started (clock ticks since boot); null without /proc. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function processAlive(pid: number, start: string | undefined): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Alive, but is it still the job's process?
  const now = processStart(pid);
  return start === undefined || now === null || now === start;
}

export interface JournalEntry {
  /** Records what the job has made (its undo steps so far), before the step that makes more starts. */
  record(undo: readonly PlanStep[], sudoDefault: boolean): Promise<void>;
  /** The job ended: nothing of it is left to report. */
  end(): Promise<void>;
}

export class JobJournal {
  readonly dir: string;

  constructor(configDir: string) {
    this.dir = path.join(configDir, 'running-jobs');
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  /** Starts the note of a job (written on its first step that makes something). */
  begin(host: string, title: Text, id: string = randomUUID()): JournalEntry {
    const pidStart = processStart(process.pid);
    const titleMsg = msgOf(title);
    const base = { version: 1 as const, id, host, title: english(title), ...(titleMsg ? { titleMsg } : {}), pid: process.pid, ...(pidStart ? { pidStart } : {}), startedAt: new Date().toISOString() };
    let written = false;
    return {
      record: async (undo, sudoDefault) => {
        if (undo.length === 0 && !written) return;
        // A description may be a message: the note keeps its English and the message (the schema reads strings only).
        const leftovers: Leftover[] = undo.map((u) => {
          const m = msgOf(u.description);
          return { description: english(u.description), ...(m ? { descriptionMsg: m } : {}), argv: u.argv, ...((u.sudo ?? sudoDefault) ? { sudo: true } : {}) };
        });
        await writeFileAtomic(this.file(id), JSON.stringify({ ...base, leftovers }, null, 2) + '\n');
        written = true;
      },
      end: async () => {
        if (written) await fs.rm(this.file(id), { force: true });
      },
    };
  }

  /** Notes of jobs whose process is gone (on `host`, or on every host). */
  async interrupted(host?: string): Promise<JournalNote[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const out: JournalNote[] = [];
    for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
      const note = await readJsonFile(path.join(this.dir, n), NoteSchema).catch(() => undefined);
      if (note && (host === undefined || note.host === host) && !processAlive(note.pid, note.pidStart)) out.push(note);
    }
    return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  async get(id: string): Promise<JournalNote | undefined> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
    return (await this.interrupted()).find((n) => n.id === id);
  }

  async forget(id: string): Promise<void> {
    if (/^[0-9a-f-]{36}$/.test(id)) await fs.rm(this.file(id), { force: true });
  }
}
