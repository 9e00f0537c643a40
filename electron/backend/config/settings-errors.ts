// What a file-system failure in the settings folder means to the user: the
// folder (never the temp file being written), the problem and the fix. Every
// settings file (hosts, trusted host keys, alerts, mounts) reads and writes
// through atomic-file.ts, which sends its failures here.
import { statSync } from 'node:fs';
import path from 'node:path';
import { SpindleError } from '../../../shared/core/errors.ts';

export type SettingsAction = 'read' | 'write';

export interface SettingsProblem {
  /** What is wrong, a clause: "the folder is on a read-only file system". */
  problem: string;
  /** What to do, a sentence. */
  fix: string;
}

const ELSEWHERE = 'or set SPINDLE_CONFIG_DIR to a writable folder';

/** The nearest of `dir` and its parents that exists but is not a folder (ENOTDIR, EEXIST). */
function fileInTheWay(dir: string): string {
  for (let p = dir; ; p = path.dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) return p;
      return dir;
    } catch {
      if (path.dirname(p) === p) return dir;
    }
  }
}

/** Node's messages name the path they failed on (often the temp file): keep only the words. */
function plainMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/,?\s*\w+ '[^']*'( -> '[^']*')?/g, '').trim();
}

export function describeFsProblem(e: unknown, file: string, action: SettingsAction): SettingsProblem {
  const dir = path.dirname(file);
  switch ((e as NodeJS.ErrnoException | null)?.code) {
    case 'EROFS':
      return { problem: 'the folder is on a read-only file system', fix: `Remount ${dir} read-write, ${ELSEWHERE}.` };
    case 'ENOSPC':
      return { problem: 'the file system it is on has no space left', fix: `Free some space there (df -h '${dir}' shows what is left), or set SPINDLE_CONFIG_DIR to a folder on another file system.` };
    case 'EDQUOT':
      return { problem: 'your disk quota there is used up', fix: `Free some space within your quota (quota -s shows it), ${ELSEWHERE}.` };
    case 'EACCES':
    case 'EPERM':
      return action === 'read'
        ? { problem: `your user may not read ${file} (permission denied)`, fix: `Give your user read access to it (ls -l '${file}' shows its owner and mode), ${ELSEWHERE}.` }
        : { problem: 'your user may not write there (permission denied)', fix: `Give your user write access to the folder (ls -ld '${dir}' shows its owner and mode), ${ELSEWHERE}.` };
    case 'EISDIR':
      return { problem: `${file} is a directory, where Spindle keeps a settings file`, fix: `Remove or rename the directory ${file}; Spindle then creates the file.` };
    case 'ENOTDIR':
    case 'EEXIST': {
      const blocker = fileInTheWay(dir);
      return { problem: `${blocker} is a file, not a folder`, fix: `Remove or rename the file ${blocker}, ${ELSEWHERE}.` };
    }
    default:
      return { problem: plainMessage(e), fix: `Check the folder and its file system, ${ELSEWHERE}.` };
  }
}

/** The one error for a settings file that cannot be read or written. */
export function settingsFsError(e: unknown, file: string, action: SettingsAction): SpindleError {
  if (e instanceof SpindleError) return e;
  const dir = path.dirname(file);
  const { problem, fix } = describeFsProblem(e, file, action);
  const what = action === 'read' ? 'read its settings from' : 'save its settings in';
  return new SpindleError('CONFIG_UNWRITABLE', `Spindle cannot ${what} ${dir}: ${problem}.`, fix, {
    folder: dir,
    file,
    errno: String((e as NodeJS.ErrnoException | null)?.code ?? 'unknown'),
  });
}
