// The face of the mounts feature: what the rest of Spindle may use of it.
export { guestFsInfo, runInGuest, waitGuestExec } from './agent.ts';
export { guestBlockDevs } from './blockdevs.ts';
export { guestStep, planAgentChannel, planGuestMount, planGuestUmountFs } from './guest-mount.ts';
export { imagePartitions, planHostMount, planHostUmount, umountPlanFor } from './host-mount.ts';
export { MOUNTS_CLI } from './cli.ts';
export { HostMountRegistry } from './mounts.ts';
export { mountPlanners, mountsFeature } from './feature.ts';
export { agentUnavailable } from './refusals.ts';
