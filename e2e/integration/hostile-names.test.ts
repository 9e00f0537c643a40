// Hostile names and paths: each one either round-trips exactly (through the
// local runner, the SSH runner and the remote shell, virsh's own parser, and a
// real volume in a real pool read back through the inventory) or is refused
// cleanly with INVALID_NAME. None is ever executed.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { buildVolumeXml } from '../../electron/backend/libvirt/model/volume-xml.ts';
import type { VirshProcess } from '../../electron/backend/libvirt/virsh.ts';
import { SpindleError } from '../../shared/core/errors.ts';
import { nameProblem, validateName } from '../../shared/core/validation.ts';
import { bedTest, hostSession } from './fixtures.ts';
import { localHost, sshHost } from './testbed.ts';

// Names cannot hold '/', so an executed name would create the canary file in
// the working directory of whatever ran it: all those places are checked.
const CANARY = 'spindle-pwned';
const CANARY_DIRS = ['/tmp', '/', '/root', '/home/spindle-test', process.cwd(), '/var/lib/spindle-testbed/pool'];

/** Names that must work exactly. Several try to run `touch CANARY...`. */
export const ACCEPTED = [
  'plain',
  'with space',
  'two  spaces inside',
  "single'quote",
  "''",
  '"double"quote',
  'back\\slash',
  'trailing\\',
  `$(touch ${CANARY}-1)`,
  `\`touch ${CANARY}-2\``,
  `; touch ${CANARY}-3`,
  `a && touch ${CANARY}-4`,
  `a || touch ${CANARY}-5`,
  `a | tee ${CANARY}-6`,
  `> ${CANARY}-7`,
  `< etc-passwd`,
  `$HOME`,
  '${IFS}x',
  '$((1+1))',
  "'; touch " + CANARY + "-8; echo '",
  '"; touch ' + CANARY + '-9; echo "',
  '-leading-dash',
  '--double-dash',
  '-',
  '--',
  '--pool',
  '-rf',
  'x;y',
  'x&y',
  'a#comment',
  '#hash-first',
  '~tilde',
  '*',
  '?',
  '[abc]',
  '{a,b}',
  '!bang',
  'percent%s%n',
  'équipe',
  '数据盘',
  'диск',
  'emoji🚀disk',
  'mixed 数据 $(x) \'q\'',
  'עברית',
  'tab\u200bzero-width',
  'a=b',
  'semicolon;',
  '(paren)',
  'name.with.dots',
  'UPPER_lower-123',
  '%00literal',
  `$'\\x41'`,
  'vol\\nname',
  "it's a \"mix\" of `all` $(things); & | < > *",
];

/** Paths (with '/') for the raw argument round trip. */
const PATHS = [`/tmp/a b/$(touch /tmp/${CANARY}-p1)`, `/tmp/x;touch /tmp/${CANARY}-p2`, '/dev/disk/by-id/ata-Samsung_SSD_860 (1)', '../../etc/shadow', '/var/lib/libvirt/images/数据.qcow2', "/tmp/it's here"];

/** Names that are refused before anything runs, with the reason. */
export const REFUSED = ['', ' leading-space', 'trailing-space ', 'new\nline', 'carriage\rreturn', 'tab\tinside', 'nul\0byte', 'bell\u0007', 'slash/inside', '..', '.', 'x'.repeat(256)];

function canaries(): string[] {
  return CANARY_DIRS.flatMap((d) => {
    try {
      return readdirSync(d)
        .filter((f) => f.startsWith(CANARY))
        .map((f) => `${d}/${f}`);
    } catch {
      return [];
    }
  });
}

function clearCanaries(): void {
  for (const c of canaries()) rmSync(c, { force: true });
}

test('at least 50 hostile names are covered', () => {
  assert.ok(ACCEPTED.length + REFUSED.length + PATHS.length >= 50, `${ACCEPTED.length + REFUSED.length + PATHS.length} names`);
  for (const n of ACCEPTED) assert.equal(nameProblem(n), null, `accepted: ${JSON.stringify(n)}`);
  for (const n of REFUSED) {
    assert.throws(() => validateName('volume', n), (e: unknown) => e instanceof SpindleError && e.code === 'INVALID_NAME' && e.message.includes('cannot be used'));
  }
});

bedTest('hostile arguments round-trip byte for byte through the local and SSH runners', async (s) => {
  const { bed } = s;
  clearCanaries();
  const ssh = hostSession(s, sshHost(bed));
  const local = hostSession(s, localHost(bed));
  // Newlines and tabs are fine as raw arguments; only NUL cannot travel.
  const all = [...ACCEPTED, ...PATHS, ...REFUSED.filter((n) => !n.includes('\0'))];
  for (const session of [local, ssh]) {
    // printf '%s\0' prints each argument exactly, NUL-separated.
    const r = await session.runner.run(['printf', '%s\\0', ...all]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\0').slice(0, -1), all, `exact round trip on ${session.runner.label}`);
    // The same through sudo -n.
    const r2 = await session.runner.run(['printf', '%s\\0', ...all], { sudo: true });
    assert.deepEqual(r2.stdout.split('\0').slice(0, -1), all);
    await assert.rejects(session.runner.run(['printf', 'nul\0byte']), (e: unknown) => e instanceof SpindleError && e.code === 'INVALID_ARGUMENT');
  }
  // virsh's own command parser, inside a batch, locally and over SSH.
  for (const session of [local, ssh]) {
    const v = session.virsh as VirshProcess;
    const batchable = ACCEPTED;
    const { outputs } = await v.batch(batchable.map((n) => ['echo', '--', n]));
    assert.deepEqual(
      outputs.map((o) => o.replace(/\n$/, '')),
      batchable,
      `virsh batch echo on ${session.runner.label}`,
    );
  }
  assert.deepEqual(canaries(), [], 'no hostile name was executed');
});

bedTest('volumes with hostile names are created, listed exactly by the inventory, and deleted (over SSH)', async (s) => {
  const { bed } = s;
  clearCanaries();
  const session = hostSession(s, sshHost(bed));
  // Every accepted name is also a valid file name ('.' and '..' are refused).
  const names = ACCEPTED;
  const created: string[] = [];
  const deleteCreated = async (): Promise<void> => {
    for (const n of created.splice(0)) await session.virsh.exec(['vol-delete', '--pool', bed.pool, '--vol', n]).catch(() => undefined);
  };
  s.defer(deleteCreated);
  for (const n of names) {
    // XML on stdin: virsh's vol-create-as does not escape names (see volume-xml.ts).
    await session.virsh.exec(['vol-create', '--pool', bed.pool, '--file', '/dev/stdin'], { stdin: buildVolumeXml({ name: n, capacityBytes: 1 << 20 }) });
    created.push(n);
  }
  const inv = await session.reload();
  const listed = new Set(inv.pools.find((p) => p.name === bed.pool)?.volumes.map((v) => v.name));
  for (const n of names) assert.ok(listed.has(n), `volume ${JSON.stringify(n)} listed exactly`);
  const paths = new Set(inv.pools.find((p) => p.name === bed.pool)?.volumes.map((v) => v.path));
  for (const n of names) assert.ok(paths.has(`${bed.poolPath}/${n}`), `path of ${JSON.stringify(n)}`);
  for (const n of names) assert.ok(existsSync(`${bed.poolPath}/${n}`), `file ${JSON.stringify(n)} exists with that exact name`);
  // A refused name never reaches the host.
  for (const bad of REFUSED) assert.throws(() => validateName('volume', bad));
  // Deleted before the canaries are counted: deleting must not run a name either.
  await deleteCreated();
  assert.deepEqual(canaries(), [], 'no hostile name was executed');
});
