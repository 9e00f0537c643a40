// The job view shows the plan the job runs (job.plan), marked step by step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job, PlanInfo } from '../../../shared/contract/ops.ts';
import { jobPlan, planDiffers, stepStatuses } from './job-steps.ts';

const plan = (...argvs: string[][]): PlanInfo => ({ title: 'p', steps: argvs.map((argv, i) => ({ description: `s${i + 1}`, argv })), warnings: [], script: '' });
const job = (over: Partial<Job> = {}): Job => ({ id: 'j', host: 'h', kind: 'volume.create', title: 't', state: 'running', step: 0, steps: 3, stepDescription: 'd', cancellable: true, startedAt: '2026-01-01T00:00:00Z', ...over });

test("the job's own plan wins over the reviewed one; the reviewed one is a fallback only when the step count fits", () => {
  const reviewed = plan(['virsh', 'secret-define'], ['virsh', 'secret-set-value', '--secret', 'aaaa'], ['virsh', 'vol-create']);
  const ran = plan(['virsh', 'secret-define'], ['virsh', 'secret-set-value', '--secret', 'bbbb'], ['virsh', 'vol-create']);
  assert.equal(jobPlan(job({ plan: ran }), reviewed), ran);
  assert.equal(jobPlan(job(), reviewed), reviewed);
  assert.equal(jobPlan(job({ steps: 2 }), reviewed), null);
  assert.equal(jobPlan(job(), null), null);
  assert.equal(planDiffers(job({ plan: ran }), reviewed), true);
  assert.equal(planDiffers(job({ plan: reviewed }), plan(['virsh', 'secret-define'], ['virsh', 'secret-set-value', '--secret', 'aaaa'], ['virsh', 'vol-create'])), false);
  assert.equal(planDiffers(job(), reviewed), false);
});

test('step marks: running, ended with an error or part way, and the two kinds of cancel', () => {
  assert.deepEqual(stepStatuses(job({ step: 1 }), 3), ['done', 'running', 'pending']);
  assert.deepEqual(stepStatuses(job({ state: 'succeeded', step: 2 }), 3), ['done', 'done', 'done']);
  assert.deepEqual(stepStatuses(job({ state: 'failed', step: 1 }), 3), ['done', 'failed', 'skipped']);
  assert.deepEqual(stepStatuses(job({ state: 'partial', step: 2 }), 3), ['done', 'done', 'failed']);
  // Interrupted inside the step (qemu-img killed): that step stopped.
  assert.deepEqual(stepStatuses(job({ state: 'cancelled', step: 1, error: { code: 'CANCELLED', message: 'Cancelled during step 2 of 3 (Write zeros).' } }), 3), ['done', 'stopped', 'skipped']);
  // Stopped between steps: the job says before which (the step at job.step had finished), whatever its message's language.
  assert.deepEqual(stepStatuses(job({ state: 'cancelled', step: 1, stoppedBefore: 2, error: { code: 'CANCELLED', message: '已在第 3 步（共 3 步）之前取消（刷新）。' } }), 3), ['done', 'done', 'skipped']);
  // Cancelled before the first step: nothing ran.
  assert.deepEqual(stepStatuses(job({ state: 'cancelled', step: 0, stoppedBefore: 0 }), 3), ['skipped', 'skipped', 'skipped']);
  // The English message alone no longer decides anything.
  assert.deepEqual(stepStatuses(job({ state: 'cancelled', step: 1, error: { code: 'CANCELLED', message: 'Cancelled before step 3 of 3 (Refresh).' } }), 3), ['done', 'stopped', 'skipped']);
  // More steps in the plan shown than the job counts (a fallback plan): the extra ones are not run.
  assert.deepEqual(stepStatuses(job({ state: 'failed', step: 0, steps: 1 }), 2), ['failed', 'skipped']);
});
