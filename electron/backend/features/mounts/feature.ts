// The mounts feature in the service: guest filesystems through the agent,
// images mounted on hosts (recorded, pruned when gone, unmounted on exit).
import { defineFeature, type FeatureHost, type Planners } from '../feature.ts';
import { executePlan } from '../../plan/run-plan.ts';
import { guestFsInfo } from './agent.ts';
import { guestBlockDevs } from './blockdevs.ts';
import { planAgentChannelOp, planGrowFs, planGuestMountOp, planGuestUmount } from './guest-planning.ts';
import { imagePartitions, planHostMount, planHostUmount, umountPlanFor } from './host-mount.ts';
import { HostMountRegistry, mountedPaths } from './mounts.ts';
import { findDomain } from '../../plan/lookup.ts';
import type { MountsMethod, MountsOperationKind } from '../../../../shared/contract/features/mounts.ts';


/** The planners of the mount operations, host mounts recorded in `mounts`. */
export function mountPlanners(mounts: HostMountRegistry): Planners<MountsOperationKind> {
  return {
    'guest.growfs': (session, inv, req) => planGrowFs(session, inv, req),
    'guest.mount': (session, inv, req) => planGuestMountOp(session, inv, req),
    'guest.umount': (session, inv, req) => planGuestUmount(session, inv, req),
    'guest.agentChannel': (session, inv, req) => planAgentChannelOp(session, inv, req),
    'host.mount': (session, inv, req) => planHostMount(session, inv, req, { mounts }),
    'host.umount': (session, _inv, req) => planHostUmount(session, req, mounts),
  };
}

/**
 * Forgets recorded mounts that are no longer mounted (the host rebooted, or
 * someone unmounted by hand), and the empty mountpoints Spindle made for them:
 * one read of /proc/mounts per connected host.
 */
async function pruneMounts(host: FeatureHost, mounts: HostMountRegistry, only?: string): Promise<void> {
  const hosts = new Set(mounts.list(only).map((m) => m.host));
  for (const h of hosts) {
    const s = host.sessions().get(h);
    if (!s) continue;
    const r = await s.runner.run(['cat', '/proc/mounts'], { timeoutMs: 10_000 }).catch(() => null);
    if (!r || r.code !== 0) continue;
    const mounted = mountedPaths(r.stdout);
    for (const m of mounts.list(h)) {
      if (mounted.has(m.mountpoint)) continue;
      // The folder Spindle made for it goes too (rmdir: only while empty), as the unmount would have removed it.
      if (m.ownMountpoint) await s.runner.run(['rmdir', '--', m.mountpoint], { sudo: s.config.sudo, timeoutMs: 10_000 }).catch(() => null);
      await mounts.remove(m.id);
    }
  }
}

export const mountsFeature = defineFeature<MountsMethod, MountsOperationKind>('mounts', (host) => {
  const mounts = new HostMountRegistry(host.configDir);
  return {
    handlers: {
      'guest.fsinfo': async ({ host: name, domain }) => {
        const { session, inv } = await host.loaded(name);
        return guestFsInfo(session, findDomain(inv, domain).name);
      },
      'guest.blockdevs': async ({ host: name, domain }) => {
        const { session, inv } = await host.loaded(name);
        return guestBlockDevs(session, findDomain(inv, domain).name);
      },
      'host.mounts': async ({ host: name }) => {
        await pruneMounts(host, mounts, name);
        return mounts.list(name).map((m) => HostMountRegistry.view(m));
      },
      'host.imagePartitions': async ({ host: name, source }) => {
        const { session, inv } = await host.loaded(name);
        return imagePartitions(session, inv, source);
      },
    },
    planners: mountPlanners(mounts),
    init: () => mounts.load(),
    /** Unmounts what host.mount mounted: best effort, one host at a time, each mount's own plan. */
    close: async () => {
      for (const m of mounts.list()) {
        const s = host.sessions().get(m.host);
        if (!s) continue;
        const plan = umountPlanFor(m, mounts);
        const out = await executePlan(s, plan).catch(() => null);
        if (out?.state === 'succeeded') await plan.onSucceeded?.().catch(() => undefined);
      }
    },
  };
});
