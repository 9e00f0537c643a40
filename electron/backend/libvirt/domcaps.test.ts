import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseDiskCapabilities, parseDomainPlatform } from './domcaps.ts';

const here = new URL('.', import.meta.url).pathname;

test('disk buses and devices from a real domcapabilities (libvirt 9.0, q35)', () => {
  const caps = parseDiskCapabilities(readFileSync(`${here}testdata/domcapabilities-q35.xml`, 'utf8'));
  assert.deepEqual(caps.buses.sort(), ['fdc', 'sata', 'scsi', 'usb', 'virtio']);
  assert.ok(caps.devices.includes('lun') && caps.devices.includes('cdrom'));
});

test('the platform of a domain: emulator, machine, USB controller, <os><boot>', () => {
  const p = parseDomainPlatform(`<domain type='kvm'><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type><boot dev='hd'/></os>
    <devices><emulator>/usr/bin/qemu-system-x86_64</emulator><disk><target dev='vda'/></disk><controller type='usb' index='0' model='none'/></devices></domain>`);
  assert.deepEqual(p, { virttype: 'kvm', arch: 'x86_64', machine: 'pc-q35-7.2', emulator: '/usr/bin/qemu-system-x86_64', usbController: false, osBootOrder: true, targets: ['vda'] });
  assert.equal(parseDomainPlatform(`<domain type='kvm'><os/><devices><controller type='usb' model='qemu-xhci'/></devices></domain>`).usbController, true);
});
