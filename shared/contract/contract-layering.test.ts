// shared/contract's layering (eslint-rules/layering.js): a feature's contract
// stands on the shared parts only (one allowed exception: disks on volumes),
// never on the files that assemble them; the shared parts import no feature;
// the preload's names files import nothing but names. Prove each rule fires
// (npx eslint . checks the files as they are).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = new URL('../..', import.meta.url).pathname;

async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [r] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'spindle/layering').map((m) => m.message);
}

const use = (names: string, from: string) => `import { ${names} } from '${from}';\nexport const x = [${names}];\n`;

test("a feature's contract does not import another feature's, but for the allow list", async () => {
  const across = await lintAs('shared/contract/features/stats.ts', use('GuestFsSchema', './mounts.ts'));
  assert.ok(across.some((m) => m.includes("another feature's")), across.join('\n'));
  const namesAcross = await lintAs('shared/contract/features/stats.check.ts', use('MOUNTS_METHOD_NAMES', './mounts.names.ts'));
  assert.ok(namesAcross.some((m) => m.includes("another feature's")), namesAcross.join('\n'));
  assert.deepEqual(await lintAs('shared/contract/features/disks.ts', use('CreateVolumeRequestSchema', './volumes.ts')), [], 'disks -> volumes is allowed');
  const backwards = await lintAs('shared/contract/features/volumes.ts', use('AttachRequestSchema', './disks.ts'));
  assert.ok(backwards.length > 0, 'the allow list has a direction');
  assert.deepEqual(await lintAs('shared/contract/features/stats.check.ts', use('StatsTickSchema', './stats.ts')), [], "a feature's own files");
  assert.deepEqual(await lintAs('shared/contract/features/mounts.ts', use('name', '../feature-contract.ts')), []);
  assert.deepEqual(await lintAs('shared/contract/features/stats.ts', use('DISK_SIZE_FIELDS', '../models.ts')), []);
});

test("a feature's contract does not import the assemblers; the shared parts import no feature", async () => {
  for (const assembler of ['../api.ts', '../ops.ts', '../api-names.ts']) {
    const m = await lintAs('shared/contract/features/mounts.ts', use('X', assembler));
    assert.ok(m.some((x) => x.includes('assembles')), `${assembler}: ${m.join('\n')}`);
  }
  const shared = await lintAs('shared/contract/disk-facts.ts', use('AttachChoicesSchema', './features/disks.ts'));
  assert.ok(shared.some((m) => m.includes('shared parts')), shared.join('\n'));
  assert.deepEqual(await lintAs('shared/contract/ops.ts', use('DISKS_OPERATIONS', './features/disks.ts')), [], 'ops.ts assembles the features');
  assert.deepEqual(await lintAs('shared/contract/api.ts', use('DISKS_METHODS', './features/disks.ts')), [], 'api.ts assembles the features');
});

test('the names the preload bundles stay free of zod', async () => {
  const zod = await lintAs('shared/contract/features/stats.names.ts', use('z', 'zod'));
  assert.ok(zod.some((m) => m.includes('zod')), zod.join('\n'));
  const schema = await lintAs('shared/contract/api-names.ts', use('STATS_METHODS', './features/stats.ts'));
  assert.ok(schema.some((m) => m.includes('names files')), schema.join('\n'));
  assert.deepEqual(await lintAs('shared/contract/api-names.ts', use('STATS_METHOD_NAMES', './features/stats.names.ts')), []);
});
