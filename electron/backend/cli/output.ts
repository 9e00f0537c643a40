// The one printer of --json and --dry-run output, and the end every change
// command shares: the plan's warnings on stderr, then with --dry-run the
// script (or with --json the plan as the API shows it) and nothing run, else
// the job run (Ctrl-C cancels and undoes) and its report.
import { english, type Text } from '../../../shared/core/messages.ts';
import type { Plan } from '../plan/plan.ts';
import type { ExecuteOptions, StepResult } from '../plan/run-plan.ts';
import type { HostSession } from '../session/host-session.ts';
import type { CliContext, CliIo, Values } from './command.ts';

/** Machine-readable output: indented JSON, one document. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}

/** Stream output (stats ticks, events): one compact JSON document per line. */
export function printJsonLine(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value) + '\n');
}

/** JSON with --json, else the text. */
export function printResult(ctx: CliContext, values: Values, json: unknown, text: string): void {
  if (values.json) printJson(ctx.io, json);
  else ctx.io.out(text.endsWith('\n') ? text : `${text}\n`);
}

export function printWarnings(ctx: CliContext, warnings: readonly Text[]): void {
  for (const w of warnings) ctx.io.err(ctx.text('cli.prefix.warning', { text: ctx.say(w) }) + '\n');
}

export interface ChangeReport {
  /** What --json prints after the job (besides "done", the plan's English title). */
  json?: Record<string, unknown>;
  /** Lines after "Done: <title>." */
  more?: string[];
}

export interface RunOrShowOptions {
  /** Asked only when the plan will really run (a passphrase, say). */
  before?: () => Promise<Omit<ExecuteOptions, 'signal' | 'journal'>>;
  /** What to report once the job has succeeded; absent: "Done: <title>.". */
  report?: (results: StepResult[]) => Promise<ChangeReport | { replace: { json: unknown; text: string } }>;
}

/** Shows (--dry-run) or runs a plan, then reports. Returns the exit status. */
export async function runOrShow(ctx: CliContext, session: HostSession, plan: Plan, values: Values, opts: RunOrShowOptions = {}): Promise<number> {
  printWarnings(ctx, plan.warnings);
  // Loaded when needed: a command that shows no plan starts faster without them.
  const [{ planInfo, planToScript }, { runCliPlan }] = await Promise.all([import('../plan/plan.ts'), import('./run-job.ts')]);
  if (values['dry-run']) {
    if (values.json) printJson(ctx.io, { plan: planInfo(plan) });
    else ctx.io.out(planToScript(plan));
    return 0;
  }
  const exec = opts.before ? await opts.before() : {};
  const results = await runCliPlan(session, plan, ctx.io, exec, ctx.lang);
  await plan.onSucceeded?.();
  const report = opts.report ? await opts.report(results) : {};
  if ('replace' in report) {
    printResult(ctx, values, report.replace.json, report.replace.text);
    return 0;
  }
  // --json stays English (scripts read it); the text follows LANG.
  printResult(ctx, values, { done: english(plan.title), ...(report.json ?? {}) }, [ctx.text('cli.plan.done', { title: ctx.say(plan.title) }), ...(report.more ?? [])].join('\n'));
  return 0;
}
