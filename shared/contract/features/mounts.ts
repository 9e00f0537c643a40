// The mounts feature's contract. Filesystems and mounting: what the guest
// holds (block devices, filesystems, fstab), the requests that mount and
// unmount inside a guest (through the guest agent) or on the host (loop /
// qemu-storage-daemon FUSE), growing a filesystem after a resize, the API
// methods that read them, and the checks both the wizard (as you type) and
// the backend (before planning) apply to mountpoints and mount options.
import { z } from 'zod';
import { charMsg, escapeUnseen, isVisibleChar } from '../../core/characters.ts';
import { ChangeModeSchema, isActive, modesForDevice, type ChangeMode } from '../../core/domain-rules.ts';
import { msg, MsgSchema, renderMsg, type MessageKey, type Msg, type MsgParam } from '../../core/messages.ts';
import { name, operation, path, type Methods } from '../feature-contract.ts';
import type { MountsMethod } from './mounts.names.ts';

/**
 * Chosen once by the wizard (or the CLI) and sent with both ops.plan and
 * ops.start, so the names a plan generates (backup files, mount ids) are the
 * same in the review and in what runs.
 */
const REQUEST_ID_RULE = msg('mounts.requestId');
// Its refusal is a message (params.msg: the CLI and the UI say it from the catalogs); zod's own message is its English.
const requestId = z
  .string()
  .refine((s) => /^[a-z0-9]{6,32}$/.test(s), { error: () => renderMsg(REQUEST_ID_RULE), params: { msg: REQUEST_ID_RULE } })
  .optional();
/** The same rule for every request that carries a request id (a guest unmount's too). */
export const RequestIdSchema = requestId;

export const MKFS_TYPES = ['ext4', 'xfs', 'btrfs', 'vfat'] as const;
export const MkfsTypeSchema = z.enum(MKFS_TYPES);
export type MkfsType = z.infer<typeof MkfsTypeSchema>;

export const GUEST_DEVICE_KINDS = ['disk', 'part', 'lvm', 'crypt', 'raid', 'rom', 'loop', 'other'] as const;

/** Whether the guest agent can be asked: ok, it answered; missing, the VM has no agent channel; unresponsive, a channel but no answer; not-running, the VM is off. */
export const GuestAgentStateSchema = z.enum(['ok', 'missing', 'unresponsive', 'not-running']);
export type GuestAgentState = z.infer<typeof GuestAgentStateSchema>;

/** What a mounted filesystem uses of its size, as the agent reports it (guest-get-fsinfo). */
export const FS_USE_FIELDS = {
  usedBytes: z.number().optional(),
  totalBytes: z.number().optional(),
};

export const GuestBlockDeviceSchema = z.object({
  /** /dev/vdb1 */
  path: z.string(),
  /** vdb1 */
  name: z.string(),
  kind: z.enum(GUEST_DEVICE_KINDS),
  /** The device it is part of (/dev/vdb for /dev/vdb1). */
  parent: z.string().optional(),
  sizeBytes: z.number(),
  readOnly: z.boolean(),
  /** Filesystem (or other signature, e.g. LVM2_member, crypto_LUKS) found on it. */
  fsType: z.string().optional(),
  uuid: z.string().optional(),
  label: z.string().optional(),
  mountpoints: z.array(z.string()),
  /** The VM disk (libvirt target, "vdb") it is or sits on, matched by the agent's disk address. */
  target: z.string().optional(),
  /** Of the mounted filesystem. */
  ...FS_USE_FIELDS,
  /** It has partitions (or other devices) on it: a filesystem belongs on one of those. */
  hasChildren: z.boolean(),
});
export type GuestBlockDevice = z.infer<typeof GuestBlockDeviceSchema>;

export const FstabEntrySchema = z.object({
  spec: z.string(),
  file: z.string(),
  vfstype: z.string(),
  options: z.string(),
  /** 1-based line number in /etc/fstab. */
  line: z.number().int(),
});
export type FstabEntry = z.infer<typeof FstabEntrySchema>;

export const GuestBlockDevsSchema = z.object({
  agent: GuestAgentStateSchema,
  devices: z.array(GuestBlockDeviceSchema),
  /** Filesystems the guest can create (its mkfs programs). */
  mkfs: z.array(MkfsTypeSchema),
  /** /etc/fstab as parsed; null when the guest has none. */
  fstab: z.array(FstabEntrySchema).nullable(),
  /** What could not be read (e.g. no lsblk in the guest: only mounted filesystems are listed), in English. */
  notes: z.array(z.string()),
  /** The same notes as messages (what the UI translates). */
  noteMsgs: z.array(MsgSchema).optional(),
});
export type GuestBlockDevs = z.infer<typeof GuestBlockDevsSchema>;

/** Mount a device inside a running guest, optionally creating a filesystem first and adding it to fstab. */
export const GuestMountRequestSchema = z
  .object({
    domain: name,
    /** Guest device path, e.g. /dev/vdb or /dev/vdb1 (as guest.blockdevs lists it). */
    device: path,
    mountpoint: path,
    /** Mount options, one per item (ro, noatime, discard, nofail, ...). */
    options: z.array(z.string().min(1).max(200)).max(32),
    /**
     * Create a filesystem first. Only on a device with no filesystem or other
     * signature; `confirm` must repeat the device path (the wizard's
     * confirmation that names the device and its size).
     */
    mkfs: z
      .object({
        type: MkfsTypeSchema,
        label: z.string().max(64).optional(),
        confirm: path,
        /** The new filesystem's UUID (vfat: XXXX-XXXX), chosen by the client so the fstab line in the review is the one written. */
        uuid: z.string().regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-F]{4}-[0-9A-F]{4})$/).optional(),
      })
      .strict()
      .optional(),
    /** Add a line to /etc/fstab (by UUID), backing the old file up and testing the line by mounting through it. */
    fstab: z.boolean(),
    requestId,
  })
  .strict();
export type GuestMountRequest = z.infer<typeof GuestMountRequestSchema>;

/** Unmount a filesystem inside the guest through the agent; with fstab, also remove its /etc/fstab lines (old file backed up). */
export const GuestUmountRequestSchema = z
  .object({ domain: name, mountpoint: path, fstab: z.boolean().optional(), requestId: RequestIdSchema })
  .strict();
export type GuestUmountRequest = z.infer<typeof GuestUmountRequestSchema>;

/** Grow the filesystem on a disk inside the guest through the agent (after a resize). */
export const GrowFsRequestSchema = z.object({ domain: name, target: z.string().min(1).max(32) }).strict();
export type GrowFsRequest = z.infer<typeof GrowFsRequestSchema>;

/** Add the guest agent's virtio channel to a VM. */
export const AgentChannelRequestSchema = z.object({ domain: name, mode: ChangeModeSchema.optional() }).strict();
export type AgentChannelRequest = z.infer<typeof AgentChannelRequestSchema>;

/** An image or volume on the host, mounted for inspection or repair. */
export const HostMountSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('volume'), pool: name, volume: name }).strict(),
  z.object({ kind: z.literal('file'), path }).strict(),
]);
export type HostMountSource = z.infer<typeof HostMountSourceSchema>;

export const HostMountRequestSchema = z
  .object({
    source: HostMountSourceSchema,
    /** 1-based partition number; absent: the filesystem is on the whole image. */
    partition: z.number().int().min(1).max(128).optional(),
    /** Read-write is refused while a running VM uses the image or an image backed by it. */
    readOnly: z.boolean(),
    /** Where to mount (absolute, created if missing); absent: a new directory under /run/spindle/mnt. */
    mountpoint: path.optional(),
    requestId,
  })
  .strict();
export type HostMountRequest = z.infer<typeof HostMountRequestSchema>;

export const HostUmountRequestSchema = z.object({ id: z.string().min(1).max(64) }).strict();
export type HostUmountRequest = z.infer<typeof HostUmountRequestSchema>;

export const HostMountSchema = z.object({
  id: z.string(),
  host: z.string(),
  /** The image file. */
  image: z.string(),
  format: z.string(),
  partition: z.number().int().optional(),
  mountpoint: z.string(),
  readOnly: z.boolean(),
  /** loop: a raw image through a loop device; fuse: qemu-storage-daemon exports it as a raw file first. */
  via: z.enum(['loop', 'fuse']),
  fsType: z.string().optional(),
  mountedAt: z.string(),
});
export type HostMount = z.infer<typeof HostMountSchema>;

export const ImagePartitionSchema = z.object({
  number: z.number().int(),
  startBytes: z.number(),
  sizeBytes: z.number(),
  type: z.string(),
  /** The filesystem found at its start (ext4, xfs, btrfs, vfat), when recognised. */
  fsType: z.string().optional(),
});
export const ImagePartitionsSchema = z.object({
  image: z.string(),
  format: z.string(),
  /** dos, gpt, or null: no partition table (a filesystem on the whole image, or nothing). */
  table: z.string().nullable(),
  partitions: z.array(ImagePartitionSchema),
  /** With no partition table: the filesystem on the whole image, when recognised. */
  fsType: z.string().optional(),
});
export type ImagePartitions = z.infer<typeof ImagePartitionsSchema>;

export const GuestFsSchema = z.object({
  agent: GuestAgentStateSchema,
  filesystems: z.array(
    z.object({
      mountpoint: z.string(),
      type: z.string(),
      device: z.string(),
      /** VM disk targets this filesystem sits on (matched by agent disk address). */
      targets: z.array(z.string()),
      /** The guest disk it sits on, when the filesystem is not on the whole disk (a partition, LVM, RAID). */
      parentDevice: z.string().optional(),
      ...FS_USE_FIELDS,
    }),
  ),
});
export type GuestFs = z.infer<typeof GuestFsSchema>;

/** method name -> { params, result } */
export const MOUNTS_METHODS = {
  /** Filesystems mounted in a running guest, through the QEMU guest agent. */
  'guest.fsinfo': { params: z.object({ host: name, domain: name }).strict(), result: GuestFsSchema },
  /**
   * A running guest's block devices and filesystems (lsblk, blkid and
   * guest-get-fsinfo through the agent), each matched to the VM disk it sits
   * on, plus the guest's mkfs programs and its /etc/fstab.
   */
  'guest.blockdevs': { params: z.object({ host: name, domain: name }).strict(), result: GuestBlockDevsSchema },
  /** Images mounted on the host by Spindle (host.mount), still mounted. */
  'host.mounts': { params: z.object({ host: name.optional() }).strict(), result: z.array(HostMountSchema) },
  /** The partition table of an image or volume on the host (read-only; qcow2 through a short-lived FUSE export). */
  'host.imagePartitions': { params: z.object({ host: name, source: HostMountSourceSchema }).strict(), result: ImagePartitionsSchema },
} as const satisfies Methods<MountsMethod>;

export const MOUNTS_OPERATIONS = [
  operation('guest.growfs', GrowFsRequestSchema),
  operation('guest.umount', GuestUmountRequestSchema),
  operation('guest.mount', GuestMountRequestSchema),
  operation('guest.agentChannel', AgentChannelRequestSchema),
  operation('host.mount', HostMountRequestSchema),
  operation('host.umount', HostUmountRequestSchema),
] as const;
/** The operation kinds this feature plans (its planners' keys in the backend). */
export type MountsOperationKind = z.infer<(typeof MOUNTS_OPERATIONS)[number]>['kind'];
/** The API methods this feature answers (its handlers' keys in the backend). */
export type { MountsMethod };

// ---- the request fields a refusal names (details.field), per operation ----
// The wizards map each to the step that asks it (renderer/features/mounts/wizard-steps.ts).

export const GUEST_MOUNT_FIELDS = ['domain', 'device', 'mkfs', 'label', 'mountpoint', 'options', 'fstab'] as const satisfies readonly (keyof GuestMountRequest | keyof NonNullable<GuestMountRequest['mkfs']>)[];
export type GuestMountField = (typeof GUEST_MOUNT_FIELDS)[number];
export const GUEST_UMOUNT_FIELDS = ['domain', 'mountpoint', 'fstab'] as const satisfies readonly (keyof GuestUmountRequest)[];
export type GuestUmountField = (typeof GUEST_UMOUNT_FIELDS)[number];
export const AGENT_CHANNEL_FIELDS = ['domain', 'mode'] as const satisfies readonly (keyof AgentChannelRequest)[];
export type AgentChannelField = (typeof AGENT_CHANNEL_FIELDS)[number];
export const HOST_MOUNT_FIELDS = ['source', 'partition', 'readOnly', 'mountpoint'] as const satisfies readonly (keyof HostMountRequest)[];
export type HostMountField = (typeof HOST_MOUNT_FIELDS)[number];

// ---- rules shared by the wizards, the planners and the CLI ----

/** The virtio serial port the QEMU guest agent listens on. */
export const GUEST_AGENT_PORT = 'org.qemu.guest_agent.0';

/**
 * The channel the agent-channel plan adds, as the wizards show it before
 * anything is planned; the backend builds it from its model
 * (libvirt/model/channel-xml.ts), whose test checks they are the same.
 */
export const AGENT_CHANNEL_XML = `<channel type='unix'>\n  <target type='virtio' name='${GUEST_AGENT_PORT}'/>\n</channel>`;

/**
 * Where the agent channel can be added: wherever the VM has a configuration
 * (the running VM, its saved one, or both), best first. A new device goes
 * where an existing one could be changed, so it is the device rule with the
 * device present everywhere.
 */
export function agentChannelModes(dom: { state: string; persistent: boolean }): ChangeMode[] {
  return modesForDevice({ active: isActive(dom.state), persistent: dom.persistent, inLive: true, inSaved: true });
}

/**
 * A VM disk that is gone after the next shutdown: attached "now only" (it is
 * in the running VM, not in the saved configuration), or any disk of a
 * transient VM (it has no saved configuration). An /etc/fstab line for it
 * stops the guest at boot unless it says nofail.
 */
export function goneAtShutdown(dom: { persistent: boolean; pendingDisks?: { liveOnly: readonly string[] } | undefined }, target: string | undefined): boolean {
  if (!target) return false;
  return !dom.persistent || (dom.pendingDisks?.liveOnly.includes(target) ?? false);
}

/** What a signature that is not a filesystem to mount is (blkid TYPE values), or null for a filesystem. */
export type NotFilesystem = 'lvm' | 'luks' | 'raid' | 'swap' | 'zfs' | 'other';
const NOT_FILESYSTEMS: Record<string, NotFilesystem> = {
  LVM2_member: 'lvm',
  crypto_LUKS: 'luks',
  linux_raid_member: 'raid',
  isw_raid_member: 'raid',
  ddf_raid_member: 'raid',
  swap: 'swap',
  zfs_member: 'zfs',
  ceph: 'other',
  bcache: 'other',
  drbd: 'other',
};
export function notFilesystem(fsType: string | undefined): NotFilesystem | null {
  return fsType !== undefined && Object.prototype.hasOwnProperty.call(NOT_FILESYSTEMS, fsType) ? (NOT_FILESYSTEMS[fsType] ?? null) : null;
}

// Where a filesystem may be mounted: one rule for the host and the guest
// (README, "Mounting"). A mount hides what the directory held, and as root
// it can shadow what the system runs on: /usr/lib hides the libraries,
// /etc/ssh the host keys, /proc/self the process view. So everything inside
// the trees the operating system owns is refused, not only their tops:
//  - /bin /boot /dev /etc /lib* /proc /root /run /sbin /sys /usr /var, and
//    /opt (add-on software, /usr/local's twin). /var/lib/libvirt/images is
//    inside /var: a mount there hides the pool's images from their VMs.
//  - the one exception inside them: Spindle's own /run/spindle/mnt/<name>
//    (host mounts without a mountpoint go there).
//  - /home, /tmp and /home/<user> themselves: they hold every user's (or
//    that user's) files; a folder inside them is fine.
//  - hidden folders anywhere (~/.ssh, ~/.config, /tmp/.X11-unix): they hold
//    keys, settings and sockets.
// Open: /mnt, /media, /srv (themselves and below), folders inside /home and
// /tmp, and any other new top-level folder (/data). Image-based systems
// (Fedora CoreOS, Silverblue) make /mnt, /srv, /home links to /var/mnt,
// /var/srv, /var/home and /media one to /run/media: those count as what
// they stand for.
// A symbolic link on the way is judged where it leads (checkResolvedMountpoint).
const SYSTEM_TREES = ['/bin', '/boot', '/dev', '/etc', '/opt', '/proc', '/root', '/run', '/sbin', '/sys', '/usr', '/var'];
const OWN_MOUNT_ROOT = '/run/spindle/mnt';
const SHARED_DIRS = ['/home', '/tmp'];
const REAL_HOMES: Array<[string, string]> = [
  ['/var/mnt', '/mnt'],
  ['/var/srv', '/srv'],
  ['/var/home', '/home'],
  ['/run/media', '/media'],
];

/**
 * Mountpoints the guest filesystems view does not offer to unmount: the
 * system trees themselves (the same list as above), / and /tmp, the EFI
 * partition and swap.
 */
export function isSystemMountpoint(mp: string): boolean {
  return mp === '/' || mp === '/tmp' || mp === '/boot/efi' || mp === '[SWAP]' || systemTree(mp) === mp;
}

/** /var/mnt/x judged as /mnt/x (see above). */
function standsFor(mp: string): string {
  const hit = REAL_HOMES.find(([real]) => mp === real || mp.startsWith(`${real}/`));
  return hit ? hit[1] + mp.slice(hit[0].length) : mp;
}

/**
 * A problem with a field, as a message: its catalog key (mounts.check.*) and
 * parameters, which the wizard translates and the backend sends in its
 * refusal; `message` is its English.
 */
export interface MountCheck extends Msg {
  message: string;
}

function problem(key: MessageKey, params?: Record<string, MsgParam>): MountCheck {
  const m: Msg = params ? { key, params } : { key };
  return { ...m, message: renderMsg(m) };
}

/** The message of a check alone (to nest in a refusal). */
export function checkMsg(c: MountCheck): Msg {
  return c.params ? { key: c.key, params: c.params } : { key: c.key };
}

// Letters and digits of any script, and . _ - + @ : , =
const MOUNTPOINT_CHAR = /^[\p{L}\p{N}._\-+@:,=/]+$/u;

function badCharCheck(mp: string, shown: string): MountCheck {
  const bad = [...mp].find((c) => !MOUNTPOINT_CHAR.test(c)) ?? '';
  if (bad === ' ') return problem('mounts.check.space', { path: shown });
  if (isVisibleChar(bad)) return problem('mounts.check.chars', { path: shown, char: bad });
  return problem('mounts.check.invisible', { path: shown, char: charMsg(bad) });
}

/** How the path is written: absolute, plain, and in the characters fstab and shells take as they are. */
export function checkMountpointSyntax(mp: string): MountCheck | null {
  const shown = escapeUnseen(mp);
  if (!mp.startsWith('/')) return problem('mounts.check.relative', { path: shown });
  const parts = mp.split('/').slice(1);
  if (parts.some((p) => p === '..' || p === '.')) return problem('mounts.check.dots', { path: shown });
  if (mp.length > 1 && parts.some((p) => p === '')) return problem('mounts.check.slashes', { path: shown });
  if (!MOUNTPOINT_CHAR.test(mp)) return badCharCheck(mp, shown);
  if (mp.length > 1024) return problem('mounts.check.long');
  return null;
}

/** The system tree a plain absolute path is in ("/usr" for /usr/lib), or null. */
function systemTree(mp: string): string | null {
  const top = `/${mp.split('/')[1] ?? ''}`;
  if (mp.startsWith(`${OWN_MOUNT_ROOT}/`)) return null;
  return SYSTEM_TREES.includes(top) || /^\/lib/.test(top) ? top : null;
}

/** Where the path is: not inside a system tree, not over shared folders, not through hidden ones. */
export function checkMountpointPlace(mp: string): MountCheck | null {
  const place = standsFor(mp);
  const parts = place.split('/').filter(Boolean);
  const tree = systemTree(place);
  if (mp === '/' || tree === mp) return problem('mounts.check.protected', { path: mp });
  if (tree) return problem('mounts.check.system', { path: mp, tree });
  const hidden = parts.find((p) => p.startsWith('.'));
  if (hidden) return problem('mounts.check.hidden', { path: mp, part: hidden });
  if (SHARED_DIRS.includes(place) || (parts[0] === 'home' && parts.length === 2)) return problem('mounts.check.shared', { path: mp });
  return null;
}

export function checkMountpoint(mp: string): MountCheck | null {
  return checkMountpointSyntax(mp) ?? checkMountpointPlace(mp);
}

/**
 * The same rule for where a mountpoint really is, once the host (readlink -f)
 * or the guest resolved its symbolic links: /mnt/x -> /usr/lib is /usr/lib.
 */
export function checkResolvedMountpoint(given: string, resolved: string): MountCheck | null {
  if (resolved === given) return null;
  const target = escapeUnseen(resolved);
  const there = checkMountpointPlace(resolved);
  if (!there) return null;
  // The verdict on the target names it as shown (invisible characters escaped).
  const params = Object.fromEntries(Object.entries(there.params ?? {}).map(([k, v]) => [k, v === resolved ? target : v]));
  return problem('mounts.check.symlink', { path: given, target, problem: { key: there.key, params } });
}

/** Options offered as switches; anything else must look like name or name=value. */
export const KNOWN_MOUNT_OPTIONS = ['ro', 'rw', 'noatime', 'relatime', 'nodiratime', 'discard', 'nofail', 'noexec', 'nosuid', 'nodev', 'sync', 'defaults', 'noauto', '_netdev'];
const OPTION = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*(=[A-Za-z0-9_.:/+-]+)?$/;

export function checkMountOptions(options: readonly string[]): MountCheck | null {
  for (const o of options) if (!OPTION.test(o)) return problem('mounts.check.option', { option: o });
  const set = new Set(options.map((o) => o.split('=')[0]));
  if (set.has('ro') && set.has('rw')) return problem('mounts.check.roRw');
  if (set.has('atime') && set.has('noatime')) return problem('mounts.check.atime');
  if (set.has('relatime') && set.has('noatime')) return problem('mounts.check.relatime');
  return null;
}

/** A filesystem label mkfs accepts for this type (ext4 16 bytes, xfs 12, btrfs 255, vfat 11 upper-case). */
export function checkLabel(type: MkfsType, label: string): MountCheck | null {
  const max = { ext4: 16, xfs: 12, btrfs: 255, vfat: 11 }[type];
  if (new TextEncoder().encode(label).length > max) return problem('mounts.check.labelLong', { max, type });
  if (!/^[\p{L}\p{N}._\-+@ ]*$/u.test(label)) return problem('mounts.check.labelChars');
  if (type === 'vfat' && !/^[A-Z0-9_\- ]*$/.test(label)) return problem('mounts.check.labelVfat');
  return null;
}
