// The mounts feature in the shell: guest filesystems (the Filesystems tab of
// a VM or disk, mount/unmount/grow wizards, the agent channel) and images
// mounted on a host (its Mounts tab).
import { defineUiFeature, type NodeAction } from '../../platform/contributions.ts';
import type { HostMountSource } from '../../../shared/contract/features/mounts.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { usePrefsStore } from '../../platform/store/prefs.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { isRunning } from '../../platform/wizard/inventory-hooks.ts';
import { AgentChannelWizard } from './AgentChannelWizard.tsx';
import { FilesystemsTab } from './FilesystemsTab.tsx';
import { GrowFsWizard } from './GrowFsWizard.tsx';
import { onJobEndedForGuests } from './guest-blockdevs.ts';
import { GuestMountWizard } from './GuestMountWizard.tsx';
import { GuestUmountWizard } from './GuestUmountWizard.tsx';
import { onJobEndedForHostMounts } from './host-mounts.ts';
import { HostMountsTab } from './HostMountsTab.tsx';
import { HostMountWizard } from './HostMountWizard.tsx';
import { HostUmountWizard } from './HostUmountWizard.tsx';

declare module '../../platform/store/dialogs.ts' {
  interface DialogParams {
    'grow-fs': { host: string; vm: string; target: string };
    /** Mount a filesystem inside a running guest (`device` preselected, or the devices of `target`). */
    'guest-mount': { host: string; vm: string; device?: string | undefined; target?: string | undefined };
    /** Unmount a filesystem inside a running guest, optionally removing its /etc/fstab lines. */
    'guest-umount': { host: string; vm: string; mountpoint: string };
    /** Add the QEMU guest agent's channel to a VM. */
    'agent-channel': { host: string; vm: string };
    /** Mount an image on the host (a volume, or a file picked on the host when `source` is absent). */
    'host-mount': { host: string; source?: HostMountSource | undefined };
    /** Unmount an image Spindle mounted on the host. */
    'host-umount': { host: string; id: string };
  }
}

/** Selects the host and shows its Mounts tab (the images Spindle mounted there). */
function showHostMounts(host: string): void {
  useSelectionStore.getState().reveal({ kind: 'host', host });
  usePrefsStore.getState().setDetailsTab('filesystems');
}

export const mountsUi = defineUiFeature<'grow-fs' | 'guest-mount' | 'guest-umount' | 'agent-channel' | 'host-mount' | 'host-umount'>({
  id: 'mounts',
  dialogs: {
    'grow-fs': (d, close) => <GrowFsWizard key={`${d.host}|${d.vm}|${d.target}`} host={d.host} vm={d.vm} target={d.target} onClose={close} />,
    'guest-mount': (d, close) => <GuestMountWizard key={JSON.stringify([d.host, d.vm, d.device ?? null, d.target ?? null])} host={d.host} vm={d.vm} device={d.device} target={d.target} onClose={close} />,
    'guest-umount': (d, close) => <GuestUmountWizard key={JSON.stringify([d.host, d.vm, d.mountpoint])} host={d.host} vm={d.vm} mountpoint={d.mountpoint} onClose={close} />,
    'agent-channel': (d, close) => <AgentChannelWizard key={JSON.stringify([d.host, d.vm])} host={d.host} vm={d.vm} onClose={close} />,
    'host-mount': (d, close) => <HostMountWizard key={JSON.stringify([d.host, d.source ?? null])} host={d.host} source={d.source} onClose={close} />,
    'host-umount': (d, close) => <HostUmountWizard key={JSON.stringify([d.host, d.id])} host={d.host} id={d.id} onClose={close} />,
  },
  actions(r, ref) {
    const host = ref.host;
    const out: NodeAction[] = [];
    if (r.kind === 'host' && (ref.kind === 'pools' || ref.kind === 'host')) {
      // Host level: mount an image file (or any volume) on the host; the host's Mounts tab lists what is mounted.
      out.push({ id: 'mount-image', order: 20, labelKey: 'actions.mountImage', icon: 'folder', run: () => openDialog({ kind: 'host-mount', host }) });
      if (ref.kind === 'pools') out.push({ id: 'host-mounts', order: 30, labelKey: 'actions.hostMounts', icon: 'folder', menuOnly: true, run: () => showHostMounts(host) });
    }
    if (r.kind === 'volume') {
      const source = { kind: 'volume' as const, pool: r.pool.name, volume: r.volume.name };
      out.push({ id: 'mount-host', order: 20, labelKey: 'actions.mountHost', icon: 'folder', run: () => openDialog({ kind: 'host-mount', host, source }) });
    }
    if (r.kind === 'vm') {
      const vm = r.domain.name;
      out.push({ id: 'mount-guest', order: 20, labelKey: 'actions.mountGuest', icon: 'folder', disabled: !isRunning(r.domain), run: () => openDialog({ kind: 'guest-mount', host, vm }) });
    }
    if (r.kind === 'disk' && r.disk.device !== 'cdrom') {
      const vm = r.domain.name;
      const target = r.disk.target;
      out.push({ id: 'mount-guest', order: 30, labelKey: 'actions.mountGuest', icon: 'folder', disabled: !isRunning(r.domain), run: () => openDialog({ kind: 'guest-mount', host, vm, target }) });
    }
    return out;
  },
  detailsTabs: [
    {
      tab: 'filesystems',
      labelKey: (kind) => (kind === 'host' ? 'details.tab.hostMounts' : 'details.tab.filesystems'),
      render: (n, key) =>
        n.kind === 'host' ? (
          <HostMountsTab key={key} host={n.host} online={n.online} />
        ) : n.kind === 'vm' ? (
          <FilesystemsTab key={key} host={n.host} vm={n.domain.name} running={n.running} />
        ) : n.kind === 'disk' ? (
          <FilesystemsTab key={key} host={n.host} vm={n.domain.name} running={n.running} target={n.disk.target} />
        ) : null,
    },
  ],
  onJobEnded(job) {
    // What the guest or the host has mounted changed: re-read the lists on screen.
    onJobEndedForGuests(job);
    onJobEndedForHostMounts(job);
  },
});
