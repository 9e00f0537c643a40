// The libvirt secret a network pool authenticates with: Ceph's cephx key
// (usage type ceph, found by its name) or an iSCSI CHAP password (usage type
// iscsi, found by its target). Private (libvirt never shows the value back),
// persistent; the value is set separately from standard input.
import { xmlEscape } from '../xml.ts';

export type PoolSecretUsage = { type: 'ceph'; name: string } | { type: 'iscsi'; target: string };

export function buildPoolSecretXml(uuid: string, usage: PoolSecretUsage, description: string): string {
  const inner = usage.type === 'ceph' ? `    <name>${xmlEscape(usage.name)}</name>` : `    <target>${xmlEscape(usage.target)}</target>`;
  return [
    "<secret ephemeral='no' private='yes'>",
    `  <uuid>${xmlEscape(uuid)}</uuid>`,
    `  <description>${xmlEscape(description)}</description>`,
    `  <usage type='${usage.type}'>`,
    inner,
    '  </usage>',
    '</secret>',
  ].join('\n') + '\n';
}
