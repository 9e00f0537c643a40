// The QEMU guest agent, reached through `virsh qemu-agent-command`: guest
// filesystems (guest-get-fsinfo) matched to the VM's disks, and commands run
// inside the guest (guest-exec, then guest-exec-status until it exits).
import { toSpindleError } from '../../../../shared/core/errors.ts';
import type { GuestFs } from '../../../../shared/contract/features/mounts.ts';
import type { HostSession } from '../../session/host-session.ts';
import { attr, child, children, childText, parseXml } from '../../libvirt/xml.ts';
import { virsh } from '../../libvirt/commands.ts';
import { agentCommand } from '../../libvirt/guest-agent.ts';
import { domainNamed } from '../../../../shared/contract/inventory-lookup.ts';
// The guest-exec protocol lives in libvirt/guest-agent.ts; re-exported for this feature's files.
export { agentArgv, agentCommand, guestExecArgs, runInGuest, waitGuestExec, type GuestExecResult } from '../../libvirt/guest-agent.ts';

export interface PciAddress {
  domain: number;
  bus: number;
  slot: number;
  function: number;
}

export interface DiskAddress {
  target: string;
  serial?: string;
  pci?: PciAddress;
}

/** Each disk's target, serial and PCI address in the live domain XML. */
export function parseDiskAddresses(domainXml: string): DiskAddress[] {
  const devices = child(child(parseXml(domainXml), 'domain'), 'devices');
  return children(devices, 'disk').flatMap((d) => {
    const target = attr(child(d, 'target'), 'dev');
    if (!target) return [];
    const out: DiskAddress = { target };
    const serial = childText(d, 'serial');
    if (serial) out.serial = serial;
    const a = child(d, 'address');
    if (a && attr(a, 'type') === 'pci') {
      const n = (k: string): number => Number.parseInt(attr(a, k) ?? '0', 16);
      out.pci = { domain: n('domain'), bus: n('bus'), slot: n('slot'), function: n('function') };
    }
    return [out];
  });
}

interface AgentDisk {
  serial?: string;
  dev?: string;
  'bus-type'?: string;
  'pci-controller'?: PciAddress;
}

export interface AgentFs {
  name: string;
  mountpoint: string;
  type: string;
  'used-bytes'?: number;
  'total-bytes'?: number;
  disk?: AgentDisk[];
}

/**
 * Which VM disk an agent disk is: its serial when set, else its PCI address
 * (exact for virtio), else the guest's device name. Guest names are the last
 * resort: after hot-plugging, libvirt's vdf can be the guest's /dev/vdc.
 */
export function matchAgentDisk(d: AgentDisk, disks: DiskAddress[]): string | undefined {
  if (d.serial) {
    const bySerial = disks.find((x) => x.serial === d.serial);
    if (bySerial) return bySerial.target;
  }
  const p = d['pci-controller'];
  if (p && d['bus-type'] === 'virtio') {
    const byPci = disks.find((x) => x.pci && x.pci.domain === p.domain && x.pci.bus === p.bus && x.pci.slot === p.slot && x.pci.function === p.function);
    if (byPci) return byPci.target;
  }
  const name = d.dev?.replace(/^\/dev\//, '');
  return name && disks.some((x) => x.target === name) ? name : undefined;
}

export function parseFsInfo(json: string, disks: DiskAddress[]): GuestFs['filesystems'] {
  return fsFromAgent((JSON.parse(json) as { return?: AgentFs[] }).return ?? [], disks);
}

/** guest-get-fsinfo's answer, each filesystem with the VM disks it sits on. */
export function fsFromAgent(list: readonly AgentFs[], disks: DiskAddress[]): GuestFs['filesystems'] {
  return list.map((f) => {
    const out: GuestFs['filesystems'][number] = {
      mountpoint: f.mountpoint,
      type: f.type,
      // name is the kernel's block device of the filesystem itself (vdc1 on a partition of vdc).
      device: `/dev/${f.name}`,
      targets: [...new Set((f.disk ?? []).map((d) => matchAgentDisk(d, disks)).filter((t): t is string => !!t))],
    };
    const disk = f.disk?.[0]?.dev;
    if (disk && disk.replace(/^\/dev\//, '') !== f.name) out.parentDevice = disk;
    if (typeof f['used-bytes'] === 'number') out.usedBytes = f['used-bytes'];
    if (typeof f['total-bytes'] === 'number') out.totalBytes = f['total-bytes'];
    return out;
  });
}

/**
 * Filesystems mounted in a running guest, each with the VM disks it sits on.
 * `xml` is the live domain XML when the caller has read it already.
 */
export async function guestFsInfo(session: HostSession, domain: string, xml?: string): Promise<GuestFs> {
  const running = domainNamed(session.getInventory()?.domains, domain);
  if (running && running.state !== 'running') return { agent: 'not-running', filesystems: [] };
  xml ??= await session.virsh.exec(virsh.dumpxml(domain));
  try {
    const list = await agentCommand<AgentFs[] | undefined>(session, domain, 'guest-get-fsinfo');
    return { agent: 'ok', filesystems: fsFromAgent(list ?? [], parseDiskAddresses(xml)) };
  } catch (e) {
    const err = toSpindleError(e);
    const text = `${err.message} ${err.details?.stderr ?? ''}`;
    // "not supported by the connection driver": libvirt's test driver (the Demo host) has no agent at all.
    if (/not configured|not supported by the connection driver/i.test(text)) return { agent: 'missing', filesystems: [] };
    if (/not responding|not connected|timed out|Timed out/i.test(text)) return { agent: 'unresponsive', filesystems: [] };
    if (/not running/i.test(text)) return { agent: 'not-running', filesystems: [] };
    throw err;
  }
}
