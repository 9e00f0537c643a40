// What a file-system failure in the settings folder means to the user: the
// folder (never the temp file being written), the problem and the fix. Every
// settings file (hosts, trusted host keys, alerts, mounts) reads and writes
// through atomic-file.ts, which sends its failures here.
import { statSync } from 'node:fs';
import path from 'node:path';
import { SpindleError } from '../../../shared/core/errors.ts';
import { english, msg, type Msg, type MsgParam } from '../../../shared/core/messages.ts';

export type SettingsAction = 'read' | 'write';

export interface SettingsProblem {
  /** What is wrong, a clause: "the folder is on a read-only file system". */
  problem: string;
  /** What to do, a sentence. */
  fix: string;
  /** The same two as messages, for the errors that carry them. */
  problemMsg: MsgParam;
  fixMsg: Msg;
}

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

function problemOf(problem: MsgParam, fix: Msg): SettingsProblem {
  return { problem: typeof problem === 'object' ? english(problem) : String(problem), fix: english(fix), problemMsg: problem, fixMsg: fix };
}

export function describeFsProblem(e: unknown, file: string, action: SettingsAction): SettingsProblem {
  const folder = path.dirname(file);
  switch ((e as NodeJS.ErrnoException | null)?.code) {
    case 'EROFS':
      return problemOf(msg('config.fs.readOnly'), msg('config.fs.readOnlyFix', { folder }));
    case 'ENOSPC':
      return problemOf(msg('config.fs.noSpace'), msg('config.fs.noSpaceFix', { folder }));
    case 'EDQUOT':
      return problemOf(msg('config.fs.quota'), msg('config.fs.quotaFix'));
    case 'EACCES':
    case 'EPERM':
      return action === 'read'
        ? problemOf(msg('config.fs.noRead', { file }), msg('config.fs.noReadFix', { file }))
        : problemOf(msg('config.fs.noWrite'), msg('config.fs.noWriteFix', { folder }));
    case 'EISDIR':
      return problemOf(msg('config.fs.isDirectory', { file }), msg('config.fs.isDirectoryFix', { file }));
    case 'ENOTDIR':
    case 'EEXIST': {
      const blocker = fileInTheWay(folder);
      return problemOf(msg('config.fs.fileInTheWay', { blocker }), msg('config.fs.fileInTheWayFix', { blocker }));
    }
    default:
      // The system's own words (EIO: i/o error) stay as they are.
      return problemOf(plainMessage(e), msg('config.fs.otherFix'));
  }
}

/** The one error for a settings file that cannot be read or written. */
export function settingsFsError(e: unknown, file: string, action: SettingsAction): SpindleError {
  if (e instanceof SpindleError) return e;
  const folder = path.dirname(file);
  const { problemMsg, fixMsg } = describeFsProblem(e, file, action);
  const params = { folder, problem: problemMsg, fix: fixMsg };
  const details = { folder, file, errno: String((e as NodeJS.ErrnoException | null)?.code ?? 'unknown') };
  return action === 'read'
    ? SpindleError.of('CONFIG_UNWRITABLE', 'config.cannotRead', params, undefined, details)
    : SpindleError.of('CONFIG_UNWRITABLE', 'config.cannotWrite', params, undefined, details);
}
