// The disks feature in the service: attach, detach, resize and CD-ROM plans,
// the attach choices of a VM, and its live and saved XML (for the diff).
import { isActive } from '../../../../shared/core/domain-rules.ts';
import type { AttachSource } from '../../../../shared/contract/features/disks.ts';
import { virsh } from '../../libvirt/commands.ts';
import { attachChoices } from '../../libvirt/domcaps.ts';
import { findDomain } from '../../plan/lookup.ts';
import type { HostSession } from '../../session/host-session.ts';
import { defineFeature } from '../feature.ts';
import { hostPathFacts, type HostPathFacts } from '../files/index.ts';
import { planCdrom } from './cdrom.ts';
import { needsPoolSpec, planAttachDisk, planDetachDisk } from './disk-attach.ts';
import { parsePoolSpec, type PoolSpec } from '../../libvirt/model/pool-xml.ts';
import { planResizeDisk } from './disk-resize.ts';
import type { DisksMethod, DisksOperationKind } from '../../../../shared/contract/features/disks.ts';

/**
 * A file, ISO or block source as the host sees it: one stat through the
 * host's own runner (SSH and sudo included). Not for libvirt's test driver,
 * whose disks exist only inside it, nor for a URI naming another machine
 * (qemu+ssh://other/...), whose files the runner cannot see.
 */
async function attachSourceFacts(session: HostSession, source: AttachSource): Promise<HostPathFacts | null> {
  if (source.kind !== 'file' && source.kind !== 'iso' && source.kind !== 'block') return null;
  if (!/^[a-z0-9+]+:\/\/\//i.test(session.config.uri) || session.config.uri.startsWith('test:')) return null;
  return hostPathFacts(session.runner, session.config.sudo, source.kind === 'block' ? source.dev : source.path);
}

export const disksFeature = defineFeature<DisksMethod, DisksOperationKind>('disks', (host) => ({
  handlers: {
    'disk.choices': async ({ host: name, domain }) => {
      const { session, inv } = await host.loaded(name);
      const dom = findDomain(inv, domain);
      return attachChoices(session.virsh, dom.name, isActive(dom.state));
    },
    'domain.xml': async ({ host: name, domain }) => {
      const { session, inv } = await host.loaded(name);
      const dom = findDomain(inv, domain);
      const [live, config] = await Promise.all([
        isActive(dom.state) ? session.virsh.exec(virsh.dumpxml(dom.name)) : Promise.resolve(null),
        session.virsh.exec(virsh.dumpxml(dom.name, { inactive: true })),
      ]);
      return { live, config };
    },
  },
  planners: {
    'disk.attach': async (session, inv, req) => {
      const dom = findDomain(inv, req.domain);
      // The VM's domain capabilities and the source as the host sees it are checked too;
      // an rbd or iscsi-direct volume's network disk is built from its pool's XML.
      const pool = needsPoolSpec(inv, req.source);
      const [choices, sourceFacts, poolSpec] = await Promise.all([
        attachChoices(session.virsh, dom.name, isActive(dom.state)),
        attachSourceFacts(session, req.source),
        pool ? session.virsh.exec(virsh.poolDumpxml(pool)).then(parsePoolSpec) : Promise.resolve<PoolSpec | null>(null),
      ]);
      return planAttachDisk(inv, session.config.uri, req, { choices, ...(sourceFacts ? { sourceFacts } : {}), ...(poolSpec ? { poolSpec } : {}) });
    },
    'disk.detach': (session, inv, req) => planDetachDisk(inv, session.config.uri, req),
    'disk.resize': (session, inv, req) => planResizeDisk(inv, session.config.uri, req),
    cdrom: (session, inv, req) => planCdrom(inv, session.config.uri, req),
  },
}));
