// The libvirt secret a network pool authenticates with: Ceph's cephx key
// (usage type ceph, found by its name) or an iSCSI CHAP password (usage type
// iscsi, found by its target). Persistent; the value is set separately from
// standard input. A CHAP password is private (libvirt never shows it back). A
// cephx key is not: pool.usage reads it back (secret-get-value, into ceph's
// environment, never a command line) to run `ceph df` as the pool's own user,
// as Ceph's own libvirt guide defines it; only clients with root-equivalent
// access to qemu:///system can read it, and root can read libvirt's secret files anyway.
import { xmlEscape } from '../xml.ts';

export type PoolSecretUsage = { type: 'ceph'; name: string } | { type: 'iscsi'; target: string };

export function buildPoolSecretXml(uuid: string, usage: PoolSecretUsage, description: string): string {
  const inner = usage.type === 'ceph' ? `    <name>${xmlEscape(usage.name)}</name>` : `    <target>${xmlEscape(usage.target)}</target>`;
  return [
    `<secret ephemeral='no' private='${usage.type === 'ceph' ? 'no' : 'yes'}'>`,
    `  <uuid>${xmlEscape(uuid)}</uuid>`,
    `  <description>${xmlEscape(description)}</description>`,
    `  <usage type='${usage.type}'>`,
    inner,
    '  </usage>',
    '</secret>',
  ].join('\n') + '\n';
}
