// The storage workflows a node offers (new volume, attach, detach, resize,
// CD-ROM media, pending-change diff): one list for the context menus, the
// toolbar and the details panel.
import type { IconName } from '../platform/components/Icon.tsx';
import { resolveRef } from '../platform/model/lookup.ts';
import type { NodeRef } from '../platform/model/node-ref.ts';
import { openDialog } from '../platform/store/dialogs.ts';
import { useHostsStore } from '../platform/store/hosts.ts';
import { useInventoryStore } from '../platform/store/inventory.ts';
import { usePrefsStore } from '../platform/store/prefs.ts';
import { useSelectionStore } from '../platform/store/selection.ts';
import { isRunning } from '../platform/wizard/inventory-hooks.ts';

export interface StorageAction {
  id: 'new-volume' | 'attach-disk' | 'detach-disk' | 'resize-disk' | 'cdrom' | 'view-diff' | 'io-limits' | 'alert-rules' | 'mount-guest' | 'mount-host' | 'mount-image' | 'host-mounts';
  labelKey: string;
  icon: IconName;
  danger?: boolean;
  disabled?: boolean;
  /** Left out of the toolbar (menus and the details panel only). */
  menuOnly?: boolean;
  run(): void;
}

/** Selects the host and shows its Mounts tab (the images Spindle mounted there). */
export function showHostMounts(host: string): void {
  useSelectionStore.getState().reveal({ kind: 'host', host });
  usePrefsStore.getState().setDetailsTab('filesystems');
}

function hasPending(p: { liveOnly: string[]; configOnly: string[]; changed: string[] } | undefined): boolean {
  return Boolean(p && p.liveOnly.length + p.configOnly.length + p.changed.length > 0);
}

export function storageActions(ref: NodeRef): StorageAction[] {
  const hosts = useHostsStore.getState().hosts;
  const r = resolveRef(ref, hosts, useInventoryStore.getState().byHost);
  if (!r) return [];
  const host = ref.host;
  const offline = r.host.status !== 'online';
  const out: StorageAction[] = [];
  switch (r.kind) {
    case 'host':
      if (ref.kind === 'pools' || ref.kind === 'host') out.push({ id: 'new-volume', labelKey: 'actions.newVolume', icon: 'plus', run: () => openDialog({ kind: 'create-volume', host }) });
      // Host level: mount an image file (or any volume) on the host; the host's Mounts tab lists what is mounted.
      if (ref.kind === 'pools' || ref.kind === 'host') out.push({ id: 'mount-image', labelKey: 'actions.mountImage', icon: 'folder', run: () => openDialog({ kind: 'host-mount', host }) });
      if (ref.kind === 'pools') out.push({ id: 'host-mounts', labelKey: 'actions.hostMounts', icon: 'folder', menuOnly: true, run: () => showHostMounts(host) });
      break;
    case 'pool':
    case 'volume':
      out.push({ id: 'new-volume', labelKey: 'actions.newVolume', icon: 'plus', disabled: !r.pool.active, run: () => openDialog({ kind: 'create-volume', host, pool: r.pool.name }) });
      if (r.kind === 'volume') {
        const pool = r.pool.name;
        const volume = r.volume.name;
        out.push({ id: 'mount-host', labelKey: 'actions.mountHost', icon: 'folder', run: () => openDialog({ kind: 'host-mount', host, source: { kind: 'volume', pool, volume } }) });
      }
      if (r.kind === 'pool') {
        const pool = r.pool.name;
        out.push({ id: 'alert-rules', labelKey: 'actions.alertRules', icon: 'bell', menuOnly: true, run: () => openDialog({ kind: 'alert-rules', scope: { kind: 'pool', host, pool } }) });
      }
      break;
    case 'vm': {
      const vm = r.domain.name;
      out.push({ id: 'attach-disk', labelKey: 'actions.attachDisk', icon: 'plus', run: () => openDialog({ kind: 'attach-disk', host, vm }) });
      out.push({ id: 'mount-guest', labelKey: 'actions.mountGuest', icon: 'folder', disabled: !isRunning(r.domain), run: () => openDialog({ kind: 'guest-mount', host, vm }) });
      if (r.domain.disks.some((k) => k.device === 'cdrom')) out.push({ id: 'cdrom', labelKey: 'actions.cdrom', icon: 'disc', run: () => openDialog({ kind: 'cdrom', host, vm }) });
      if (hasPending(r.domain.pendingDisks)) out.push({ id: 'view-diff', labelKey: 'actions.viewDiff', icon: 'diff', run: () => openDialog({ kind: 'xml-diff', host, vm }) });
      out.push({ id: 'alert-rules', labelKey: 'actions.alertRules', icon: 'bell', menuOnly: true, run: () => openDialog({ kind: 'alert-rules', scope: { kind: 'vm', host, domain: vm } }) });
      break;
    }
    case 'disk': {
      const vm = r.domain.name;
      const target = r.disk.target;
      if (r.disk.device === 'cdrom') out.push({ id: 'cdrom', labelKey: 'actions.cdromMedia', icon: 'disc', run: () => openDialog({ kind: 'cdrom', host, vm, target }) });
      else out.push({ id: 'resize-disk', labelKey: 'actions.resizeDisk', icon: 'resize', run: () => openDialog({ kind: 'resize-disk', host, vm, target }) });
      if (r.disk.device !== 'cdrom') out.push({ id: 'io-limits', labelKey: 'actions.ioLimits', icon: 'gauge', run: () => openDialog({ kind: 'io-limits', host, vm, target }) });
      if (r.disk.device !== 'cdrom') out.push({ id: 'mount-guest', labelKey: 'actions.mountGuest', icon: 'folder', disabled: !isRunning(r.domain), run: () => openDialog({ kind: 'guest-mount', host, vm, target }) });
      out.push({ id: 'alert-rules', labelKey: 'actions.alertRules', icon: 'bell', menuOnly: true, run: () => openDialog({ kind: 'alert-rules', scope: { kind: 'disk', host, domain: vm, target } }) });
      out.push({ id: 'detach-disk', labelKey: 'actions.detachDisk', icon: 'detach', danger: true, run: () => openDialog({ kind: 'detach-disk', host, vm, target }) });
      break;
    }
  }
  return offline ? out.map((a) => (a.id === 'alert-rules' ? a : { ...a, disabled: true })) : out;
}
