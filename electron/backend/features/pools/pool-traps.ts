// libvirt traps that a pool plan avoids or refuses before anything runs:
// - a disk pool's partition on a device whose partitions are named with a
//   "p" (/dev/loop0p2, /dev/nvme0n1p2, /dev/mmcblk0p2): libvirt 9.0's
//   vol-delete runs `parted DEV rm --script p2` and parted answers "Partition
//   doesn't exist" (recorded: libvirt/testdata/pool-errors/vol-delete-disk-
//   p-separator.stderr.txt), so the plan runs `parted -s DEV rm 2` and
//   pool-refresh instead, which is what libvirt meant to do;
// - a netfs pool on a host without the mount helper of its format (mount.nfs,
//   mount.cifs, mount.glusterfs): pool-start would fail with mount's "unknown
//   filesystem type" or "need a /sbin/mount.<type> helper"; refused first,
//   naming the package.
// (A host without device-mapper is recognised in lvcreate's stderr, wherever
// a logical volume is made: transport/command-errors.ts.)
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type Text } from '../../../../shared/core/messages.ts';
import type { Pool, Volume } from '../../../../shared/contract/models.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { parsePoolSpec } from '../../libvirt/model/pool-xml.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
import type { PlanStep } from '../../plan/plan.ts';
import { MOUNT_HELPERS } from '../../transport/command-errors.ts';
import { place } from '../../transport/place.ts';
import type { Runner } from '../../transport/runner.ts';

/**
 * A partition whose name puts a "p" between the device and the number
 * (the kernel does so when the device's name ends in a digit): its device
 * and number, or null for /dev/sdb1-style names, which libvirt gets right.
 */
export function pSeparatedPartition(path: string): { device: string; number: number } | null {
  const m = /^(\/dev\/\S*\d)p(\d+)$/.exec(path);
  return m ? { device: m[1]!, number: Number(m[2]) } : null;
}

/**
 * The steps that delete one volume of `pool`: vol-delete, or for a disk
 * pool's p-named partition, parted's rm of its number and a pool-refresh
 * (so libvirt forgets the volume). Only a partition of the pool's own
 * source device is handed to parted. `description`: the vol-delete step's,
 * for callers that word it their own way.
 */
export function volumeDeleteSteps(uri: string, pool: Pool, vol: Volume, description?: Text): PlanStep[] {
  const part = pool.type === 'disk' ? pSeparatedPartition(vol.path) : null;
  if (!part || (pool.sourceDescription !== undefined && pool.sourceDescription !== part.device)) {
    return [{ description: description ?? msg('pools.delete.stepVolume', { pool: pool.name, volume: vol.name, path: vol.path }), argv: virshArgv(uri, virsh.volDelete(pool.name, vol.name)), destructive: true }];
  }
  const p = { pool: pool.name, volume: vol.name, device: part.device, number: part.number };
  return [
    // `--` is not needed: the device is an absolute path and the number digits.
    { description: msg('pools.trap.stepPartedRm', p), argv: ['parted', '-s', part.device, 'rm', String(part.number)], destructive: true },
    { description: msg('pools.trap.stepRefresh', p), argv: virshArgv(uri, virsh.poolRefresh(pool.name)) },
  ];
}

export interface ProbeSession {
  readonly runner: Runner;
  readonly virsh: VirshExecutor;
  readonly config: { readonly uri: string };
}

/** The helper's type of a netfs format: with auto (the default) libvirt gives mount no -t, and mount takes host:/dir for nfs. */
const helperType = (format: string | undefined) => (format === undefined || format === 'auto' ? 'nfs' : format);

/**
 * Refuses a netfs pool whose mount helper the host lacks, naming the
 * package; mount(8) looks for helpers in /sbin only (libmount's search path
 * /sbin:/sbin/fs.d:/sbin/fs), so that is where this looks.
 */
export async function requireMountHelper(s: ProbeSession, pool: string, format: string | undefined, field: 'source.format' | 'pool'): Promise<void> {
  const type = helperType(format);
  // The test driver mounts nothing.
  if (!(type in MOUNT_HELPERS) || s.config.uri.startsWith('test:')) return;
  const helper = `mount.${type}`;
  const paths = [`/sbin/${helper}`, `/sbin/fs.d/${helper}`, `/sbin/fs/${helper}`];
  // `test -x A -o -x B`: one process, no shell.
  const argv = ['test', ...paths.flatMap((p, i) => (i ? ['-o', '-x', p] : ['-x', p]))];
  const r = await s.runner.run(argv, { timeoutMs: 10_000 });
  if (r.code === 0) return;
  if (r.code !== 1) return; // test itself failed to run (a broken link): let pool-start say what is wrong.
  const pkg = MOUNT_HELPERS[type]!;
  throw SpindleError.of('COMMAND_NOT_FOUND', 'pools.trap.mountHelper', { pool, type, helper, where: place(s.runner.label), debian: pkg.debian, fedora: pkg.fedora }, field, { program: helper });
}

/** The format of an existing netfs pool, from its saved definition. */
export async function netfsFormatOf(s: ProbeSession, pool: string): Promise<string | undefined> {
  const xml = await s.virsh.exec(virsh.poolDumpxml(pool, { inactive: true }));
  return parsePoolSpec(xml).source?.format;
}
