// The plan executor on real commands: every step is `sh -c SCRIPT` run by the
// real LocalRunner of a real (local, unconnected) HostSession, and writes what
// it did to a log file in a temporary folder, so the tests read the order in
// which steps and undo steps really ran. No fake session is needed: guest-exec
// steps (which need a VM) are covered by the integration tests.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { english, msg, renderMsg, type Text } from '../../../shared/core/messages.ts';
import type { Plan, PlanStep } from './plan.ts';
import { localBed } from './testdata/local-bed.ts';
import { executePlan, type ExecuteOptions } from './run-plan.ts';

const bed = localBed('spindle-run-plan-');

/** A step running a shell script in the test's folder ("$W"), which logs with `log WORD`. */
function sh(description: Text, script: string, more: Partial<PlanStep> = {}): PlanStep {
  return { description, argv: ['sh', '-c', `W="$1"; cd "$W" || exit 99; log() { echo "$*" >> "$W/log"; }; ${script}`, 'sh', bed.work], ...more };
}

/** A step that makes a file and logs it, with the undo that removes it again. */
function make(name: string, more: Partial<PlanStep> = {}): PlanStep {
  return sh(`Make ${name}`, `log make-${name}; touch ${name}`, { undo: sh(`Remove ${name}`, `log undo-${name}; rm ${name}`), ...more });
}

function log(): string[] {
  const f = path.join(bed.work, 'log');
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
}

const plan = (...steps: PlanStep[]): Plan => ({ title: 'test plan', steps, warnings: [] });
const run = (p: Plan, opts: ExecuteOptions = {}) => executePlan(bed.session, p, { pollMs: 10, ...opts });

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a failure undoes what the plan made, newest first, and the error says so in both languages', async () => {
  bed.fresh();
  const out = await run(plan(make('a'), make('b'), sh('Fail on purpose', 'log fail; echo "no space left" >&2; exit 3')));
  assert.equal(out.state, 'failed');
  assert.deepEqual(log(), ['make-a', 'make-b', 'fail', 'undo-b', 'undo-a']);
  assert.equal(existsSync(path.join(bed.work, 'a')) || existsSync(path.join(bed.work, 'b')), false);
  assert.deepEqual(out.undone, ['Remove b', 'Remove a']);
  assert.deepEqual(out.undoFailures, []);
  const err = out.error!;
  assert.equal(err.code, 'COMMAND_FAILED');
  assert.match(err.message, /^Step 3 of 3 \(Fail on purpose\) failed: .*no space left.* Steps 1-2 had completed\. \(undone: Remove b; undone: Remove a\.\)$/);
  // The same as data: the UI renders it in Chinese from the catalog.
  assert.ok(err.msg);
  assert.equal(renderMsg(err.msg), err.message);
  const zh = renderMsg(err.msg, 'zh-CN');
  assert.match(zh, /^第 3 步（共 3 步）失败（Fail on purpose）：.*no space left.* 第 1-2 步已完成。（已撤销：Remove b；已撤销：Remove a。）$/);
});

test('an undo that fails is reported and does not stop the older undo steps', async () => {
  bed.fresh();
  const broken = sh('Make c', 'log make-c', { undo: sh('Remove c', 'log undo-c; echo "busy" >&2; exit 1') });
  const out = await run(plan(make('a'), broken, sh('Fail', 'exit 1')));
  assert.equal(out.state, 'failed');
  assert.deepEqual(log(), ['make-a', 'make-c', 'undo-c', 'undo-a']);
  assert.deepEqual(out.undone, ['Remove a']);
  assert.equal(out.undoFailures.length, 1);
  assert.match(out.undoFailures[0] ?? '', /^Remove c: .*busy/);
  assert.match(out.error?.message ?? '', /\(could not undo: Remove c: .*busy.*; undone: Remove a\.\)$/);
});

test('cancel before the first step runs nothing and says before which step it stopped', async () => {
  bed.fresh();
  const abort = new AbortController();
  abort.abort();
  const out = await run(plan(make('a'), make('b')), { signal: abort.signal });
  assert.equal(out.state, 'cancelled');
  assert.equal(out.stoppedBefore, 0);
  assert.deepEqual(log(), []);
  assert.equal(out.error?.code, 'CANCELLED');
  assert.equal(out.error?.message, 'Cancelled before step 1 of 2 (Make a).');
  assert.equal(renderMsg(out.error!.msg!, 'zh-CN'), '已在第 1 步（共 2 步）之前取消（Make a）。');
});

test('cancel during a step that may not be interrupted: it completes, the next does not start, and both made things are undone newest first', async () => {
  bed.fresh();
  const abort = new AbortController();
  const slow = sh('Make b slowly', 'log start-b; sleep 0.3; touch b; log made-b', { undo: sh('Remove b', 'log undo-b; rm b') });
  const out = await run(plan(make('a'), slow, make('c')), {
    signal: abort.signal,
    onStep: (i) => {
      if (i === 1) setTimeout(() => abort.abort(), 50);
    },
  });
  assert.equal(out.state, 'cancelled');
  assert.equal(out.stoppedBefore, 2);
  assert.deepEqual(log(), ['make-a', 'start-b', 'made-b', 'undo-b', 'undo-a']);
  assert.match(out.error?.message ?? '', /^Cancelled before step 3 of 3 \(Make c\)\. \(undone: Remove b; undone: Remove a\.\)$/);
});

test('cancel during an interruptible step kills its command, then undoes it (the step that was running) and what came before', async () => {
  bed.fresh();
  const abort = new AbortController();
  // The command writes its own pid, then becomes a 30 s sleep (exec: the same process).
  const long = sh('Write a large file', 'log start-big; : > big; echo $$ > pid; exec sleep 30', {
    interruptible: true,
    undo: sh('Remove the partly written big', 'log undo-big; rm -f big'),
  });
  const started = Date.now();
  const running = run(plan(make('a'), long, make('c')), { signal: abort.signal });
  await until(() => existsSync(path.join(bed.work, 'pid')) && readFileSync(path.join(bed.work, 'pid'), 'utf8').trim() !== '');
  const pid = Number(readFileSync(path.join(bed.work, 'pid'), 'utf8'));
  abort.abort();
  const out = await running;
  assert.ok(Date.now() - started < 10_000, 'did not wait for the command to finish');
  assert.equal(out.state, 'cancelled');
  assert.equal(out.stoppedBefore, undefined, 'stopped inside a step, not between steps');
  assert.deepEqual(log(), ['make-a', 'start-big', 'undo-big', 'undo-a']);
  assert.match(out.error?.message ?? '', /^Cancelled during step 2 of 3 \(Write a large file\)\. \(undone: Remove the partly written big; undone: Remove a\.\)$/);
  // The command itself is gone (not only the wrapper around it).
  await until(() => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }, 3000);
  assert.equal(existsSync(path.join(bed.work, 'big')), false);
});

/** A step that fails with a transient error until its `okOn`-th run; counts its runs in "count". */
function flaky(okOn: number, more: Partial<PlanStep> = {}): PlanStep {
  return sh('Flaky step', `c=$(cat count 2>/dev/null || echo 0); c=$((c+1)); echo $c > count; [ $c -ge ${okOn} ] || { echo "resource temporarily busy, try again" >&2; exit 1; }`, more);
}
const runs = (): number => Number(readFileSync(path.join(bed.work, 'count'), 'utf8'));

test('retryOn: a non-destructive step failing transiently runs again, at most `times` more, and the job is told each time', async () => {
  bed.fresh();
  const retries: string[] = [];
  const ok = await run(plan(flaky(3, { retryOn: { pattern: /try again/, times: 4 } })), { onRetry: (i, why) => retries.push(`${i}: ${english(why)}`) });
  assert.equal(ok.state, 'succeeded');
  assert.equal(runs(), 3);
  assert.equal(retries.length, 2);
  assert.match(retries[0] ?? '', /^0: .*try again/);

  bed.fresh();
  const tooMany = await run(plan(flaky(5, { retryOn: { pattern: /try again/, times: 2 } })));
  assert.equal(tooMany.state, 'failed');
  assert.equal(runs(), 3, 'the first run and two more');
});

test('retryOn never re-runs a destructive step, nor a failure its pattern does not match', async () => {
  bed.fresh();
  const destructive = await run(plan(flaky(2, { retryOn: { pattern: /try again/, times: 4 }, destructive: true })));
  assert.equal(destructive.state, 'failed');
  assert.equal(runs(), 1);

  bed.fresh();
  const other = await run(plan(flaky(2, { retryOn: { pattern: /disk on fire/, times: 4 } })));
  assert.equal(other.state, 'failed');
  assert.equal(runs(), 1);
});

test('a failing step with a partialNote ends "partial": what was done stays done, and the note is the hint', async () => {
  bed.fresh();
  const note = msg('plan.guest.hint.readOutput');
  const out = await run(plan(make('a'), sh('Update b', 'log fail-b; exit 1', { partialNote: note }), sh('Never runs', 'log never')));
  assert.equal(out.state, 'partial');
  assert.deepEqual(log(), ['make-a', 'fail-b']);
  assert.ok(existsSync(path.join(bed.work, 'a')), 'nothing undone');
  assert.deepEqual(out.undone, []);
  assert.match(out.error?.message ?? '', /^Step 2 of 3 \(Update b\) failed: /);
  assert.ok(!/undone/.test(out.error?.message ?? ''));
  assert.equal(out.error?.hint, english(note));
  assert.equal(renderMsg({ ...out.error!.msg!, key: `${out.error!.msg!.key}Hint` as never }, 'zh-CN'), renderMsg(note, 'zh-CN'));

  // On the first step there is nothing done to keep: a plain failure.
  bed.fresh();
  const first = await run(plan(sh('Update b', 'exit 1', { partialNote: note })));
  assert.equal(first.state, 'failed');
});

test('verify re-runs a read-only check until it passes (retryForMs), or fails with its message, hint and code', async () => {
  bed.fresh();
  const counter = 'c=$(cat count 2>/dev/null || echo 0); c=$((c+1)); echo $c > count; echo $c';
  const check = (out: string) => (Number(out) >= 3 ? null : msg('plan.guest.timeout', { pid: Number(out), seconds: 1 }));
  const ok = await run(plan(sh('Wait for it', counter, { verify: { check, retryForMs: 5000 } })));
  assert.equal(ok.state, 'succeeded');
  assert.equal(runs(), 3);

  bed.fresh();
  const once = await run(plan(sh('Check once', counter, { verify: { check, code: 'GUEST_BUSY', hint: 'Close it and retry.' } })));
  assert.equal(once.state, 'failed');
  assert.equal(runs(), 1, 'no retryForMs: checked once');
  assert.equal(once.error?.code, 'GUEST_BUSY');
  assert.equal(once.error?.message, 'Step 1 of 1 (Check once) failed: The command in the guest (pid 1) did not finish in 1 s.');
  assert.equal(once.error?.hint, 'Close it and retry.');

  bed.fresh();
  const started = Date.now();
  const timedOut = await run(plan(sh('Wait in vain', counter, { verify: { check: () => 'still there', retryForMs: 300 } })));
  assert.equal(timedOut.state, 'failed');
  assert.ok(runs() > 1 && Date.now() - started >= 300);
  assert.match(timedOut.error?.message ?? '', /failed: still there$/);
});

test('failure: a non-zero exit gives the step\'s own message and hint instead of the command\'s', async () => {
  bed.fresh();
  const failure = { message: msg('plan.lookup.noVolume', { pool: 'p', volume: 'v' }), hint: 'Refresh the pool.' };
  const out = await run(plan(sh('Test that v is there', 'echo "test: missing operand" >&2; exit 1', { failure })));
  assert.equal(out.state, 'failed');
  assert.equal(out.error?.code, 'COMMAND_FAILED');
  assert.equal(out.error?.message, 'Step 1 of 1 (Test that v is there) failed: There is no volume "v" in pool "p".');
  assert.equal(out.error?.hint, 'Refresh the pool.');
  assert.match(renderMsg(out.error!.msg!, 'zh-CN'), /存储池“p”中没有卷“v”/);
  // Without `failure`, the command's own error.
  bed.fresh();
  const plain = await run(plan(sh('Test that v is there', 'echo "test: missing operand" >&2; exit 1')));
  assert.match(plain.error?.message ?? '', /missing operand/);
});

test('a plan that needs a passphrase refuses to start without one, naming the field', async () => {
  bed.fresh();
  const out = await run(plan(make('a'), sh('Set the key', 'cat > key', { secretStdin: 'passphrase' })));
  assert.equal(out.state, 'failed');
  assert.equal(out.error?.code, 'INVALID_ARGUMENT');
  assert.equal(out.error?.details?.['field'], 'passphrase');
  assert.deepEqual(log(), []);
  const withIt = await run(plan(sh('Set the key', 'cat > key', { secretStdin: 'passphrase' })), { secrets: { passphrase: 's3cret' } });
  assert.equal(withIt.state, 'succeeded');
  assert.equal(readFileSync(path.join(bed.work, 'key'), 'utf8'), 's3cret');
});

test('progress of a long step is the allocated size of its file', async () => {
  bed.fresh();
  const seen: number[] = [];
  const out = await run(plan(sh('Grow a file', 'for i in 1 2 3 4; do head -c 262144 /dev/urandom >> grow; sleep 0.1; done', { progress: { path: path.join(bed.work, 'grow'), bytes: 1 << 20 } })), {
    pollMs: 30,
    onProgress: (_, f) => seen.push(f),
  });
  assert.equal(out.state, 'succeeded');
  assert.ok(seen.length > 0 && seen.every((f) => f > 0 && f <= 1), JSON.stringify(seen));
});
