// The face of the mounts feature: what the rest of Spindle may use of it.
export { AgentChannelWizard } from './AgentChannelWizard.tsx';
export { FilesystemsTab } from './FilesystemsTab.tsx';
export { GrowFsWizard } from './GrowFsWizard.tsx';
export { GuestMountWizard } from './GuestMountWizard.tsx';
export { GuestMounts, useGuestFs } from './GuestMounts.tsx';
export { GuestUmountWizard } from './GuestUmountWizard.tsx';
export { HostMountWizard } from './HostMountWizard.tsx';
export { HostMountsTab } from './HostMountsTab.tsx';
export { HostUmountWizard } from './HostUmountWizard.tsx';
export { onJobEndedForGuests } from './guest-blockdevs.ts';
export { filesystemsOn } from './guest-fs.ts';
export { onJobEndedForHostMounts } from './host-mounts.ts';
