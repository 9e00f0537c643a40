// The images Spindle mounted on hosts (host.mount), so they can be listed,
// unmounted, and cleaned up when Spindle exits. Kept in mounts.json in the
// settings folder as well: after a crash the next start still knows what it
// left mounted (and offers the same unmount).
import path from 'node:path';
import { z } from 'zod';
import { HostMountSchema, type HostMount } from '../../../../shared/contract/features/mounts.ts';
import { readJsonFile, writeFileAtomic } from '../../config/atomic-file.ts';

/** What the unmount plan needs beyond what the UI sees. */
export const TrackedMountSchema = HostMountSchema.extend({
  /** qemu-storage-daemon's export directory (fuse): the raw file and the pid file live there. */
  exportDir: z.string().optional(),
  /** The mountpoint was made by Spindle (removed again on unmount). */
  ownMountpoint: z.boolean(),
});
export type TrackedMount = z.infer<typeof TrackedMountSchema>;

/** fstab's and /proc/mounts' octal escapes undone (\040 is a space). */
export const unescapeOctal = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

/** The mountpoints /proc/mounts lists. */
export function mountedPaths(procMounts: string): Set<string> {
  const paths = new Set<string>();
  for (const line of procMounts.split('\n')) {
    const file = line.split(' ')[1];
    if (file !== undefined) paths.add(unescapeOctal(file));
  }
  return paths;
}

export class HostMountRegistry {
  private mounts = new Map<string, TrackedMount>();
  private readonly file: string | null;

  constructor(configDir: string | null) {
    this.file = configDir ? path.join(configDir, 'mounts.json') : null;
  }

  /**
   * Reads what earlier runs mounted. A file that cannot be read or does not
   * parse is reported (CONFIG_UNWRITABLE / CONFIG_CORRUPT, kept aside), never
   * silently taken for "nothing mounted".
   */
  async load(): Promise<void> {
    if (!this.file) return;
    for (const m of (await readJsonFile(this.file, z.array(TrackedMountSchema))) ?? []) this.mounts.set(m.id, m);
  }

  list(host?: string): TrackedMount[] {
    return [...this.mounts.values()].filter((m) => !host || m.host === host);
  }

  get(id: string): TrackedMount | undefined {
    return this.mounts.get(id);
  }

  async add(m: TrackedMount): Promise<void> {
    this.mounts.set(m.id, m);
    await this.save();
  }

  async remove(id: string): Promise<void> {
    this.mounts.delete(id);
    await this.save();
  }

  /** What the API shows (no internal paths). */
  static view(m: TrackedMount): HostMount {
    const { exportDir: _e, ownMountpoint: _o, ...rest } = m;
    return rest;
  }

  private async save(): Promise<void> {
    if (this.file) await writeFileAtomic(this.file, `${JSON.stringify([...this.mounts.values()], null, 2)}\n`);
  }
}
