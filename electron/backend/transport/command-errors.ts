// Turns a failed command's output into a typed error with a hint. The patterns
// are the messages virsh, sudo and the shells really print (see the golden
// samples in testdata/errors.json).
import { SpindleError } from '../../../shared/core/errors.ts';
import { msg } from '../../../shared/core/messages.ts';
import { place } from './place.ts';
import type { RunResult } from './runner.ts';

/** Which Debian / Fedora package provides each program Spindle runs. */
export const PROVIDING_PACKAGE: Record<string, { debian: string; fedora: string }> = {
  virsh: { debian: 'libvirt-clients', fedora: 'libvirt-client' },
  'qemu-img': { debian: 'qemu-utils', fedora: 'qemu-img' },
  'qemu-nbd': { debian: 'qemu-utils', fedora: 'qemu-img' },
  'qemu-storage-daemon': { debian: 'qemu-system-common', fedora: 'qemu-storage-daemon' },
  sudo: { debian: 'sudo', fedora: 'sudo' },
  lvs: { debian: 'lvm2', fedora: 'lvm2' },
  vgs: { debian: 'lvm2', fedora: 'lvm2' },
  pvs: { debian: 'lvm2', fedora: 'lvm2' },
  zpool: { debian: 'zfsutils-linux', fedora: 'zfs' },
  ceph: { debian: 'ceph-common', fedora: 'ceph-common' },
  zfs: { debian: 'zfsutils-linux', fedora: 'zfs' },
  rbd: { debian: 'ceph-common', fedora: 'ceph-common' },
  iscsiadm: { debian: 'open-iscsi', fedora: 'iscsi-initiator-utils' },
  mount: { debian: 'mount', fedora: 'util-linux' },
  losetup: { debian: 'mount', fedora: 'util-linux' },
  parted: { debian: 'parted', fedora: 'parted' },
  lvcreate: { debian: 'lvm2', fedora: 'lvm2' },
};

/** The mount helper of each netfs format, by package (mount(8) needs it in /sbin). */
export const MOUNT_HELPERS: Record<string, { debian: string; fedora: string }> = {
  nfs: { debian: 'nfs-common', fedora: 'nfs-utils' },
  cifs: { debian: 'cifs-utils', fedora: 'cifs-utils' },
  glusterfs: { debian: 'glusterfs-client', fedora: 'glusterfs-fuse' },
};

export function commandNotFound(program: string, where: string): SpindleError {
  const pkg = PROVIDING_PACKAGE[program];
  return pkg
    ? SpindleError.of('COMMAND_NOT_FOUND', 'transport.commandNotFound', { program, where: place(where), debian: pkg.debian, fedora: pkg.fedora }, undefined, { program })
    : SpindleError.of('COMMAND_NOT_FOUND', 'transport.programNotFound', { program, where: place(where) }, undefined, { program });
}

const SUDO_PASSWORD = /sudo: (a password is required|a terminal is required|no tty present)/;
const NOT_FOUND = [
  /^(?:sh|bash|dash|zsh)?:?\s*(?:\d+:\s*)?(?:line \d+:\s*)?(\S+): (?:command )?not found\s*$/m,
  /^sudo: (\S+): command not found\s*$/m,
];
const LIBVIRTD_DOWN = [
  /Failed to connect socket to '[^']*': (No such file or directory|Connection refused)/,
  /failed to connect to the hypervisor[\s\S]*(No such file or directory|Connection refused)/,
];
const LIBVIRT_PERMISSION = [
  /Failed to connect socket to '[^']*': Permission denied/,
  /authentication unavailable/,
  /Unable to get system bus connection/,
  /access denied by policy/,
  /polkit/,
];

// LVM on a host without the kernel's device-mapper (a container, some VPSes):
// lvcreate prints these, and libvirt's logical backend passes them on (real
// stderr: libvirt/testdata/pool-errors). A present device-mapper that lacks a
// target (thin-pool, raid) names it instead.
const NO_DEVICE_MAPPER = /\/dev\/mapper\/control: open failed|Failure to communicate with kernel device-mapper driver/;
const NO_DM_TARGET = /(\S+): Required device-mapper target\(s\) not detected/;

/** LVM's own words for a missing device-mapper or dm target, from lvcreate or passed on by libvirt: one typed error for both. */
function deviceMapperError(stderr: string, program: string, where: string): SpindleError | null {
  const dm = NO_DEVICE_MAPPER.test(stderr) ? 'device-mapper' : NO_DM_TARGET.exec(stderr)?.[1];
  if (dm === undefined) return null;
  const details = { stderr: stderr.trim(), missing: dm === 'device-mapper' ? dm : `dm-${dm}` };
  if (dm === 'device-mapper') return SpindleError.of('COMMAND_FAILED', 'transport.noDeviceMapper', { program, where: place(where) }, undefined, details);
  return SpindleError.of('COMMAND_FAILED', 'transport.noDmTarget', { program, where: place(where), target: dm }, undefined, details);
}

/** Maps a libvirt/virsh error message to its typed error (null if not recognised). */
export function mapVirshError(stderr: string, where: string): SpindleError | null {
  const text = stderr.trim();
  if (!text) return null;
  if (LIBVIRT_PERMISSION.some((re) => re.test(text))) {
    return SpindleError.of('PERMISSION_DENIED', 'transport.libvirtPermission', { where: place(where) }, undefined, { stderr: text });
  }
  if (LIBVIRTD_DOWN.some((re) => re.test(text))) {
    return SpindleError.of('LIBVIRTD_NOT_RUNNING', 'transport.libvirtdDown', { where: place(where) }, undefined, { stderr: text });
  }
  if (/cannot acquire state change lock|is already in the process of unplug|Device [^ ]+ is busy|guest unplug/i.test(text)) {
    return SpindleError.of('GUEST_BUSY', 'transport.guestBusy', { error: firstErrorLine(text) }, undefined, { stderr: text });
  }
  if (/Guest agent is not responding|QEMU guest agent is not connected|guest agent is not configured/i.test(text)) {
    return SpindleError.of('AGENT_UNAVAILABLE', 'transport.agentUnavailable', { error: firstErrorLine(text) }, undefined, { stderr: text });
  }
  if (/Domain not found|failed to get domain/.test(text)) {
    return SpindleError.of('UNKNOWN_DOMAIN', 'transport.unknownDomain', { error: firstErrorLine(text) }, undefined, { stderr: text });
  }
  if (/Storage pool not found|failed to get pool/.test(text)) {
    return SpindleError.of('UNKNOWN_POOL', 'transport.unknownPool', { error: firstErrorLine(text) }, undefined, { stderr: text });
  }
  const trap = mapStorageTrap(text, 'virsh', where);
  if (trap) return trap;
  if (/Storage volume not found|failed to get vol/.test(text)) {
    return SpindleError.of('UNKNOWN_VOLUME', 'transport.unknownVolume', { error: firstErrorLine(text) }, undefined, { stderr: text });
  }
  return null;
}

/**
 * Storage back-end failures with a known cause, as libvirt passes on what its
 * helpers printed (golden samples: libvirt/testdata/pool-errors): lvcreate on
 * a host without device-mapper, vol-delete of a disk pool's p-named partition,
 * a netfs mount without its helper or kernel support.
 */
export function mapStorageTrap(text: string, program = 'virsh', where = ''): SpindleError | null {
  const dm = deviceMapperError(text, program, where);
  if (dm) return dm;
  const part = /parted (\/dev\/\S+) rm --script p(\d+)\)[^\n]*Partition doesn't exist/.exec(text);
  if (part) {
    return SpindleError.of('COMMAND_FAILED', 'pools.trap.partitionDelete', { device: part[1]!, number: Number(part[2]) }, undefined, { stderr: text, device: part[1]!, partition: part[2]! });
  }
  // With format auto libvirt gives mount no -t, and mount takes host:/dir for nfs.
  const mount = /unknown filesystem type '(nfs|cifs|glusterfs)'/.exec(text) ?? /-t (nfs|cifs|glusterfs) [\s\S]*?need a \/sbin\/mount\./.exec(text);
  if (mount) {
    const type = mount[1]!;
    const pkg = MOUNT_HELPERS[type]!;
    return SpindleError.of('COMMAND_FAILED', 'pools.trap.mountFailed', { type, debian: pkg.debian, fedora: pkg.fedora, error: firstErrorLine(text) }, undefined, { stderr: text });
  }
  return null;
}

/** virsh prints "error: <what failed>" then "error: <why>": keep both. */
function firstErrorLine(text: string): string {
  const errors = text
    .split('\n')
    .filter((l) => l.startsWith('error:'))
    .map((l) => l.replace(/^error:\s*/, '').trim())
    .filter(Boolean);
  if (errors.length) return errors.slice(0, 2).join(': ');
  return (text.split('\n')[0] ?? text).trim();
}

/**
 * Raises the typed error for a failed command, or returns the result when it
 * succeeded. `program` is the program the caller asked for (sudo stripped).
 */
export function checkResult(result: RunResult, program: string, where: string): RunResult {
  if (result.code === 0) return result;
  const err = classifyFailure(result, program, where);
  throw err;
}

export function classifyFailure(result: RunResult, program: string, where: string): SpindleError {
  const stderr = result.stderr;
  if (SUDO_PASSWORD.test(stderr)) {
    return SpindleError.of('SUDO_PASSWORD_REQUIRED', 'transport.sudoPassword', { where: place(where) }, undefined, { stderr: stderr.trim() });
  }
  if (result.code === 127) {
    for (const re of NOT_FOUND) {
      const m = re.exec(stderr);
      if (m) return commandNotFound(m[1] ?? program, where);
    }
    return commandNotFound(program, where);
  }
  const mapped = program === 'virsh' ? mapVirshError(stderr, where) : mapStorageTrap(stderr.trim(), program, where);
  if (mapped) return mapped;
  const text = stderr.trim() || result.stdout.trim();
  return SpindleError.of(
    'COMMAND_FAILED',
    'transport.commandFailed',
    { program, where: place(where), exit: result.code === null ? msg('transport.exitSignal') : msg('transport.exitCode', { code: result.code }), error: firstErrorLine(text) || msg('transport.noOutput') },
    undefined,
    { stderr: stderr.trim(), exitCode: String(result.code) },
  );
}

/**
 * Errors that say the host (or its libvirtd) went away rather than that a
 * command failed: a watched host reconnects after these. A TIMEOUT is not
 * one: a slow command (a guest agent call) says nothing about the link.
 */
export function isLinkLoss(e: SpindleError): boolean {
  return e.code === 'DISCONNECTED' || e.code === 'UNREACHABLE' || e.code === 'LIBVIRTD_NOT_RUNNING';
}
