// Which plan a job view shows and how each of its steps stands. The backend
// plans again when a job starts, so the plan that runs (job.plan) can differ
// from the one reviewed (e.g. a LUKS secret UUID generated anew): the view
// shows the job's own plan, and the reviewed one only when the job carries
// none and has the same number of steps.
import type { Job, PlanInfo } from '../../../shared/contract/ops.ts';

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'stopped' | 'skipped';

/** The plan whose steps the job runs; null when neither fits. */
export function jobPlan(job: Job, reviewed: PlanInfo | null | undefined): PlanInfo | null {
  if (job.plan) return job.plan;
  if (reviewed && reviewed.steps.length === job.steps) return reviewed;
  return null;
}

/** Whether the plan that runs has other commands or inputs than the one reviewed. */
export function planDiffers(job: Job, reviewed: PlanInfo | null | undefined): boolean {
  if (!job.plan || !reviewed) return false;
  const key = (p: PlanInfo) => JSON.stringify(p.steps.map((s) => [s.argv, s.stdin ?? null, s.secretStdin ?? false, s.sudo ?? false, s.guestArgv ?? null]));
  return key(job.plan) !== key(reviewed);
}

/**
 * A cancelled job stopped either between steps (job.stoppedBefore: the
 * 0-based index of the first step that did not run; every step before it
 * completed) or inside an interruptible one (no stoppedBefore: the step at
 * job.step stopped).
 */
export function stepStatuses(job: Job, count: number): StepStatus[] {
  const before = job.state === 'cancelled' ? (job.stoppedBefore ?? null) : null;
  return Array.from({ length: count }, (_, i): StepStatus => {
    if (job.state === 'succeeded') return 'done';
    if (before !== null) return i < before ? 'done' : 'skipped';
    if (i < job.step) return 'done';
    if (i > job.step) return job.state === 'running' ? 'pending' : 'skipped';
    if (job.state === 'running') return 'running';
    if (job.state === 'failed' || job.state === 'partial') return 'failed';
    return 'stopped';
  });
}
