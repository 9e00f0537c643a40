// disk attach checks its --file / --iso / --block source on the host before
// anything changes, in every mode: a persistent attach of a missing file used
// to exit 0 and leave the saved VM pointing at nothing. One stat on the host
// (the same runner: over SSH with sudo too) tells whether the path exists,
// is the right kind, and whether the folders above it let the qemu user in.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { bedTest, cliError, cliSettings, cliWithLocalHost, sshHostFlags, type CliError } from './fixtures.ts';
import { cli, virsh, type Testbed } from './testbed.ts';

const attachError = (args: string[]): Promise<CliError | null> => cliError(['disk', 'attach', ...args]);

const MISSING = '/nonexistent/x.img';

/** Detaches whatever points at MISSING (only if a bug let it through), so the test bed stays clean. */
function undoStrayAttach(bed: Testbed, vm: string): void {
  for (const flag of ['--config', '--live']) {
    const xml = flag === '--config' ? virsh(bed, 'dumpxml', vm, '--inactive') : virsh(bed, 'dumpxml', vm);
    const m = new RegExp(`<source file='${MISSING}'[^]*?<target dev='(\\w+)'`).exec(xml);
    if (m?.[1]) virsh(bed, 'detach-disk', vm, m[1], flag);
  }
}

function assertMissing(e: CliError | null, what: string): void {
  assert.ok(e, `${what} must be refused`);
  assert.equal(e.details?.field, 'source', what);
  assert.match(e.message, /\/nonexistent\/x\.img does not exist on local/, what);
  assert.match(e.message, /\/nonexistent is missing/, what);
  assert.match(e.hint ?? '', /path|Pick|Create/, what);
}

bedTest('disk attach refuses a missing source in every mode, names it, and changes nothing', async (s) => {
  const { bed } = s;
  await cliWithLocalHost(s);
  const closed = `/var/lib/spindle-closed-${process.pid}`;
  s.defer(() => rmSync(closed, { recursive: true, force: true }));
  s.defer(() => {
    undoStrayAttach(bed, bed.shutoffVm);
    undoStrayAttach(bed, bed.runningVm);
  });
  const h = ['--host', 'local'];
  const savedBefore = virsh(bed, 'dumpxml', bed.shutoffVm, '--inactive');
  assertMissing(await attachError([...h, '--vm', bed.shutoffVm, '--file', MISSING, '--format', 'raw', '--mode', 'persistent']), 'persistent on the shut-off VM');
  // Without --format the missing file is the problem named, not the format.
  const noFormat = await attachError([...h, '--vm', bed.shutoffVm, '--file', MISSING, '--mode', 'persistent']);
  assertMissing(noFormat, 'without --format');
  assert.doesNotMatch(noFormat?.message ?? '', /format/);
  assert.equal(virsh(bed, 'dumpxml', bed.shutoffVm, '--inactive'), savedBefore, 'the saved VM is unchanged');

  const liveBefore = virsh(bed, 'dumpxml', bed.runningVm);
  for (const mode of ['live', 'both', 'persistent']) {
    assertMissing(await attachError([...h, '--vm', bed.runningVm, '--file', MISSING, '--format', 'raw', '--mode', mode]), `${mode} on the running VM`);
  }
  // A CD-ROM sits on SATA, which cannot be hot-plugged: the saved configuration of the shut-off VM.
  assertMissing(await attachError([...h, '--vm', bed.shutoffVm, '--iso', MISSING]), '--iso');
  assert.equal(virsh(bed, 'dumpxml', bed.runningVm), liveBefore, 'the running VM is unchanged');

  // The wrong kind of thing.
  const fileAsBlock = await attachError([...h, '--vm', bed.shutoffVm, '--block', `${bed.poolPath}/data.raw`, '--readonly', '--dry-run']);
  assert.match(fileAsBlock?.message ?? '', /data\.raw is a regular file, not a block device/);
  assert.match(fileAsBlock?.hint ?? '', /--file/);
  assert.equal(fileAsBlock?.details?.field, 'source');
  const dirAsFile = await attachError([...h, '--vm', bed.shutoffVm, '--file', bed.poolPath, '--format', 'raw', '--readonly', '--dry-run']);
  assert.match(dirAsFile?.message ?? '', /is a folder, not an image file/);
  const blockAsFile = await attachError([...h, '--vm', bed.shutoffVm, '--file', '/dev/null', '--format', 'raw', '--readonly', '--dry-run']);
  assert.match(blockAsFile?.message ?? '', /\/dev\/null is a character device/);

  // An existing image passes; one behind a folder the qemu user cannot enter gets a warning naming that folder.
  const ok = await cli(['disk', 'attach', ...h, '--vm', bed.shutoffVm, '--file', `${bed.poolPath}/data.raw`, '--format', 'raw', '--readonly', '--dry-run']);
  assert.equal(ok.code, 0, ok.err);
  assert.doesNotMatch(ok.err, /warning: .*qemu/);
  mkdirSync(closed);
  writeFileSync(`${closed}/x.img`, Buffer.alloc(1 << 20));
  chmodSync(closed, 0o700);
  const shut = await cli(['disk', 'attach', ...h, '--vm', bed.shutoffVm, '--file', `${closed}/x.img`, '--format', 'raw', '--dry-run']);
  assert.equal(shut.code, 0, shut.err);
  assert.match(shut.err, new RegExp(`warning: .*${closed} .*libvirt-qemu`));
  assert.match(shut.err, /chmod o\+x/);
});

bedTest('over SSH with sudo: the same check on the remote host', async (s) => {
  const { bed } = s;
  cliSettings(s);
  s.defer(() => undoStrayAttach(bed, bed.shutoffVm));
  const add = await cli(['hosts', 'add', 'loop', ...sshHostFlags(bed)]);
  assert.equal(add.code, 0, add.err);
  const h = ['--host', 'loop'];
  const savedBefore = virsh(bed, 'dumpxml', bed.shutoffVm, '--inactive');
  const e = await attachError([...h, '--vm', bed.shutoffVm, '--file', MISSING, '--format', 'raw', '--mode', 'persistent']);
  assert.ok(e, 'refused over SSH');
  assert.equal(e.details?.field, 'source');
  assert.match(e.message, /\/nonexistent\/x\.img does not exist on loop/);
  assert.equal(virsh(bed, 'dumpxml', bed.shutoffVm, '--inactive'), savedBefore);
  // The pool folder is root's; through sudo the image is found and accepted.
  const ok = await cli(['disk', 'attach', ...h, '--vm', bed.shutoffVm, '--file', `${bed.poolPath}/data.raw`, '--format', 'raw', '--readonly', '--dry-run']);
  assert.equal(ok.code, 0, ok.err);
  const fileAsBlock = await attachError([...h, '--vm', bed.shutoffVm, '--block', `${bed.poolPath}/data.raw`, '--readonly', '--dry-run']);
  assert.match(fileAsBlock?.message ?? '', /is a regular file, not a block device/);
});
