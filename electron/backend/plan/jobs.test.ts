// Jobs and the job journal on real commands (sh -c in a temporary folder,
// run by the real LocalRunner of a local HostSession): what a job reports as
// data (messages, the step a cancel stopped before), the journal that notes
// what a running job has made and forgets it when the job ends, and the
// interrupted jobs read back from it. The undo of an interrupted job itself
// re-reads the host's inventory (libvirt) first: that part is covered by
// e2e/integration/interrupted-jobs.test.ts; here its safety check gets a
// hand-made inventory.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Job } from '../../../shared/contract/ops.ts';
import type { Inventory } from '../../../shared/contract/models.ts';
import { SpindleError } from '../../../shared/core/errors.ts';
import { english, msg, renderMsg, type Msg, type Text } from '../../../shared/core/messages.ts';
import { checkLeftoversUnused, describeInterrupted } from './interrupted-jobs.ts';
import { JobJournal } from './job-journal.ts';
import { JobManager } from './jobs.ts';
import type { Plan, PlanStep } from './plan.ts';
import { localBed } from './testdata/local-bed.ts';
import { executePlan } from './run-plan.ts';

const bed = localBed('spindle-jobs-');

function sh(description: Text, script: string, more: Partial<PlanStep> = {}): PlanStep {
  return { description, argv: ['sh', '-c', `W="$1"; J="$2"; cd "$W" || exit 99; ${script}`, 'sh', bed.work, path.join(bed.dir, 'config', 'running-jobs')], ...more };
}

// Any catalog message serves as a step's text; these two read differently in Chinese.
const title = msg('plan.interrupted.undoTitle', { title: 'grow' });
const tools = (type: string): Msg => msg('plan.guest.hint.toolsOf', { type });

function make(name: string): PlanStep {
  return sh(tools(name), `touch ${name}`, { undo: sh(`Remove ${name}`, `rm ${name}`) });
}

const plan = (...steps: PlanStep[]): Plan => ({ title, steps, warnings: [] });

function events(jobs: JobManager): Job[] {
  const seen: Job[] = [];
  jobs.on('job', (j: Job) => seen.push(j));
  return seen;
}

test("a job carries its title, its step and its end as messages", async () => {
  bed.fresh();
  const jobs = new JobManager({ pollMs: 10 });
  const seen = events(jobs);
  let recorded = false;
  const job = jobs.start(bed.session, 'test', { ...plan(make('a'), make('b')), result: { made: 'a b' }, onSucceeded: async () => void (recorded = true) });
  assert.deepEqual(job.titleMsg, title);
  assert.equal(job.title, 'Undo the interrupted job "grow"');
  assert.deepEqual(job.stepMsg, tools('a'));
  const end = await jobs.wait(job.id);
  assert.equal(end.state, 'succeeded');
  assert.equal(end.progress, 1);
  assert.deepEqual(end.result, { made: 'a b' });
  assert.ok(recorded);
  assert.ok(seen.some((j) => j.step === 1 && j.stepDescription === 'the b tools' && j.stepMsg?.key === 'plan.guest.hint.toolsOf'));
});

test('a job whose success cannot be recorded says so as a message', async () => {
  bed.fresh();
  const jobs = new JobManager({ pollMs: 10 });
  const end = await jobs.wait(
    jobs.start(bed.session, 'test', {
      ...plan(make('a')),
      onSucceeded: async () => {
        throw SpindleError.of('CONFIG_UNWRITABLE', 'core.none');
      },
    }).id,
  );
  assert.equal(end.state, 'succeeded');
  assert.equal(end.error?.msg?.key, 'plan.job.notRecorded');
  assert.equal(end.error?.message, 'The job succeeded, but Spindle could not record it: none');
});

test('cancel between steps: the job says before which step it stopped (no text to parse), and its error is a message', async () => {
  bed.fresh();
  const jobs = new JobManager({ pollMs: 10 });
  const job = jobs.start(bed.session, 'test', plan(make('a'), sh('Make b slowly', 'sleep 0.3; touch b', { undo: sh('Remove b', 'rm b') }), make('c')));
  jobs.on('job', (j: Job) => {
    if (j.id === job.id && j.state === 'running' && j.step === 1) jobs.cancel(job.id);
  });
  const end = await jobs.wait(job.id);
  assert.equal(end.state, 'cancelled');
  assert.equal(end.stoppedBefore, 2);
  assert.equal(end.error?.code, 'CANCELLED');
  assert.equal(end.error?.message, 'Cancelled before step 3 of 3 (the c tools). (undone: Remove b; undone: Remove a.)');
  assert.equal(renderMsg(end.error!.msg!, 'zh-CN'), '已在第 3 步（共 3 步）之前取消（c 工具）。（已撤销：Remove b；已撤销：Remove a。）');
  assert.deepEqual(readdirSync(bed.work), []);
});

test('a failed job: its error and hint are messages; a cancel during an interruptible step leaves stoppedBefore unset', async () => {
  bed.fresh();
  const jobs = new JobManager({ pollMs: 10 });
  const failed = await jobs.wait(jobs.start(bed.session, 'test', plan(make('a'), sh('Check', 'exit 1', { failure: { message: tools('x'), hint: tools('y') } }))).id);
  assert.equal(failed.state, 'failed');
  assert.equal(failed.stoppedBefore, undefined);
  assert.equal(failed.error?.message, 'Step 2 of 2 (Check) failed: the x tools Steps 1-1 had completed. (undone: Remove a.)');
  assert.equal(failed.error?.hint, 'the y tools');
  const m = failed.error!.msg!;
  assert.equal(renderMsg({ ...m, key: `${m.key}Hint` as never }, 'zh-CN'), 'y 工具');

  bed.fresh();
  const job = jobs.start(bed.session, 'test', plan(sh('Wait', 'echo started > s; exec sleep 30', { interruptible: true })));
  while (!existsSync(path.join(bed.work, 's'))) await new Promise((r) => setTimeout(r, 10));
  jobs.cancel(job.id);
  const cancelled = await jobs.wait(job.id);
  assert.equal(cancelled.state, 'cancelled');
  assert.equal(cancelled.stoppedBefore, undefined);
  assert.equal(cancelled.error?.msg?.key, 'plan.run.cancelledDuring');
});

test('a step run again after a transient failure shows it in the job, as a message', async () => {
  bed.fresh();
  const jobs = new JobManager({ pollMs: 10 });
  const seen = events(jobs);
  const flaky = sh(tools('f'), 'c=$(cat count 2>/dev/null || echo 0); c=$((c+1)); echo $c > count; [ $c -ge 2 ] || { echo "try again" >&2; exit 1; }', { retryOn: { pattern: /try again/, times: 2 } });
  const end = await jobs.wait(jobs.start(bed.session, 'test', plan(flaky)).id);
  assert.equal(end.state, 'succeeded');
  const retry = seen.find((j) => j.stepMsg?.key === 'plan.job.retrying');
  assert.ok(retry, 'a retry event');
  assert.match(retry.stepDescription, /^the f tools \(running again after a transient failure: .*try again/);
  assert.match(renderMsg(retry.stepMsg!, 'zh-CN'), /^f 工具（遇到暂时性故障，正在重新运行：/);
});

test('an unknown job is refused with the field that named it', async () => {
  const jobs = new JobManager();
  for (const call of [() => jobs.cancel('nope'), () => jobs.interruptedNote('nope')]) {
    assert.throws(call, (e: unknown) => e instanceof SpindleError && e.details?.['field'] === 'id' && !!e.msg);
  }
  await assert.rejects(jobs.wait('nope'), (e: unknown) => e instanceof SpindleError && e.msg?.key === 'plan.job.unknown' && e.hint === 'It may have ended long ago; see the job list.');
});

test('the journal records what a running job has made (before each step that makes more) and forgets it when the job ends', async () => {
  bed.fresh();
  const journal = new JobJournal(path.join(bed.dir, 'config'));
  // The second step reads the note while the job runs, and keeps a copy.
  const peek = sh('Peek', 'cat "$J"/*.json; cp "$J"/*.json saved.json', { undo: sh(tools('peek'), 'rm -f saved.json.gone') });
  const out = await executePlan(bed.session, plan(make('a'), peek), { journal: journal.begin('local', title, '11111111-2222-4333-8444-555555555555') });
  assert.equal(out.state, 'succeeded');
  const note = JSON.parse(out.results[1]?.stdout ?? '{}') as { title: string; titleMsg?: Msg; leftovers: Array<{ description: string; descriptionMsg?: Msg; argv: string[] }> };
  assert.equal(note.title, 'Undo the interrupted job "grow"');
  assert.deepEqual(note.titleMsg, title);
  // Oldest first: the undo of step 1, then that of step 2 (noted before it ran). A message is kept as English and as the message.
  assert.deepEqual(
    note.leftovers.map((l) => [l.description, l.descriptionMsg?.key ?? null]),
    [
      ['Remove a', null],
      ['the peek tools', 'plan.guest.hint.toolsOf'],
    ],
  );
  assert.deepEqual(readdirSync(journal.dir), [], 'forgotten once the job succeeded');

  // A failed job is forgotten too, once its undo has run.
  bed.fresh();
  const failed = await executePlan(bed.session, plan(make('a'), sh('Fail', 'ls "$J" > seen; exit 1')), { journal: journal.begin('local', title) });
  assert.equal(failed.state, 'failed');
  assert.equal(readFileSync(path.join(bed.work, 'seen'), 'utf8').trim().split('\n').length, 1, 'noted while it ran');
  assert.deepEqual(readdirSync(journal.dir), []);
});

test('a note whose process is gone is an interrupted job: described as a message, listed, and forgotten', async () => {
  bed.fresh();
  const configDir = path.join(bed.dir, 'config2');
  const journal = new JobJournal(configDir);
  const id = '22222222-2222-4333-8444-555555555555';
  const entry = journal.begin('local', title, id);
  await entry.record([{ description: 'Remove /srv/a.img', argv: ['rm', '-f', '--', '/srv/a.img'] }, { description: tools('b'), argv: ['rm', '-f', '--', '/srv/b c.img'], sudo: true }], false);
  // The job's process died: give the note the pid of a process that has exited.
  const file = path.join(journal.dir, `${id}.json`);
  const dead = spawnSync('true').pid;
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), pid: dead }));
  assert.ok(dead && dead !== process.pid);

  const [note, ...more] = await journal.interrupted('local');
  assert.ok(note, 'the note is read back (a message as a description must not make it unreadable)');
  assert.deepEqual(more, []);
  assert.deepEqual(await journal.interrupted('elsewhere'), []);
  const d = describeInterrupted(note);
  assert.match(d.message, /^An earlier job on local was interrupted before it finished: "Undo the interrupted job "grow"" .* It may have left: Remove \/srv\/a\.img; the b tools\.$/);
  assert.match(d.hint, /^Remove what it left with: sudo -n -- rm -f -- '\/srv\/b c\.img'; rm -f -- \/srv\/a\.img\. Or run "spindle jobs undo --id 2222/);
  assert.match(renderMsg(d.msg, 'zh-CN'), /撤销被中断的任务“grow”.*它可能留下了：Remove \/srv\/a\.img；b 工具。$/);

  const jobs = new JobManager({ journal });
  await jobs.loadInterrupted();
  const [job] = jobs.list();
  assert.equal(job?.state, 'interrupted');
  assert.deepEqual(job?.titleMsg, title);
  assert.equal(job?.error?.msg?.key, 'plan.interrupted.message');
  assert.deepEqual(
    job?.leftovers?.map((l) => [l.description, l.descriptionMsg?.key ?? null, l.command]),
    [
      ['the b tools', 'plan.guest.hint.toolsOf', "sudo -n -- rm -f -- '/srv/b c.img'"],
      ['Remove /srv/a.img', null, 'rm -f -- /srv/a.img'],
    ],
  );
  assert.equal(jobs.interruptedNote(id).id, id);
  const undone = await jobs.forgetInterrupted(id, { state: 'succeeded', results: [], undone: [], undoFailures: [] });
  assert.equal(undone?.state, 'cancelled');
  assert.equal(undone?.error?.message, 'Interrupted earlier; undone now: the b tools; Remove /srv/a.img.');
  assert.equal(existsSync(file), false, 'forgotten on disk');
  assert.throws(() => jobs.interruptedNote(id), /is not an interrupted job/);
});

test("an interrupted job's undo is refused when a VM uses what it would remove", () => {
  const note = {
    version: 1 as const,
    id: '33333333-2222-4333-8444-555555555555',
    host: 'local',
    title: 'Create volume v',
    pid: 1,
    startedAt: '2026-01-01T00:00:00Z',
    leftovers: [{ description: 'Remove v', argv: ['rm', '-f', '--', '/srv/v.qcow2'] }],
  };
  const disk = (file: string, backing: string[] = []) => ({ source: { file }, backingChain: backing.map((p) => ({ path: p })) });
  const inv = (disks: unknown[]) => ({ host: 'local', domains: [{ name: 'vm1', disks }], pools: [] }) as unknown as Inventory;
  checkLeftoversUnused(note, inv([disk('/srv/other.qcow2')]));
  for (const used of [inv([disk('/srv/v.qcow2')]), inv([disk('/srv/top.qcow2', ['/srv/v.qcow2'])])]) {
    assert.throws(
      () => checkLeftoversUnused(note, used),
      (e: unknown) =>
        e instanceof SpindleError &&
        e.details?.['path'] === '/srv/v.qcow2' &&
        e.message === 'Undoing "Create volume v" would remove /srv/v.qcow2, which VM "vm1" uses now.' &&
        renderMsg(e.msg!, 'zh-CN') === '撤销“Create volume v”将删除 /srv/v.qcow2，但虚拟机“vm1”正在使用它。',
    );
  }
  assert.equal(english(msg('core.none')), 'none');
});
