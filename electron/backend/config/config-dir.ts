// Where Spindle keeps its settings: SPINDLE_CONFIG_DIR, else the XDG config
// directory, else ~/.config/spindle.
import os from 'node:os';
import path from 'node:path';

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SPINDLE_CONFIG_DIR) return env.SPINDLE_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'spindle');
}
