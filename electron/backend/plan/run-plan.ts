// Runs a plan's steps in order on a host. The first failure stops the plan
// and names the step; nothing is retried except read-only checks (a step may
// have changed the host). When the plan fails or is cancelled, the undo steps
// of what it already made run newest first, so nothing is left half-done; a
// failing step that carries a partialNote instead ends the plan as "partial"
// (what was done stays done, and the note says what that means).
import { english, msg, type Msg, type Text } from '../../../shared/core/messages.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpindleError, toSpindleError } from '../../../shared/core/errors.ts';
import { checkResult } from '../transport/command-errors.ts';
import { virsh, virshArgsOf, virshArgv } from '../libvirt/commands.ts';
import { blockJobFraction, parseBlockJobInfo } from '../libvirt/blockjob-info.ts';
import { guestExecPid, runInGuest, waitGuestExec } from '../libvirt/guest-agent.ts';
import type { HostSession } from '../session/host-session.ts';
import type { JournalEntry } from './job-journal.ts';
import type { Plan, PlanStep } from './plan.ts';
import { composedError, errorHintText, errorMessageText, joinTexts } from './plan-errors.ts';

export interface StepResult {
  description: string;
  stdout: string;
}

export interface PlanSecrets {
  passphrase?: string;
}

export interface ExecuteOptions {
  secrets?: PlanSecrets;
  signal?: AbortSignal;
  /** A step starts (index, and whether cancel may interrupt it). */
  onStep?: (index: number, step: PlanStep) => void;
  /** Progress within the running step, 0..1. */
  onProgress?: (index: number, fraction: number) => void;
  /** A step hit a known transient failure and runs again (why: that failure's message). */
  onRetry?: (index: number, why: Text) => void;
  /** Interval of progress probes and verify retries (tests shorten it). */
  pollMs?: number;
  /** Where what the job has made is noted, so an interrupted run can be reported (and undone) later. */
  journal?: JournalEntry;
}

export interface PlanOutcome {
  state: 'succeeded' | 'partial' | 'failed' | 'cancelled';
  results: StepResult[];
  /** The failure (failed), what is left done (partial), or what cancel left (cancelled). */
  error?: SpindleError;
  /** Undo steps that ran, and any that failed. */
  undone: string[];
  undoFailures: string[];
  /** Cancelled between steps: the 0-based index of the first step that did not run (the ones before it completed). */
  stoppedBefore?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The passphrase is a field of the start request (ops.start), given at run time. */
const passphraseMissing = (): SpindleError => SpindleError.of('INVALID_ARGUMENT', 'plan.passphrase', undefined, 'passphrase');

/** Runs one step's command once; throws the typed error of a failure. */
async function runStep(session: HostSession, step: PlanStep, secrets: PlanSecrets, signal?: AbortSignal): Promise<string> {
  const stdin = step.secretStdin ? secrets.passphrase : step.stdin;
  if (step.secretStdin && !stdin) throw passphraseMissing();
  const program = step.argv[0] ?? '';
  if (step.guestExec) return runGuestStep(session, step, step.guestExec);
  if (session.config.uri.startsWith('test:') && program === 'virsh') return runOnTestDriver(session, step, stdin);
  const r = await session.runner.run(step.argv, {
    sudo: step.sudo ?? session.config.sudo,
    ...(stdin !== undefined ? { stdin } : {}),
    ...(signal && step.interruptible ? { signal } : {}),
    // Long steps die with Spindle (even kill -9), so none outlives the job that started it.
    ...(step.interruptible && stdin === undefined ? { tether: true } : {}),
    timeoutMs: step.interruptible || step.progress || step.blockJob ? 6 * 3600_000 : 120_000,
  });
  if (r.code !== 0 && step.alreadyDone?.test(`${r.stderr}\n${r.stdout}`)) return r.stdout;
  if (r.code !== 0 && step.failure) throw composedError('COMMAND_FAILED', step.failure.message, step.failure.hint);
  return checkResult(r, program, session.runner.label).stdout;
}

/**
 * libvirt's test driver keeps its state inside one connection, so the Demo
 * host's steps go through the session's own virsh (input through a private
 * temporary file, since that session's stdin is its command channel).
 */
async function runOnTestDriver(session: HostSession, step: PlanStep, stdin: string | undefined): Promise<string> {
  const args = virshArgsOf(step.argv) ?? step.argv.slice(1);
  if (stdin === undefined) return session.virsh.exec(args);
  const dir = mkdtempSync(path.join(tmpdir(), 'spindle-'));
  try {
    const file = path.join(dir, 'input');
    writeFileSync(file, stdin, { mode: 0o600 });
    return await session.virsh.exec(args.map((a) => (a === '/dev/stdin' ? file : a)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts the guest-exec, waits for it, and turns a non-zero exit into an error with the guest's own output. */
async function runGuestStep(session: HostSession, step: PlanStep, g: { domain: string; guestArgv: string[] }): Promise<string> {
  const out = await session.virsh.exec(virshArgsOf(step.argv) ?? step.argv.slice(1));
  const pid = guestExecPid((JSON.parse(out) as { return?: { pid?: number } }).return, g.domain, g.guestArgv[0]);
  const r = await waitGuestExec(session, g.domain, pid);
  if (r.exitCode === 0) return r.stdout;
  const said = (r.stderr || r.stdout).trim().split('\n').slice(-6).join('\n');
  // An unmount that is refused as busy: name the processes holding it, when the guest has fuser.
  const users = g.guestArgv[0] === 'umount' && BUSY.test(said) ? await busyProcesses(session, g.domain, g.guestArgv[g.guestArgv.length - 1] ?? '') : '';
  const params = { command: g.guestArgv.join(' '), status: r.exitCode, output: said };
  throw composedError('COMMAND_FAILED', msg(said ? 'plan.guest.failedSaid' : 'plan.guest.failed', params), guestFailureHint(said, g.guestArgv, users), {
    exitCode: String(r.exitCode),
    output: said,
    ...(users ? { processes: users } : {}),
  });
}

const BUSY = /target is busy|device is busy|Device or resource busy/i;

// A fixed script; the mountpoint comes in as "$1", never inside the script
// text. It reads /proc (every Linux guest has it) rather than relying on
// fuser or lsof: processes whose working directory, root or open files are
// under the mountpoint.
const HOLDERS_SCRIPT = [
  'mp=$1',
  'for d in /proc/[0-9]*; do',
  '  p=${d#/proc/}; hit=',
  '  for l in "$d/cwd" "$d/root" "$d"/fd/*; do',
  '    t=$(readlink "$l" 2>/dev/null) || continue',
  '    case $t in "$mp"|"$mp"/*) hit=1; break ;; esac',
  '  done',
  '  [ -n "$hit" ] && [ "$p" != "$$" ] && printf "%s (pid %s)\\n" "$(cat "$d/comm" 2>/dev/null)" "$p"',
  'done',
  'exit 0',
].join('\n');

/** "sleep (pid 812), bash (pid 790)": what keeps a mountpoint busy, or '' when the guest cannot say. */
async function busyProcesses(session: HostSession, domain: string, mountpoint: string): Promise<string> {
  const r = await runInGuest(session, domain, ['sh', '-c', HOLDERS_SCRIPT, 'sh', mountpoint]).catch(() => null);
  if (!r || r.exitCode !== 0) return '';
  return r.stdout.trim().split('\n').filter(Boolean).slice(0, 8).join(', ');
}

/** Packages with a filesystem's utilities, by type. */
const FS_TOOLS: Record<string, string> = { ext4: 'e2fsprogs', ext3: 'e2fsprogs', ext2: 'e2fsprogs', xfs: 'xfsprogs', btrfs: 'btrfs-progs', vfat: 'dosfstools', exfat: 'exfatprogs', ntfs: 'ntfs-3g' };

/** What to do about the failures guests print most. */
export function guestFailureHint(output: string, argv: string[], busyBy = ''): Msg {
  if (BUSY.test(output)) return busyBy ? msg('plan.guest.hint.busyBy', { processes: busyBy }) : msg('plan.guest.hint.busy');
  if (/unknown filesystem type|wrong fs type/i.test(output)) {
    const t = argv[argv.indexOf('-t') + 1];
    if (argv.includes('-t') && t && /unknown filesystem type/i.test(output)) {
      return msg('plan.guest.hint.noModule', { type: t, tools: FS_TOOLS[t] ?? msg('plan.guest.hint.toolsOf', { type: t }) });
    }
    return msg('plan.guest.hint.wrongFs');
  }
  if (/not found|No such file/i.test(output) && argv[0]) return msg('plan.guest.hint.missingProgram', { program: argv[0] });
  if (/Permission denied|Operation not permitted/i.test(output)) return msg('plan.guest.hint.permission');
  return msg('plan.guest.hint.readOutput');
}

async function allocatedBytes(session: HostSession, file: string): Promise<number | null> {
  const r = await session.runner.run(['stat', '-c', '%b %B', '--', file], { sudo: session.config.sudo, timeoutMs: 10_000 }).catch(() => null);
  if (!r || r.code !== 0) return null;
  const [blocks, size] = r.stdout.trim().split(/\s+/).map(Number);
  return blocks !== undefined && size !== undefined && Number.isFinite(blocks * size) ? blocks * size : null;
}

/** Runs a virsh command of the session's host for a block job's probe or abort; null when it failed. */
async function virshQuiet(session: HostSession, args: string[]): Promise<string | null> {
  const r = await session.runner.run(virshArgv(session.config.uri, args), { sudo: session.config.sudo, timeoutMs: 30_000 }).catch(() => null);
  return r && r.code === 0 ? r.stdout : null;
}

/**
 * While a block job step runs: its progress from `blockjob --info`, and on
 * Cancel `blockjob --abort`, tried again each poll until it takes (the job may
 * not have started yet when Cancel comes) or the step's virsh ends.
 */
async function watchBlockJob(session: HostSession, job: { domain: string; target: string }, i: number, opts: ExecuteOptions, running: () => boolean): Promise<void> {
  const pollMs = opts.pollMs ?? 1000;
  let aborted = false;
  while (running()) {
    await Promise.race([sleep(pollMs), new Promise<void>((r) => opts.signal?.addEventListener('abort', () => r(), { once: true }))]);
    if (!running()) break;
    if (opts.signal?.aborted && !aborted) {
      aborted = (await virshQuiet(session, virsh.blockjobAbort(job.domain, job.target))) !== null;
      continue;
    }
    const out = await virshQuiet(session, virsh.blockjobInfo(job.domain, job.target));
    const info = out === null ? null : parseBlockJobInfo(out);
    if (info && running() && !opts.signal?.aborted) opts.onProgress?.(i, blockJobFraction(info));
  }
}

/** Runs a step, with its progress probe and its verify retries. */
async function runWithChecks(session: HostSession, step: PlanStep, i: number, opts: ExecuteOptions): Promise<string> {
  const pollMs = opts.pollMs ?? 1000;
  let probing = true;
  const probe = step.blockJob
    ? watchBlockJob(session, step.blockJob, i, opts, () => probing)
    : step.progress
    ? (async () => {
        while (probing) {
          await sleep(pollMs);
          if (!probing) break;
          const got = await allocatedBytes(session, step.progress!.path);
          if (got !== null && probing) opts.onProgress?.(i, Math.min(1, got / step.progress!.bytes));
        }
      })()
    : null;
  try {
    if (!step.verify) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await runStep(session, step, opts.secrets ?? {}, opts.signal);
        } catch (e) {
          const err = toSpindleError(e);
          // The patterns match what the tools print (their own text, not a Spindle message).
          const text = `${err.message} ${err.details?.['stderr'] ?? ''}`;
          if (!step.retryOn || step.destructive || attempt >= step.retryOn.times || !step.retryOn.pattern.test(text) || opts.signal?.aborted) throw err;
          opts.onRetry?.(i, errorMessageText(err));
          // Growing pauses: the transient failures retried here come from a busy host.
          await sleep(pollMs * (attempt + 1));
        }
      }
    }
    const deadline = Date.now() + (step.verify.retryForMs ?? 0);
    for (;;) {
      const out = await runStep(session, step, opts.secrets ?? {}, opts.signal);
      const problem = step.verify.check(out);
      if (!problem) return out;
      if (Date.now() >= deadline || opts.signal?.aborted) throw composedError(step.verify.code ?? 'COMMAND_FAILED', problem, step.verify.hint);
      await sleep(Math.min(pollMs, 500));
    }
  } finally {
    probing = false;
    await probe;
  }
}

/** "Step 2 of 3 (what it does)": how the job's messages name a step. */
function stepParams(i: number, plan: Plan): { step: number; steps: number; description: Text } {
  return { step: i + 1, steps: plan.steps.length, description: plan.steps[i]?.description ?? '' };
}

export async function executePlan(session: HostSession, plan: Plan, opts: ExecuteOptions = {}): Promise<PlanOutcome> {
  const results: StepResult[] = [];
  const undo: PlanStep[] = [];
  const outcome = (state: PlanOutcome['state'], error?: SpindleError): PlanOutcome => ({ state, results, undone: [], undoFailures: [], ...(error ? { error } : {}) });
  let end: PlanOutcome | null = null;
  if (plan.steps.some((s) => s.secretStdin) && !opts.secrets?.passphrase) return outcome('failed', passphraseMissing());
  for (const [i, step] of plan.steps.entries()) {
    if (opts.signal?.aborted) {
      end = { ...outcome('cancelled', SpindleError.of('CANCELLED', 'plan.run.cancelledBefore', stepParams(i, plan))), stoppedBefore: i };
      break;
    }
    opts.onStep?.(i, step);
    try {
      // Before a step that makes something, note what undoing it would take: if
      // this process dies now, the next run says so. Best effort: a settings
      // folder that cannot be written must not stop the change itself.
      if (step.undo) await opts.journal?.record([...undo, step.undo], session.config.sudo).catch(() => undefined);
      const stdout = await runWithChecks(session, step, i, opts);
      results.push({ description: english(step.description), stdout });
      if (step.undo) undo.push(step.undo);
    } catch (e) {
      const err = toSpindleError(e);
      const failure = { ...stepParams(i, plan), error: errorMessageText(err) };
      // A block job step cancelled: its job was aborted, the disk is on its original source.
      if (opts.signal?.aborted && (step.interruptible || step.blockJob)) {
        if (step.undo) undo.push(step.undo);
        end = outcome('cancelled', SpindleError.of('CANCELLED', 'plan.run.cancelledDuring', stepParams(i, plan)));
      } else if (step.partialNote && results.length) {
        const hint = errorHintText(err);
        end = outcome('partial', composedError(err.code, msg('plan.run.stepFailed', failure), hint === undefined ? step.partialNote : msg('plan.run.partialHint', { note: step.partialNote, hint }), err.details));
      } else {
        // A failed interruptible step (qemu-img) may leave a partial file behind.
        if (step.interruptible && step.undo) undo.push(step.undo);
        const message = results.length ? msg('plan.run.stepFailedAfter', { ...failure, done: results.length }) : msg('plan.run.stepFailed', failure);
        end = outcome('failed', composedError(err.code, message, errorHintText(err), err.details));
      }
      break;
    }
  }
  if (!end) {
    await opts.journal?.end().catch(() => undefined);
    return outcome('succeeded');
  }
  if (end.state === 'failed' || end.state === 'cancelled') {
    const parts: Text[] = [];
    for (const u of undo.reverse()) {
      try {
        await runStep(session, u, {});
        end.undone.push(english(u.description));
        parts.push(msg('plan.run.undone', { step: u.description }));
      } catch (e) {
        const err = toSpindleError(e);
        end.undoFailures.push(`${english(u.description)}: ${err.message}`);
        parts.push(msg('plan.run.undoFailed', { step: u.description, error: errorMessageText(err) }));
      }
    }
    if (end.error && parts.length) {
      end.error = composedError(end.error.code, msg('plan.run.undoSummary', { error: errorMessageText(end.error), parts: joinTexts(parts) }), errorHintText(end.error), end.error.details);
    }
  }
  // Reported in full to whoever ran the job, undo failures included: nothing left to tell a later run.
  await opts.journal?.end().catch(() => undefined);
  return end;
}
