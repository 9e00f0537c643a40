import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { SpindleError } from '../../../shared/core/errors.ts';
import { readJsonFile, writeFileAtomic } from './atomic-file.ts';
import { describeFsProblem, settingsFsError } from './settings-errors.ts';
import { inTempDir } from '../transport/testdata/temp-dir.ts';

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

test('each errno names the problem and the fix, never the temp file', () => {
  const file = '/cfg/spindle/hosts.json';
  const tmp = "open '/cfg/spindle/.hosts.json.123.abcd.tmp'";
  const cases: Array<[string, RegExp, RegExp]> = [
    ['EROFS', /read-only file system/, /Remount \/cfg\/spindle read-write, or set SPINDLE_CONFIG_DIR/],
    ['ENOSPC', /no space left/, /Free some space .*df -h/],
    ['EDQUOT', /quota/, /quota/],
    ['EACCES', /permission denied/, /write access .*ls -ld/],
    ['EPERM', /permission denied/, /write access/],
    ['EISDIR', /\/cfg\/spindle\/hosts\.json is a directory/, /Remove or rename the directory \/cfg\/spindle\/hosts\.json/],
    ['EIO', /^EIO: i\/o error$/, /SPINDLE_CONFIG_DIR/],
  ];
  for (const [code, problem, fix] of cases) {
    const e = settingsFsError(errno(code, `${code}: ${code === 'EIO' ? 'i/o error' : 'x'}, ${tmp}`), file, 'write');
    assert.equal(e.code, 'CONFIG_UNWRITABLE');
    assert.match(e.message, /^Spindle cannot save its settings in \/cfg\/spindle: /);
    assert.match(describeFsProblem(errno(code, `${code}: i/o error, ${tmp}`), file, 'write').problem, problem, code);
    assert.match(e.hint ?? '', fix, code);
    assert.doesNotMatch(`${e.message} ${e.hint}`, /\.tmp/, code);
    assert.deepEqual(e.details, { folder: '/cfg/spindle', file, errno: code });
  }
  assert.match(settingsFsError(errno('EACCES', 'x'), file, 'read').message, /cannot read its settings from .*may not read \/cfg\/spindle\/hosts\.json/);
  const already = new SpindleError('CONFIG_CORRUPT', 'x');
  assert.equal(settingsFsError(already, file, 'read'), already, 'typed errors pass through');
});

test('a file where the settings folder should be is named, for reads and writes', async () => {
  await inTempDir('spindle-cfgfile-', async (base) => {
    const blocker = path.join(base, 'spindle');
    writeFileSync(blocker, 'not a folder');
    for (const dir of [blocker, path.join(blocker, 'deeper')]) {
      const file = path.join(dir, 'hosts.json');
      await assert.rejects(writeFileAtomic(file, '{}'), (e: unknown) => {
        assert.ok(e instanceof SpindleError && e.code === 'CONFIG_UNWRITABLE', String(e));
        assert.match(e.message, new RegExp(`${blocker} is a file, not a folder`));
        assert.match(e.hint ?? '', /Remove or rename the file/);
        return true;
      });
      await assert.rejects(readJsonFile(file, z.object({})), (e: unknown) => e instanceof SpindleError && e.code === 'CONFIG_UNWRITABLE' && e.message.includes(`${blocker} is a file`));
    }
  });
});

test('a settings file that is a directory is left alone and named', async () => {
  await inTempDir('spindle-cfgdir-', async (base) => {
    const file = path.join(base, 'alerts.json');
    mkdirSync(file);
    await assert.rejects(readJsonFile(file, z.object({})), (e: unknown) => e instanceof SpindleError && e.code === 'CONFIG_UNWRITABLE' && /is a directory/.test(e.message));
    await assert.rejects(writeFileAtomic(file, '{}'), (e: unknown) => e instanceof SpindleError && e.code === 'CONFIG_UNWRITABLE' && /Remove or rename the directory/.test(e.hint ?? ''));
    assert.deepEqual(readdirSync(base), ['alerts.json'], 'the temp file of the failed rename is gone');
  });
});
