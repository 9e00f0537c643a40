// Which step of each mount wizard asks which request field: a refusal from
// the backend names its field (shared/contract/features/mounts.ts lists them per
// operation) and the wizard returns to that step. Typed as a Record over the
// operation's fields, so a field the backend may name and no step owns is a
// type error.
import type { AgentChannelField, GuestMountField, GuestUmountField, HostMountField } from '../../../shared/contract/features/mounts.ts';
import { blameBy } from '../../platform/wizard/blame.ts';

/** Mount in the guest: the device; mkfs type, label and confirmation; mountpoint and options; fstab. */
export const GUEST_MOUNT_STEPS: Readonly<Record<GuestMountField, 'device' | 'filesystem' | 'mountpoint' | 'fstab'>> = {
  domain: 'device',
  device: 'device',
  mkfs: 'filesystem',
  label: 'filesystem',
  mountpoint: 'mountpoint',
  options: 'mountpoint',
  fstab: 'fstab',
};
/** The agent gone (or the VM): the first step, where the devices are listed. */
export const blameGuestMount = blameBy(GUEST_MOUNT_STEPS, { AGENT_UNAVAILABLE: 'device', UNKNOWN_DOMAIN: 'device' });

/** Unmount in the guest: one step with the mountpoint and "also remove from /etc/fstab". */
export const GUEST_UMOUNT_STEPS: Readonly<Record<GuestUmountField, 'umount'>> = { domain: 'umount', mountpoint: 'umount', fstab: 'umount' };
export const blameGuestUmount = blameBy(GUEST_UMOUNT_STEPS);

/** Agent channel: one step with the mode. */
export const AGENT_CHANNEL_STEPS: Readonly<Record<AgentChannelField, 'channel'>> = { domain: 'channel', mode: 'channel' };
export const blameAgentChannel = blameBy(AGENT_CHANNEL_STEPS);

/** Mount on the host: the image and its partition on "source"; read-only and the mountpoint on "options". */
export const HOST_MOUNT_STEPS: Readonly<Record<HostMountField, 'source' | 'options'>> = { source: 'source', partition: 'source', readOnly: 'options', mountpoint: 'options' };
export const blameHostMount = blameBy(HOST_MOUNT_STEPS, { UNKNOWN_POOL: 'source', UNKNOWN_VOLUME: 'source' });
