// Job events may arrive before the start reply: an ended job never goes back to running.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Job } from '../../../shared/contract/ops.ts';
import { jobFraction, supersedes, useJobsStore, whenJobEnds } from './jobs.ts';

const job = (over: Partial<Job> = {}): Job => ({ id: 'j', host: 'h', kind: 'disk.attach', title: 't', state: 'running', step: 0, steps: 2, stepDescription: 'd', cancellable: true, startedAt: '2026-01-01T00:00:00Z', ...over });

beforeEach(() => useJobsStore.setState({ jobs: [] }));

test('a late running copy does not undo the end; newer steps replace older ones', () => {
  assert.equal(supersedes(job({ state: 'succeeded' }), job()), false);
  assert.equal(supersedes(job({ step: 1 }), job({ step: 0 })), false);
  assert.equal(supersedes(job(), job({ state: 'failed' })), true);
  const s = useJobsStore.getState();
  s.upsertJob(job({ state: 'succeeded', step: 1 }));
  s.upsertJob(job());
  assert.equal(useJobsStore.getState().jobs[0]?.state, 'succeeded');
  s.setJobs([job({ id: 'k', startedAt: '2026-01-02T00:00:00Z' }), job()]);
  assert.deepEqual(
    useJobsStore.getState().jobs.map((j) => `${j.id}:${j.state}`),
    ['k:running', 'j:succeeded'],
  );
});

test('whenJobEnds resolves on the end event; fraction uses progress or steps', async () => {
  useJobsStore.getState().upsertJob(job());
  const ended = whenJobEnds('j');
  useJobsStore.getState().upsertJob(job({ state: 'partial', step: 1 }));
  assert.equal((await ended).state, 'partial');
  assert.equal(jobFraction(job({ step: 1 })), 0.5);
  assert.equal(jobFraction(job({ progress: 0.25 })), 0.25);
  assert.equal(jobFraction(job({ state: 'succeeded' })), 1);
});
