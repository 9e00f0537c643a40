// The workflows a node offers (new volume, attach, detach, resize, CD-ROM
// media, pending-change diff, mounts, limits, alert rules): what every
// feature contributes for it, in one order, for the context menus, the
// toolbar and the details panel.
import type { NodeAction } from '../platform/contributions.ts';
import { resolveRef } from '../platform/model/lookup.ts';
import type { NodeRef } from '../platform/model/node-ref.ts';
import { useHostsStore } from '../platform/store/hosts.ts';
import { useInventoryStore } from '../platform/store/inventory.ts';
import { UI_FEATURES } from '../features/index.ts';

export type StorageAction = NodeAction;

export function storageActions(ref: NodeRef): StorageAction[] {
  const r = resolveRef(ref, useHostsStore.getState().hosts, useInventoryStore.getState().byHost);
  if (!r) return [];
  const out = UI_FEATURES.flatMap((f) => f.actions?.(r, ref) ?? []).sort((a, b) => a.order - b.order);
  // An offline host offers nothing that needs it; alert rules are Spindle's own settings.
  return r.host.status !== 'online' ? out.map((a) => (a.id === 'alert-rules' ? a : { ...a, disabled: true })) : out;
}
