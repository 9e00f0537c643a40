// The context-menu items for a tree node or table row.
import type { MenuItem } from '../platform/components/ContextMenu.tsx';
import { resolveRef } from '../platform/model/lookup.ts';
import { nodeName, type NodeRef } from '../platform/model/node-ref.ts';
import { connectHost, copyText, refreshHost } from '../platform/store/actions.ts';
import { useDialogStore } from '../platform/store/dialogs.ts';
import { useHostsStore } from '../platform/store/hosts.ts';
import { useInventoryStore } from '../platform/store/inventory.ts';
import { storageActions } from './storage-actions.ts';

/** The path worth copying for this node, if it has one. */
function pathOf(ref: NodeRef): string | undefined {
  const r = resolveRef(ref, useHostsStore.getState().hosts, useInventoryStore.getState().byHost);
  if (r?.kind === 'disk') return r.disk.sourceLabel;
  if (r?.kind === 'volume') return r.volume.path;
  if (r?.kind === 'pool') return r.pool.targetPath;
  return undefined;
}

export function nodeMenu(ref: NodeRef): MenuItem[] {
  const host = ref.host;
  const items: MenuItem[] = [];
  if (ref.kind === 'host') {
    items.push({ type: 'item', id: 'connect', labelKey: 'menu.connect', icon: 'plug', run: () => void connectHost(host) });
  }
  items.push({ type: 'item', id: 'refresh', labelKey: 'menu.refresh', icon: 'refresh', run: () => void refreshHost(host) });
  const actions = ref.kind === 'host' ? [] : storageActions(ref);
  if (actions.length) {
    items.push({ type: 'separator', id: 'sep-storage' });
    for (const a of actions) items.push({ type: 'item', id: a.id, labelKey: a.labelKey, icon: a.icon, ...(a.danger ? { danger: true } : {}), ...(a.disabled ? { disabled: true } : {}), run: a.run });
  }
  if (ref.kind !== 'vms' && ref.kind !== 'pools') {
    items.push({ type: 'separator', id: 'sep-copy' });
    items.push({ type: 'item', id: 'copy-name', labelKey: 'menu.copyName', icon: 'copy', run: () => void copyText(nodeName(ref)) });
    const path = pathOf(ref);
    if (path) items.push({ type: 'item', id: 'copy-path', labelKey: 'menu.copyPath', icon: 'copy', run: () => void copyText(path) });
  }
  if (ref.kind === 'host') {
    items.push({ type: 'separator', id: 'sep-remove' });
    items.push({ type: 'item', id: 'remove', labelKey: 'menu.removeHost', icon: 'trash', danger: true, run: () => useDialogStore.getState().open({ kind: 'remove-host', host }) });
  }
  return items;
}
