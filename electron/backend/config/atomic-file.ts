// Settings files are replaced atomically (temp file, fsync, rename, fsync the
// directory) so a crash leaves either the old or the new file, never half of
// one. A file that does not parse is moved aside and reported, not replaced.
// File-system failures become one settings error (settings-errors.ts).
import { promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { SpindleError } from '../../../shared/core/errors.ts';
import { describeFsProblem, settingsFsError } from './settings-errors.ts';

export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  try {
    await replaceFile(file, data, mode);
  } catch (e) {
    throw settingsFsError(e, file, 'write');
  }
}

async function replaceFile(file: string, data: string, mode: number): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, mode);
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    // A full disk fails the write: the temp file must not stay behind either.
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  // Make the rename itself durable.
  const dirHandle = await fs.open(dir, fsc.O_RDONLY);
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

type Parsed<T> = { ok: true; data: T } | { ok: false; problem: string };

function parseSettings<T>(text: string, schema: z.ZodType<T>): Parsed<T> {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { ok: true, data: parsed.data };
    return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  } catch (e) {
    return { ok: false, problem: (e as Error).message };
  }
}

/**
 * Reads and validates a JSON settings file. Missing: returns undefined.
 * Corrupt: renames it to <file>.corrupt-<time> and throws CONFIG_CORRUPT.
 */
export async function readJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw settingsFsError(e, file, 'read');
  }
  const parsed = parseSettings(text, schema);
  if (parsed.ok) return parsed.data;
  throw await setAside(file, parsed.problem);
}

/** Moves a corrupt file aside; where that fails (a read-only folder) it stays, and the error says both. */
async function setAside(file: string, problem: string): Promise<SpindleError> {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await fs.rename(file, aside);
  } catch (e) {
    const why = describeFsProblem(e, file, 'write');
    return SpindleError.of('CONFIG_CORRUPT', 'config.corruptStuck', { file, problem, folderProblem: why.problemMsg, fix: why.fixMsg }, undefined, { file, folderProblem: why.problem });
  }
  return SpindleError.of('CONFIG_CORRUPT', 'config.corrupt', { file, problem, keptAs: aside }, undefined, { file, keptAs: aside });
}
