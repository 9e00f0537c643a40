// A job whose CLI is interrupted: Ctrl-C or SIGTERM cancels it as the UI's
// Cancel does (qemu-img stopped, the partial image removed, exit 130); kill -9
// takes qemu-img down with it (locally and on the SSH host), and the next run
// says what was left and how to remove it, `jobs undo` removes it (refused
// while a VM uses the file), and the desktop service lists it as interrupted.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SpindleService } from '../../electron/backend/service/spindle-service.ts';
import { addTestHosts, qemuImgWriting, spawnCli, type RunningCli } from './cli-process.ts';
import { bedTest, configDir } from './fixtures.ts';
import { virsh, waitFor, type Testbed } from './testbed.ts';

/** Starts a fully allocated 4 GiB raw volume (qemu-img writes zeros for seconds) and waits until qemu-img runs. */
async function startFullCreate(bed: Testbed, configDir: string, host: string, name: string): Promise<{ cli: RunningCli; file: string }> {
  const file = path.join(bed.poolPath, name);
  const cli = spawnCli(configDir, ['volume', 'create', '--host', host, '--pool', bed.pool, '--name', name, '--format', 'raw', '--capacity', '4G', '--allocation', 'full']);
  await waitFor(() => qemuImgWriting(file) || cli.child.exitCode !== null, 20_000, 50);
  assert.ok(qemuImgWriting(file), `qemu-img is writing ${file}: ${cli.lines.map((l) => l.text).join('\n')}`);
  return { cli, file };
}

const cleanup = (file: string) => {
  rmSync(file, { force: true });
  try {
    virsh({ uri: 'qemu:///system' } as Testbed, 'pool-refresh', 'spindle-test-pool');
  } catch {
    /* the pool may be gone */
  }
};

for (const host of ['local', 'ssh']) {
  bedTest(`${host}: Ctrl-C and SIGTERM cancel a full preallocation like the UI's Cancel (qemu-img stopped, partial image removed, exit 130)`, async (s) => {
    const { t, bed } = s;
    const dir = configDir(s);
    const files: string[] = [];
    s.defer(() => files.forEach(cleanup));
    addTestHosts(bed, dir);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      const { cli, file } = await startFullCreate(bed, dir, host, `int-${sig}-${process.pid}.raw`);
      files.push(file);
      const t0 = Date.now();
      cli.child.kill(sig);
      assert.equal(await cli.exited, 130, cli.lines.map((l) => l.text).join('\n'));
      t.diagnostic(`${host} ${sig}: cancelled and undone in ${Date.now() - t0} ms`);
      assert.ok(cli.lines.some((l) => l.stream === 'err' && /cancelling/.test(l.text)), 'says it is cancelling');
      assert.ok(cli.lines.some((l) => l.stream === 'err' && /undone: Remove the partly written/.test(l.text)), 'says what it undid');
      assert.equal(qemuImgWriting(file), false, 'qemu-img stopped');
      assert.equal(existsSync(file), false, 'the partial image is gone');
    }
    const list = spawnCli(dir, ['jobs', 'list', '--json']);
    await list.exited;
    assert.deepEqual(JSON.parse(list.lines.filter((l) => l.stream === 'out').map((l) => l.text).join('\n')).interrupted, [], 'nothing left to report');
  });

  bedTest(`${host}: kill -9 of the CLI takes qemu-img with it; the next run names the leftover; jobs undo removes it, refused while a VM uses it`, async (s) => {
    const { t, bed } = s;
    const dir = configDir(s);
    const name = `kill9-${host}-${process.pid}.raw`;
    let file = path.join(bed.poolPath, name);
    s.defer(() => cleanup(file));
    addTestHosts(bed, dir);
    const running = await startFullCreate(bed, dir, host, name);
    file = running.file;
    // A second command meanwhile sees nothing: the job's process is alive.
    const meanwhile = spawnCli(dir, ['volume', 'create', '--host', host, '--pool', bed.pool, '--name', `${name}.other`, '--capacity', '1M', '--dry-run']);
    await meanwhile.exited;
    assert.ok(!meanwhile.lines.some((l) => /interrupted/.test(l.text)), 'a running job is not reported as interrupted');

    running.cli.child.kill('SIGKILL');
    const t0 = Date.now();
    await waitFor(() => !qemuImgWriting(file), 5000, 25);
    t.diagnostic(`${host}: qemu-img ended ${Date.now() - t0} ms after kill -9 of the CLI`);
    assert.ok(existsSync(file), 'the partly written image is still there (nobody undid it)');

    // The next create of that name: warned about the leftover, with the command that removes it.
    const again = spawnCli(dir, ['volume', 'create', '--host', host, '--pool', bed.pool, '--name', name, '--format', 'raw', '--capacity', '4G', '--allocation', 'full']);
    assert.equal(await again.exited, 1);
    const err = again.lines.filter((l) => l.stream === 'err').map((l) => l.text).join('\n');
    assert.match(err, /warning: An earlier job on .* was interrupted before it finished: "Create volume kill9-/);
    assert.match(err, new RegExp(`It may have left: Remove the partly written ${file.replace(/[.]/g, '\\.')}`));
    assert.match(err, new RegExp(`Remove what it left with: ${host === 'ssh' ? 'sudo -n -- ' : ''}rm -f -- ${file.replace(/[.]/g, '\\.')}`));
    const list = spawnCli(dir, ['jobs', 'list', '--json']);
    await list.exited;
    const notes = JSON.parse(list.lines.filter((l) => l.stream === 'out').map((l) => l.text).join('\n')).interrupted as Array<{ id: string; commands: string[] }>;
    assert.equal(notes.length, 1);
    const id = notes[0]?.id ?? '';

    // A VM uses the file now (attached to the saved configuration): the undo refuses, naming it.
    virsh(bed, 'attach-disk', bed.shutoffVm, file, 'vdz', '--config', '--driver', 'qemu', '--subdriver', 'raw');
    try {
      const refused = spawnCli(dir, ['jobs', 'undo', '--id', id]);
      assert.equal(await refused.exited, 1);
      assert.ok(refused.lines.some((l) => l.text.includes(`which VM "${bed.shutoffVm}" uses now`)), refused.lines.map((l) => l.text).join('\n'));
      assert.ok(existsSync(file), 'nothing was removed');
    } finally {
      virsh(bed, 'detach-disk', bed.shutoffVm, 'vdz', '--config');
    }

    // The desktop service lists it as interrupted, with the same advice.
    const svc = new SpindleService({ configDir: dir, addLocalHost: false, knownHostsFiles: [] });
    try {
      await svc.init();
      const job = (await svc.dispatch('jobs.list', {})).ok ? svc.jobs.list().find((j) => j.id === id) : undefined;
      assert.equal(job?.state, 'interrupted');
      assert.match(job?.error?.hint ?? '', /rm -f --/);
      await waitFor(() => svc.entries().find((h) => h.config.name === host)?.status === 'online', 20_000);
      const undone = await svc.dispatch('jobs.undo', { id });
      assert.ok(undone.ok, JSON.stringify(undone));
      assert.equal(undone.result.state, 'cancelled');
      assert.match(undone.result.error?.message ?? '', /undone now: Remove the partly written/);
    } finally {
      await svc.close();
    }
    assert.equal(existsSync(file), false, 'the leftover is gone');
    const after = spawnCli(dir, ['jobs', 'list']);
    await after.exited;
    assert.ok(after.lines.some((l) => l.text === 'No interrupted jobs.'));
  });
}
