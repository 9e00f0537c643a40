// Runs a plan's steps in order on a host. The first failure stops the plan
// and names the step; nothing is retried (a step may have changed the host).
import { SpindleError } from '../../../shared/errors.ts';
import { checkResult } from '../transport/command-errors.ts';
import type { HostSession } from '../inventory/host-session.ts';
import type { Plan } from './plan.ts';

export interface StepResult {
  description: string;
  stdout: string;
}

export async function runPlan(session: HostSession, plan: Plan): Promise<StepResult[]> {
  const done: StepResult[] = [];
  for (const [i, step] of plan.steps.entries()) {
    const program = step.argv[0] ?? '';
    try {
      const r = await session.runner.run(step.argv, { sudo: step.sudo ?? session.config.sudo, ...(step.stdin !== undefined ? { stdin: step.stdin } : {}) });
      done.push({ description: step.description, stdout: checkResult(r, program, session.runner.label).stdout });
    } catch (e) {
      const err = e instanceof SpindleError ? e : new SpindleError('COMMAND_FAILED', String(e));
      const note = done.length ? ` Steps 1-${done.length} had completed.` : '';
      throw new SpindleError(err.code, `Step ${i + 1} of ${plan.steps.length} (${step.description}) failed: ${err.message}${note}`, err.hint, err.details);
    }
  }
  return done;
}
