// Filesystems and mounting: what the guest holds (block devices, filesystems,
// fstab), the requests that mount and unmount inside a guest (through the
// guest agent) or on the host (loop / qemu-storage-daemon FUSE), and the
// checks both the wizard (as you type) and the backend (before planning)
// apply to mountpoints and mount options.
import { z } from 'zod';
import { describeChar, escapeUnseen, isVisibleChar } from '../core/characters.ts';

const name = z.string().min(1).max(255);
const path = z.string().min(1).max(4096);
/**
 * Chosen once by the wizard (or the CLI) and sent with both ops.plan and
 * ops.start, so the names a plan generates (backup files, mount ids) are the
 * same in the review and in what runs.
 */
const requestId = z.string().regex(/^[a-z0-9]{6,32}$/, 'a request id is 6-32 lower-case letters and digits').optional();

export const MKFS_TYPES = ['ext4', 'xfs', 'btrfs', 'vfat'] as const;
export const MkfsTypeSchema = z.enum(MKFS_TYPES);
export type MkfsType = z.infer<typeof MkfsTypeSchema>;

export const GUEST_DEVICE_KINDS = ['disk', 'part', 'lvm', 'crypt', 'raid', 'rom', 'loop', 'other'] as const;

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
  /** Of the mounted filesystem (guest-get-fsinfo). */
  usedBytes: z.number().optional(),
  totalBytes: z.number().optional(),
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
  /** ok: the agent answered; missing: the VM has no agent channel; unresponsive: a channel but no answer. */
  agent: z.enum(['ok', 'missing', 'unresponsive', 'not-running']),
  devices: z.array(GuestBlockDeviceSchema),
  /** Filesystems the guest can create (its mkfs programs). */
  mkfs: z.array(MkfsTypeSchema),
  /** /etc/fstab as parsed; null when the guest has none. */
  fstab: z.array(FstabEntrySchema).nullable(),
  /** What could not be read (e.g. no lsblk in the guest: only mounted filesystems are listed). */
  notes: z.array(z.string()),
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

/** Add the guest agent's virtio channel to a VM. */
export const AgentChannelRequestSchema = z.object({ domain: name, mode: z.enum(['live', 'persistent', 'both']).optional() }).strict();
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

// ---- checks shared by the wizard and the planner ----

/** The system directories themselves: the guest filesystems view does not offer to unmount what is mounted there. */
export const PROTECTED_MOUNTPOINTS = ['/', '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/proc', '/root', '/run', '/sbin', '/sys', '/tmp', '/usr', '/var'];

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

/** /var/mnt/x judged as /mnt/x (see above). */
function standsFor(mp: string): string {
  const hit = REAL_HOMES.find(([real]) => mp === real || mp.startsWith(`${real}/`));
  return hit ? hit[1] + mp.slice(hit[0].length) : mp;
}

/** A problem with a field: i18n key under mount.check.* plus values, and an English message. */
export interface MountCheck {
  key: string;
  values?: Record<string, string>;
  message: string;
}

// Letters and digits of any script, and . _ - + @ : , =
const MOUNTPOINT_CHAR = /^[\p{L}\p{N}._\-+@:,=/]+$/u;
const ONLY_CHARS = 'mountpoints may use letters, digits and . _ - + @ : , = only (fstab would need escapes, shells would need quoting)';

function badCharCheck(mp: string, shown: string): MountCheck {
  const bad = [...mp].find((c) => !MOUNTPOINT_CHAR.test(c)) ?? '';
  if (bad === ' ') return { key: 'space', values: { path: shown }, message: `"${shown}" contains a space: ${ONLY_CHARS}.` };
  if (isVisibleChar(bad)) return { key: 'chars', values: { path: shown, char: bad }, message: `"${shown}" contains ${JSON.stringify(bad)}: ${ONLY_CHARS}.` };
  const char = describeChar(bad);
  return { key: 'invisible', values: { path: shown, char }, message: `"${shown}" contains ${char}: ${ONLY_CHARS}.` };
}

/** How the path is written: absolute, plain, and in the characters fstab and shells take as they are. */
export function checkMountpointSyntax(mp: string): MountCheck | null {
  const shown = escapeUnseen(mp);
  if (!mp.startsWith('/')) return { key: 'relative', values: { path: shown }, message: `"${shown}" is not an absolute path: a mountpoint starts with "/", e.g. /mnt/data.` };
  const parts = mp.split('/').slice(1);
  if (parts.some((p) => p === '..' || p === '.')) return { key: 'dots', values: { path: shown }, message: `"${shown}" contains "." or "..": give the plain path, e.g. /mnt/data.` };
  if (mp.length > 1 && parts.some((p) => p === '')) return { key: 'slashes', values: { path: shown }, message: `"${shown}" has an empty part ("//" or a trailing "/"): write it as /mnt/data.` };
  if (!MOUNTPOINT_CHAR.test(mp)) return badCharCheck(mp, shown);
  if (mp.length > 1024) return { key: 'long', message: 'The mountpoint is longer than 1024 characters.' };
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
  if (mp === '/' || tree === mp) return { key: 'protected', values: { path: mp }, message: `Mounting over ${mp} would hide files the system needs. Choose a directory such as /mnt/data or /srv/data.` };
  if (tree) {
    return {
      key: 'system',
      values: { path: mp, tree },
      message: `${mp} is inside ${tree}, which belongs to the operating system: a filesystem mounted there hides or shadows files it needs. Choose a folder under /mnt, /media or /srv, e.g. /mnt/data.`,
    };
  }
  const hidden = parts.find((p) => p.startsWith('.'));
  if (hidden) {
    return {
      key: 'hidden',
      values: { path: mp, part: hidden },
      message: `${mp} goes through the hidden folder "${hidden}": hidden folders hold keys, settings and sockets (~/.ssh, ~/.config). Choose a visible folder, e.g. /mnt/data.`,
    };
  }
  if (SHARED_DIRS.includes(place) || (parts[0] === 'home' && parts.length === 2)) {
    return { key: 'shared', values: { path: mp }, message: `Mounting over ${mp} would hide the files users and programs keep there. Choose a folder inside it, e.g. ${mp}/data, or one under /mnt.` };
  }
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
  const there = checkMountpointPlace(resolved);
  if (!there) return null;
  const target = escapeUnseen(resolved);
  return { key: 'symlink', values: { path: given, target }, message: `${given} leads to ${target} through a symbolic link. ${there.message.replace(resolved, target)}` };
}

/** Options offered as switches; anything else must look like name or name=value. */
export const KNOWN_MOUNT_OPTIONS = ['ro', 'rw', 'noatime', 'relatime', 'nodiratime', 'discard', 'nofail', 'noexec', 'nosuid', 'nodev', 'sync', 'defaults', 'noauto', '_netdev'];
const OPTION = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*(=[A-Za-z0-9_.:/+-]+)?$/;

export function checkMountOptions(options: readonly string[]): MountCheck | null {
  for (const o of options) {
    if (!OPTION.test(o)) {
      return {
        key: 'option',
        values: { option: o },
        message: `Mount option ${JSON.stringify(o)} is not valid: give one option per entry, as name or name=value (letters, digits, _ . + - : /), without spaces, commas or quotes.`,
      };
    }
  }
  const set = new Set(options.map((o) => o.split('=')[0]));
  if (set.has('ro') && set.has('rw')) return { key: 'roRw', message: 'Options "ro" and "rw" contradict each other: keep one.' };
  if (set.has('atime') && set.has('noatime')) return { key: 'atime', message: 'Options "atime" and "noatime" contradict each other: keep one.' };
  if (set.has('relatime') && set.has('noatime')) return { key: 'relatime', message: 'Options "relatime" and "noatime" contradict each other: keep one.' };
  return null;
}

/** A filesystem label mkfs accepts for this type (ext4 16 bytes, xfs 12, btrfs 255, vfat 11 upper-case). */
export function checkLabel(type: MkfsType, label: string): MountCheck | null {
  const max = { ext4: 16, xfs: 12, btrfs: 255, vfat: 11 }[type];
  if (new TextEncoder().encode(label).length > max) return { key: 'labelLong', values: { max: String(max), type }, message: `A label for ${type} is at most ${max} bytes.` };
  if (!/^[\p{L}\p{N}._\-+@ ]*$/u.test(label)) return { key: 'labelChars', message: 'A label may use letters, digits, spaces and . _ - + @ only.' };
  if (type === 'vfat' && !/^[A-Z0-9_\- ]*$/.test(label)) return { key: 'labelVfat', message: 'A vfat label uses upper-case letters A-Z, digits, spaces, _ and - only.' };
  return null;
}
