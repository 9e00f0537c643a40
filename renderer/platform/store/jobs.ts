// Storage jobs the backend runs (ops.start), as its "job" events report them:
// one entry per job, newest first. Fed by jobs.list at start and by events.
import { create } from 'zustand';
import type { Job } from '../../../shared/contract/ops.ts';

interface JobsState {
  jobs: Job[];
  /** Replaces the list (jobs.list); keeps newer versions already received by event. */
  setJobs(jobs: Job[]): void;
  upsertJob(job: Job): void;
}

const isEnded = (j: Job): boolean => j.state !== 'running';

/** Whether `incoming` should replace `current`: an ended job never goes back to running. */
export function supersedes(current: Job | undefined, incoming: Job): boolean {
  if (!current) return true;
  if (isEnded(current) && !isEnded(incoming)) return false;
  if (!isEnded(current) && !isEnded(incoming) && incoming.step < current.step) return false;
  return true;
}

const byStart = (a: Job, b: Job): number => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0);

export const useJobsStore = create<JobsState>()((set) => ({
  jobs: [],
  setJobs: (list) =>
    set((s) => {
      const known = new Map(s.jobs.map((j) => [j.id, j]));
      const merged = list.map((j) => {
        const cur = known.get(j.id);
        return supersedes(cur, j) ? j : (cur ?? j);
      });
      const ids = new Set(merged.map((j) => j.id));
      for (const j of s.jobs) if (!ids.has(j.id)) merged.push(j);
      return { jobs: merged.sort(byStart) };
    }),
  upsertJob: (job) =>
    set((s) => {
      const i = s.jobs.findIndex((j) => j.id === job.id);
      if (i < 0) return { jobs: [job, ...s.jobs].sort(byStart) };
      if (!supersedes(s.jobs[i], job)) return s;
      const jobs = s.jobs.slice();
      jobs[i] = job;
      return { jobs };
    }),
}));

export function useJob(id: string | null): Job | undefined {
  return useJobsStore((s) => (id === null ? undefined : s.jobs.find((j) => j.id === id)));
}

/** Fraction done: the job's own progress when it reports one, else finished steps. */
export function jobFraction(job: Job): number {
  if (job.state === 'succeeded') return 1;
  if (job.progress !== undefined) return job.progress;
  return job.steps > 0 ? Math.min(1, job.step / job.steps) : 0;
}

/** Resolves when the job has ended (as the store learns from events). */
export function whenJobEnds(id: string): Promise<Job> {
  return new Promise((resolve) => {
    const check = (jobs: Job[]): boolean => {
      const j = jobs.find((x) => x.id === id);
      if (j && j.state !== 'running') {
        resolve(j);
        return true;
      }
      return false;
    };
    if (check(useJobsStore.getState().jobs)) return;
    const off = useJobsStore.subscribe((s) => {
      if (check(s.jobs)) off();
    });
  });
}
