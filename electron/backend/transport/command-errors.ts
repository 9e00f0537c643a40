// Turns a failed command's output into a typed error with a hint. The patterns
// are the messages virsh, sudo and the shells really print (see the golden
// samples in testdata/errors.json).
import { SpindleError } from '../../../shared/core/errors.ts';
import type { RunResult } from './runner.ts';

/** Which Debian / Fedora package provides each program Spindle runs. */
export const PROVIDING_PACKAGE: Record<string, { debian: string; fedora: string }> = {
  virsh: { debian: 'libvirt-clients', fedora: 'libvirt-client' },
  'qemu-img': { debian: 'qemu-utils', fedora: 'qemu-img' },
  'qemu-nbd': { debian: 'qemu-utils', fedora: 'qemu-img' },
  'qemu-storage-daemon': { debian: 'qemu-system-common', fedora: 'qemu-storage-daemon' },
  sudo: { debian: 'sudo', fedora: 'sudo' },
  lvs: { debian: 'lvm2', fedora: 'lvm2' },
  zfs: { debian: 'zfsutils-linux', fedora: 'zfs' },
  rbd: { debian: 'ceph-common', fedora: 'ceph-common' },
  iscsiadm: { debian: 'open-iscsi', fedora: 'iscsi-initiator-utils' },
  mount: { debian: 'mount', fedora: 'util-linux' },
  losetup: { debian: 'mount', fedora: 'util-linux' },
};

export function commandNotFound(program: string, where: string): SpindleError {
  const pkg = PROVIDING_PACKAGE[program];
  const hint = pkg
    ? `Install it on ${where}: "apt-get install ${pkg.debian}" (Debian/Ubuntu) or "dnf install ${pkg.fedora}" (Fedora/RHEL).`
    : `Install ${program} on ${where} or check that it is on the PATH.`;
  return new SpindleError('COMMAND_NOT_FOUND', `${program} was not found on ${where}.`, hint, { program });
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

/** Maps a libvirt/virsh error message to its typed error (null if not recognised). */
export function mapVirshError(stderr: string, where: string): SpindleError | null {
  const text = stderr.trim();
  if (!text) return null;
  if (LIBVIRT_PERMISSION.some((re) => re.test(text))) {
    return new SpindleError(
      'PERMISSION_DENIED',
      `Permission denied talking to libvirt on ${where}.`,
      'Add the user to group "libvirt" (then log in again), or enable "Use sudo" for this host with a NOPASSWD sudo rule for virsh. ' +
        'Without a D-Bus system bus, polkit cannot authorise: set unix_sock_group = "libvirt", unix_sock_rw_perms = "0770" and auth_unix_rw = "none" in /etc/libvirt/libvirtd.conf and restart libvirtd.',
      { stderr: text },
    );
  }
  if (LIBVIRTD_DOWN.some((re) => re.test(text))) {
    return new SpindleError(
      'LIBVIRTD_NOT_RUNNING',
      `libvirtd is not running on ${where}.`,
      'Start it ("systemctl start libvirtd", or "libvirtd -d" where no init system runs) and try again.',
      { stderr: text },
    );
  }
  if (/cannot acquire state change lock|is already in the process of unplug|Device [^ ]+ is busy|guest unplug/i.test(text)) {
    return new SpindleError(
      'GUEST_BUSY',
      firstErrorLine(text),
      'The VM is busy with another change, or the guest has not let go of the device yet (a mounted filesystem, or a guest without hot-unplug support). Wait a few seconds and retry; unmount it in the guest first if it is mounted.',
      { stderr: text },
    );
  }
  if (/Guest agent is not responding|QEMU guest agent is not connected|guest agent is not configured/i.test(text)) {
    return new SpindleError(
      'AGENT_UNAVAILABLE',
      firstErrorLine(text),
      'Install and start the QEMU guest agent in the guest (package qemu-guest-agent), and give the VM an org.qemu.guest_agent.0 channel.',
      { stderr: text },
    );
  }
  if (/Domain not found|failed to get domain/.test(text)) {
    return new SpindleError('UNKNOWN_DOMAIN', firstErrorLine(text), 'Refresh the inventory: the VM may have been renamed or removed.', { stderr: text });
  }
  if (/Storage pool not found|failed to get pool/.test(text)) {
    return new SpindleError('UNKNOWN_POOL', firstErrorLine(text), 'Refresh the inventory: the pool may have been removed.', { stderr: text });
  }
  if (/Storage volume not found|failed to get vol/.test(text)) {
    return new SpindleError('UNKNOWN_VOLUME', firstErrorLine(text), 'Refresh the pool: the volume may have been removed.', { stderr: text });
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
    return new SpindleError(
      'SUDO_PASSWORD_REQUIRED',
      `sudo on ${where} asked for a password; Spindle never types one.`,
      `Add a NOPASSWD sudo rule for this user (e.g. "user ALL=(root) NOPASSWD: /usr/bin/virsh" via visudo), or connect as root.`,
      { stderr: stderr.trim() },
    );
  }
  if (result.code === 127) {
    for (const re of NOT_FOUND) {
      const m = re.exec(stderr);
      if (m) return commandNotFound(m[1] ?? program, where);
    }
    return commandNotFound(program, where);
  }
  const mapped = program === 'virsh' ? mapVirshError(stderr, where) : null;
  if (mapped) return mapped;
  const text = stderr.trim() || result.stdout.trim();
  return new SpindleError(
    'COMMAND_FAILED',
    `${program} failed on ${where} (exit ${result.code ?? 'signal'}): ${firstErrorLine(text) || 'no output'}`,
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
