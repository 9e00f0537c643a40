// What the attach wizard may offer a VM: the disk buses and devices its
// emulator and machine type support (virsh domcapabilities, as virt-manager
// asks), whether it has a USB controller, and whether <os><boot> rules out
// per-disk boot order.
import { type AttachChoices } from '../../../shared/contract/features/disks.ts';
import { DISK_BUSES, DISK_DEVICES } from '../../../shared/contract/ops.ts';
import { virsh as cmd } from './commands.ts';
import { nextFreeTarget } from './model/disk-xml.ts';
import type { VirshExecutor } from './virsh.ts';
import { attr, child, children, parseXml, text } from './xml.ts';

export interface DomainPlatform {
  virttype: string;
  arch: string;
  machine: string;
  emulator: string;
  usbController: boolean;
  osBootOrder: boolean;
  targets: string[];
}

export function parseDomainPlatform(xml: string): DomainPlatform {
  const dom = child(parseXml(xml), 'domain');
  const os = child(dom, 'os');
  const type = child(os, 'type');
  const devices = child(dom, 'devices');
  return {
    virttype: attr(dom, 'type') ?? 'kvm',
    arch: attr(type, 'arch') ?? 'x86_64',
    machine: attr(type, 'machine') ?? '',
    emulator: text(child(devices, 'emulator')) ?? '',
    usbController: children(devices, 'controller').some((c) => attr(c, 'type') === 'usb' && attr(c, 'model') !== 'none'),
    osBootOrder: children(os, 'boot').length > 0,
    targets: children(devices, 'disk')
      .map((d) => attr(child(d, 'target'), 'dev'))
      .filter((t): t is string => !!t),
  };
}

/** The <disk> enums of a domcapabilities document. */
export function parseDiskCapabilities(xml: string): { buses: string[]; devices: string[] } {
  const disk = child(child(child(parseXml(xml), 'domainCapabilities'), 'devices'), 'disk');
  const values = (name: string): string[] =>
    children(disk, 'enum')
      .filter((e) => attr(e, 'name') === name)
      .flatMap((e) => children(e, 'value').map((v) => text(v) ?? ''))
      .filter(Boolean);
  return { buses: values('bus'), devices: values('diskDevice') };
}

const capsCache = new Map<string, { buses: string[]; devices: string[] }>();

export async function attachChoices(virsh: VirshExecutor, domain: string, running: boolean): Promise<AttachChoices> {
  // The live XML when running (what hot-plug meets), and the saved one for its targets too.
  const [live, saved] = await Promise.all([
    virsh.exec(cmd.dumpxml(domain)),
    running ? virsh.exec(cmd.dumpxml(domain, { inactive: true })) : Promise.resolve(''),
  ]);
  const p = parseDomainPlatform(live);
  const used = new Set([...p.targets, ...(saved ? parseDomainPlatform(saved).targets : [])]);
  const key = `${virsh.uri}|${p.virttype}|${p.arch}|${p.machine}|${p.emulator}`;
  let caps = capsCache.get(key);
  if (!caps) {
    try {
      caps = parseDiskCapabilities(await virsh.exec(cmd.domcapabilities(p)));
      capsCache.set(key, caps);
    } catch {
      // Drivers without domain capabilities (the test driver): the buses every QEMU has.
      caps = { buses: ['virtio', 'scsi', 'sata'], devices: ['disk', 'cdrom', 'lun'] };
    }
  }
  const buses = DISK_BUSES.filter((b) => caps.buses.includes(b));
  const devices = DISK_DEVICES.filter((d) => caps.devices.includes(d));
  const nextTargets: Record<string, string> = {};
  for (const b of buses) nextTargets[b] = nextFreeTarget(b, used);
  return { buses, devices, usbController: p.usbController, osBootOrder: p.osBootOrder, nextTargets, running };
}
