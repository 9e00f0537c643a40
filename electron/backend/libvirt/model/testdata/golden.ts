// The golden-file rule of the model tests: the file is what the builder must
// write. UPDATE_GOLDEN=1 (or a missing file, off CI) writes it from `actual`;
// review the diff before keeping it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The golden file's text (written first when asked to, or when missing off CI). */
export function golden(dir: string, name: string, actual: string): string {
  const file = `${dir}${name}.xml`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI === 'true') assert.fail(`golden file ${name}.xml missing`);
    writeFileSync(file, actual);
  }
  return readFileSync(file, 'utf8');
}
