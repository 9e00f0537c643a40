// Volume XML built from typed options. virsh's own vol-create-as pastes the
// name into XML unescaped (libvirt 9.0: a name with '&' fails with
// "xmlParseEntityRef: no name"), so Spindle writes the XML itself.
import { validateName } from '../../../../shared/core/validation.ts';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export interface VolumeSpec {
  name: string;
  capacityBytes: number;
  format?: 'raw' | 'qcow2';
  allocationBytes?: number;
  backing?: { path: string; format: string };
  /** LUKS encryption with the passphrase held by this libvirt secret. */
  encryptionSecretUuid?: string;
}

/** A private, persistent libvirt secret for one volume's LUKS passphrase (the value is set separately). */
export function buildVolumeSecretXml(uuid: string, volumePath: string, description: string): string {
  return [
    "<secret ephemeral='no' private='yes'>",
    `  <uuid>${xmlEscape(uuid)}</uuid>`,
    `  <description>${xmlEscape(description)}</description>`,
    "  <usage type='volume'>",
    `    <volume>${xmlEscape(volumePath)}</volume>`,
    '  </usage>',
    '</secret>',
  ].join('\n') + '\n';
}

export function buildVolumeXml(spec: VolumeSpec): string {
  validateName('volume', spec.name);
  if (!Number.isSafeInteger(spec.capacityBytes) || spec.capacityBytes <= 0) throw new RangeError('capacity must be a positive whole number of bytes');
  const lines = [
    '<volume>',
    `  <name>${xmlEscape(spec.name)}</name>`,
    `  <capacity unit='bytes'>${spec.capacityBytes}</capacity>`,
    `  <allocation unit='bytes'>${spec.allocationBytes ?? 0}</allocation>`,
    '  <target>',
    `    <format type='${xmlEscape(spec.format ?? 'raw')}'/>`,
  ];
  if (spec.encryptionSecretUuid) {
    lines.push("    <encryption format='luks'>", `      <secret type='passphrase' uuid='${xmlEscape(spec.encryptionSecretUuid)}'/>`, '    </encryption>');
  }
  lines.push('  </target>');
  if (spec.backing) {
    lines.push('  <backingStore>', `    <path>${xmlEscape(spec.backing.path)}</path>`, `    <format type='${xmlEscape(spec.backing.format)}'/>`, '  </backingStore>');
  }
  lines.push('</volume>');
  return lines.join('\n') + '\n';
}
