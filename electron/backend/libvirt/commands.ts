// Every virsh command Spindle runs, built here and nowhere else: typed
// functions that return the argument list after `virsh --connect URI`. Reads
// go to a VirshExecutor (exec / batch); writes become plan steps through
// virshArgv(), so the review page shows exactly these arguments.
import { modeFlags } from '../../../shared/core/domain-rules.ts';
import type { ChangeMode } from '../../../shared/core/domain-rules.ts';

/** The full argv of a plan step: `virsh --connect URI ARGS...`. */
export function virshArgv(uri: string, args: readonly string[]): string[] {
  return ['virsh', '--connect', uri, ...args];
}

/** The virsh subcommand arguments of a plan step's argv (what an executor runs), or null when it is not virsh. */
export function virshArgsOf(argv: readonly string[]): string[] | null {
  return argv[0] === 'virsh' && argv[1] === '--connect' ? argv.slice(3) : null;
}

/** Input read from standard input (XML for --file). */
export const STDIN = '/dev/stdin';

export const virsh = {
  uri: (): string[] => ['uri'],

  // Domains
  dumpxml: (domain: string, opts: { inactive?: boolean } = {}): string[] => ['dumpxml', '--domain', domain, ...(opts.inactive ? ['--inactive'] : [])],
  domblklist: (domain: string): string[] => ['domblklist', '--domain', domain],
  /** What a domain's emulator and machine type support (for the attach wizard's choices). */
  domcapabilities: (p: { virttype: string; arch: string; machine?: string; emulator?: string }): string[] => [
    'domcapabilities', '--virttype', p.virttype, '--arch', p.arch, ...(p.machine ? ['--machine', p.machine] : []), ...(p.emulator ? ['--emulatorbin', p.emulator] : []),
  ],
  domblkinfo: (domain: string, device: string): string[] => ['domblkinfo', '--domain', domain, '--device', device],
  /** Block statistics of every running domain (one process per host and tick). */
  domstatsBlock: (): string[] => ['domstats', '--block', '--list-active'],
  attachDevice: (domain: string, mode: ChangeMode): string[] => ['attach-device', '--domain', domain, '--file', STDIN, ...modeFlags(mode)],
  detachDisk: (domain: string, target: string, mode: ChangeMode): string[] => ['detach-disk', '--domain', domain, '--target', target, ...modeFlags(mode)],
  changeMedia: (domain: string, target: string, action: { insert: string } | { update: string } | 'eject', mode: ChangeMode): string[] => [
    'change-media',
    '--domain',
    domain,
    '--path',
    target,
    ...(action === 'eject' ? ['--eject'] : 'insert' in action ? ['--source', action.insert, '--insert'] : ['--source', action.update, '--update']),
    ...modeFlags(mode),
  ],
  blockresize: (domain: string, target: string, bytes: number): string[] => ['blockresize', '--domain', domain, '--path', target, '--size', `${bytes}B`],
  /** Reads (no values) or sets the I/O limits of one disk in one configuration. */
  blkdeviotune: (domain: string, target: string, side: 'live' | 'config', values: readonly string[] = []): string[] => ['blkdeviotune', '--domain', domain, '--device', target, ...values, `--${side}`],
  /** Replaces a domain's persistent definition with the XML on stdin (one atomic change). */
  define: (): string[] => ['define', '--file', STDIN],

  // Block jobs (the disk is named by its target, vda)
  /** The running block job of a disk as key=value lines (empty when none). */
  blockjobInfo: (domain: string, target: string): string[] => ['blockjob', '--domain', domain, '--path', target, '--info', '--raw'],
  /** Stops the job and leaves the disk on its original source (a copy's new file is no longer written). */
  blockjobAbort: (domain: string, target: string): string[] => ['blockjob', '--domain', domain, '--path', target, '--abort'],
  /** Ends a ready copy or active commit by switching the disk to the job's result. */
  blockjobPivot: (domain: string, target: string): string[] => ['blockjob', '--domain', domain, '--path', target, '--pivot'],
  blockcommit: (domain: string, target: string, opts: { active: boolean; top?: string; base?: string }): string[] => [
    'blockcommit', '--domain', domain, '--path', target,
    ...(opts.active ? ['--active', '--pivot'] : []),
    ...(opts.top !== undefined ? ['--top', opts.top] : []),
    ...(opts.base !== undefined ? ['--base', opts.base] : []),
    '--wait', '--verbose',
  ],
  blockpull: (domain: string, target: string, base?: string): string[] => ['blockpull', '--domain', domain, '--path', target, ...(base !== undefined ? ['--base', base] : []), '--wait', '--verbose'],
  /**
   * A copy into a file made beforehand (--reuse-external), ending when the
   * mirror is ready (no --pivot). --transient-job: libvirt refuses a copy of a
   * persistent domain without it ("domain is not transient").
   */
  blockcopy: (domain: string, target: string, dest: string, format: string, bandwidthMiBs?: number): string[] => [
    'blockcopy', '--domain', domain, '--path', target, '--dest', dest, '--format', format, '--reuse-external', '--transient-job',
    ...(bandwidthMiBs !== undefined ? ['--bandwidth', String(bandwidthMiBs)] : []),
    '--wait', '--verbose',
  ],
  qemuAgentCommand: (domain: string, body: string, timeoutS: number): string[] => ['qemu-agent-command', '--domain', domain, '--timeout', String(timeoutS), body],

  // Pools and volumes
  poolRefresh: (pool: string): string[] => ['pool-refresh', '--pool', pool],
  /** A pool's state, capacity, allocation and available in bytes (libvirt's numbers as of its last refresh). */
  poolInfo: (pool: string): string[] => ['pool-info', '--bytes', '--pool', pool],
  /** Which pool types this libvirtd supports, and their source and volume formats. */
  poolCapabilities: (): string[] => ['pool-capabilities'],
  /** A pool's XML (its source: a VG, a zpool, Ceph monitors and auth), for pool.usage. */
  poolDefine: (): string[] => ['pool-define', '--file', STDIN],
  /** --no-overwrite: libvirt formats (mkfs, pvcreate, a partition label) only a device that carries no signature yet. */
  poolBuild: (pool: string, opts: { noOverwrite?: boolean } = {}): string[] => ['pool-build', '--pool', pool, ...(opts.noOverwrite ? ['--no-overwrite'] : [])],
  poolStart: (pool: string): string[] => ['pool-start', '--pool', pool],
  poolDestroy: (pool: string): string[] => ['pool-destroy', '--pool', pool],
  poolUndefine: (pool: string): string[] => ['pool-undefine', '--pool', pool],
  /** Removes the pool's storage (a directory, a filesystem's files, a VG): the definition stays. */
  poolDelete: (pool: string): string[] => ['pool-delete', '--pool', pool],
  poolAutostart: (pool: string, on: boolean): string[] => ['pool-autostart', '--pool', pool, ...(on ? [] : ['--disable'])],
  volList: (pool: string): string[] => ['vol-list', '--pool', pool],
  volCreate: (pool: string, opts: { preallocMetadata?: boolean } = {}): string[] => ['vol-create', '--pool', pool, '--file', STDIN, ...(opts.preallocMetadata ? ['--prealloc-metadata'] : [])],
  volDelete: (pool: string, volume: string): string[] => ['vol-delete', '--pool', pool, '--vol', volume],
  /** Overwrites a volume's data in place (zero: zeros; trim: discard; the others: scrub's patterns). */
  volWipe: (pool: string, volume: string, algorithm: string): string[] => ['vol-wipe', '--pool', pool, '--vol', volume, '--algorithm', algorithm],
  volResize: (pool: string, volume: string, bytes: number): string[] => ['vol-resize', '--pool', pool, '--vol', volume, '--capacity', String(bytes)],

  // Secrets (the value always from a file or standard input, never an argument)
  secretDefine: (): string[] => ['secret-define', '--file', STDIN],
  secretUndefine: (uuid: string): string[] => ['secret-undefine', '--secret', uuid],
  /** The value is the bytes on stdin as they are (a LUKS passphrase, a CHAP password). */
  secretSetValueFromStdin: (uuid: string): string[] => ['secret-set-value', '--secret', uuid, '--file', STDIN, '--plain'],
  /**
   * The value is base64 text on stdin, which virsh decodes: a Ceph key as `ceph auth get-key` prints it.
   * (With --plain libvirt would store the text itself and hand librados its base64 again: the pool
   * then fails to start with a misleading "failed to connect to the RADOS monitor ... ENOENT".)
   */
  secretSetValueBase64FromStdin: (uuid: string): string[] => ['secret-set-value', '--secret', uuid, '--file', STDIN],

  /** The sources libvirt finds for a pool type, on the host (logical: VGs; scsi: adapters) or asked of a server (netfs, iscsi, gluster). */
  findPoolSourcesAs: (type: string, opts: { host?: string; port?: string; initiator?: string } = {}): string[] => [
    'find-storage-pool-sources-as',
    '--type',
    type,
    ...(opts.host !== undefined ? ['--host', opts.host] : []),
    ...(opts.port !== undefined ? ['--port', opts.port] : []),
    ...(opts.initiator !== undefined ? ['--initiator', opts.initiator] : []),
  ],
  poolDumpxml: (pool: string, opts: { inactive?: boolean } = {}): string[] => ['pool-dumpxml', '--pool', pool, ...(opts.inactive ? ['--inactive'] : [])],
  /** A secret's value on standard output, base64 (libvirt refuses a private secret). A read, never a plan step. */
  secretGetValue: (uuid: string): string[] => ['secret-get-value', '--secret', uuid],
  secretList: (): string[] => ['secret-list'],

  // Snapshots (the XML always on standard input, built by model/snapshot-xml.ts)
  snapshotList: (domain: string): string[] => ['snapshot-list', '--domain', domain, '--name'],
  /** Each snapshot's name and parent: "name parent" lines (the parent empty for a root). */
  snapshotListParents: (domain: string): string[] => ['snapshot-list', '--domain', domain, '--parent'],
  snapshotDumpxml: (domain: string, snapshot: string): string[] => ['snapshot-dumpxml', '--domain', domain, '--snapshotname', snapshot],
  snapshotCurrentName: (domain: string): string[] => ['snapshot-current', '--domain', domain, '--name'],
  /** --atomic always: libvirt then undoes its own partial work on a failure. */
  snapshotCreate: (domain: string, opts: { diskOnly?: boolean; quiesce?: boolean } = {}): string[] => [
    'snapshot-create', '--domain', domain, '--xmlfile', STDIN, '--atomic', ...(opts.diskOnly ? ['--disk-only'] : []), ...(opts.quiesce ? ['--quiesce'] : []),
  ],
  /** Rewrites a snapshot's metadata (its description) from its own XML; --current keeps it libvirt's current one. */
  snapshotRedefine: (domain: string, opts: { current?: boolean } = {}): string[] => ['snapshot-create', '--domain', domain, '--xmlfile', STDIN, '--redefine', ...(opts.current ? ['--current'] : [])],
  version: (): string[] => ['version'],
} as const;
