// Operations run as jobs: the API returns at once with the job, and every
// change (step, progress, end) is pushed as a "job" event. Cancel stops the
// job before its next step, and kills the running step only where that is
// safe (the step is interruptible and has an undo).
import { english, msg, msgOf, type Msg } from '../../../shared/core/messages.ts';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { SpindleError, toSpindleError } from '../../../shared/core/errors.ts';
import type { Job } from '../../../shared/contract/ops.ts';
import type { HostSession } from '../session/host-session.ts';
import { describeInterrupted } from './interrupted-jobs.ts';
import { leftoverCommand, noteText, type JobJournal, type JournalNote } from './job-journal.ts';
import { errorMessageText, joinTexts } from './plan-errors.ts';
import { planInfo, type Plan, withMsg } from './plan.ts';
import { executePlan, type PlanOutcome, type PlanSecrets } from './run-plan.ts';

interface JobEntry {
  job: Job;
  abort: AbortController;
  done: Promise<PlanOutcome>;
  /** The note of an earlier process's job that died while running (state "interrupted"). */
  note?: JournalNote;
}

/** Jobs kept for the list after they end. */
const KEEP_ENDED = 50;

/** A job's error: the English, and the message the UI translates (its hint is the key + "Hint"). */
function jobError(e: SpindleError): NonNullable<Job['error']> {
  return { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.msg ? { msg: e.msg } : {}) };
}

/** The refusal of a job id this manager does not have (any more). */
const unknownJob = (id: string): SpindleError => SpindleError.of('INVALID_ARGUMENT', 'plan.job.unknown', { id }, 'id');

/** Emits 'job' (Job) on every change. */
export class JobManager extends EventEmitter {
  private readonly jobs = new Map<string, JobEntry>();

  constructor(private readonly opts: { pollMs?: number; journal?: JobJournal } = {}) {
    super();
  }

  /** Lists the jobs an earlier process left unfinished (read from the journal), as "interrupted". */
  async loadInterrupted(): Promise<void> {
    for (const note of (await this.opts.journal?.interrupted()) ?? []) {
      if (this.jobs.has(note.id)) continue;
      const d = describeInterrupted(note);
      const job: Job = {
        id: note.id,
        host: note.host,
        kind: 'interrupted',
        title: note.title,
        ...(note.titleMsg ? { titleMsg: note.titleMsg } : {}),
        state: 'interrupted',
        step: 0,
        steps: note.leftovers.length,
        stepDescription: '',
        cancellable: false,
        startedAt: note.startedAt,
        error: { code: 'CANCELLED', message: d.message, hint: d.hint, msg: d.msg },
        leftovers: [...note.leftovers].reverse().map((l) => ({ description: l.description, ...(l.descriptionMsg ? { descriptionMsg: l.descriptionMsg } : {}), command: leftoverCommand(l) })),
      };
      this.jobs.set(note.id, { job, abort: new AbortController(), done: Promise.resolve({ state: 'cancelled', results: [], undone: [], undoFailures: [] }), note });
      this.changed(job);
    }
  }

  /** The note of an interrupted job (for its undo). */
  interruptedNote(id: string): JournalNote {
    const note = this.jobs.get(id)?.note;
    if (!note) throw SpindleError.of('INVALID_ARGUMENT', 'plan.job.notInterrupted', { id }, 'id');
    return note;
  }

  /** An interrupted job was undone (or dealt with by hand): it ends as "cancelled" and leaves the journal. */
  async forgetInterrupted(id: string, outcome?: PlanOutcome): Promise<Job | null> {
    const e = this.jobs.get(id);
    if (!e?.note) return null;
    const note = e.note;
    await this.opts.journal?.forget(id);
    delete e.note;
    e.job.state = 'cancelled';
    delete e.job.leftovers;
    e.job.endedAt = new Date().toISOString();
    // What the undo ran: the leftovers, newest first (as undoInterrupted runs them).
    const undone = [...note.leftovers].reverse().map((l) => noteText(l.description, l.descriptionMsg));
    e.job.error = jobError(outcome ? SpindleError.of('CANCELLED', 'plan.job.undoneNow', { steps: joinTexts(undone) }) : SpindleError.of('CANCELLED', 'plan.job.forgotten'));
    this.changed(e.job);
    return { ...e.job };
  }

  list(): Job[] {
    return [...this.jobs.values()].map((e) => ({ ...e.job }));
  }

  get(id: string): Job | undefined {
    const e = this.jobs.get(id);
    return e ? { ...e.job } : undefined;
  }

  /** Resolves when the job has ended (tests and the CLI wait on it). */
  async wait(id: string): Promise<Job> {
    const e = this.jobs.get(id);
    if (!e) throw unknownJob(id);
    await e.done;
    return { ...e.job };
  }

  /**
   * Starts a plan on a host. `after` runs once it ends (e.g. re-reading the
   * inventory) before the final event, so the UI sees the result in place.
   */
  start(session: HostSession, kind: string, plan: Plan, secrets: PlanSecrets = {}, after?: (job: Job) => Promise<void>): Job {
    const id = randomUUID();
    const abort = new AbortController();
    const first = plan.steps[0];
    const job: Job = {
      id,
      host: session.name,
      kind,
      title: english(plan.title),
      ...withMsg('titleMsg', plan.title),
      state: 'running',
      step: 0,
      steps: plan.steps.length,
      stepDescription: first ? english(first.description) : '',
      ...withMsg('stepMsg', first?.description),
      progress: 0,
      cancellable: true,
      startedAt: new Date().toISOString(),
      plan: planInfo(plan),
    };
    const total = Math.max(1, plan.steps.length);
    const done = executePlan(session, plan, {
      secrets,
      signal: abort.signal,
      ...(this.opts.journal ? { journal: this.opts.journal.begin(session.name, plan.title, id) } : {}),
      ...(this.opts.pollMs ? { pollMs: this.opts.pollMs } : {}),
      onStep: (i, step) => {
        job.step = i;
        job.stepDescription = english(step.description);
        const m = msgOf(step.description);
        if (m) job.stepMsg = m;
        else delete job.stepMsg;
        job.progress = i / total;
        job.cancellable = !!step.interruptible || !!step.blockJob || i < plan.steps.length - 1;
        this.changed(job);
      },
      onRetry: (i, why) => {
        const m: Msg = msg('plan.job.retrying', { step: plan.steps[i]?.description ?? '', why: typeof why === 'string' ? why.slice(0, 200) : why });
        job.stepDescription = english(m);
        job.stepMsg = m;
        this.changed(job);
      },
      onProgress: (i, f) => {
        job.progress = (i + f) / total;
        this.changed(job);
      },
    }).then(async (out) => {
      job.state = out.state;
      job.cancellable = false;
      job.endedAt = new Date().toISOString();
      if (out.state === 'succeeded') {
        job.progress = 1;
        if (plan.result) job.result = { ...plan.result };
        try {
          await plan.onSucceeded?.();
        } catch (e) {
          job.error = jobError(SpindleError.of('COMMAND_FAILED', 'plan.job.notRecorded', { error: errorMessageText(toSpindleError(e)) }));
        }
      }
      if (out.error) job.error = jobError(out.error);
      if (out.stoppedBefore !== undefined) job.stoppedBefore = out.stoppedBefore;
      try {
        await after?.(job);
      } catch {
        // The job's own outcome stands; a failed re-read shows up as host status.
      }
      this.changed(job);
      this.prune();
      return out;
    });
    this.jobs.set(id, { job, abort, done });
    this.changed(job);
    return { ...job };
  }

  /** Cancels every running job and waits until each has ended (and undone what it made): on close. */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((e) => e.job.state === 'running');
    for (const e of running) e.abort.abort();
    await Promise.all(running.map((e) => e.done.catch(() => undefined)));
  }

  cancel(id: string): Job {
    const e = this.jobs.get(id);
    if (!e) throw unknownJob(id);
    if (e.job.state === 'running') e.abort.abort();
    return { ...e.job };
  }

  private changed(job: Job): void {
    this.emit('job', { ...job });
  }

  private prune(): void {
    const ended = [...this.jobs.values()].filter((e) => e.job.state !== 'running');
    for (const e of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) this.jobs.delete(e.job.id);
  }
}
