// Alert rules (alerts.rules / alerts.setRules) and the alerts the backend has
// raised (alerts.active at start, then the whole list in every "alerts"
// event). The worst level per tree node is derived once per change, so a tree
// row reads one map entry.
import { create } from 'zustand';
import type { ApiMethod, ApiParams, CallOutcome } from '../../../shared/contract/api.ts';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { ALERT_LEVELS, type Alert, type AlertLevel, type AlertRule, type AlertScope } from '../../../shared/contract/features/stats.ts';
import { nodeKey, type NodeRef } from '../../platform/model/node-ref.ts';

interface AlertsState {
  active: Alert[];
  /** Worst level per nodeKey: a disk, its VM (own and its disks' alerts), a pool, a host. */
  levels: Record<string, AlertLevel>;
  rules: AlertRule[];
  rulesLoaded: boolean;
  setActive(active: Alert[]): void;
  setRules(rules: AlertRule[]): void;
}

export const levelRank = (l: AlertLevel): number => ALERT_LEVELS.indexOf(l);

export function worse(a: AlertLevel | undefined, b: AlertLevel): AlertLevel {
  return a === undefined || levelRank(b) > levelRank(a) ? b : a;
}

/** The tree nodes an alert of this scope marks, innermost first. */
export function scopeRefs(scope: AlertScope): NodeRef[] {
  const host: NodeRef = { kind: 'host', host: scope.host };
  switch (scope.kind) {
    case 'disk':
      return [{ kind: 'disk', host: scope.host, vm: scope.domain, disk: scope.target }, { kind: 'vm', host: scope.host, vm: scope.domain }, host];
    case 'vm':
      return [{ kind: 'vm', host: scope.host, vm: scope.domain }, host];
    case 'pool':
      return [{ kind: 'pool', host: scope.host, pool: scope.pool }, host];
  }
}

export function alertLevels(active: readonly Alert[]): Record<string, AlertLevel> {
  const out: Record<string, AlertLevel> = {};
  for (const a of active) for (const ref of scopeRefs(a.scope)) out[nodeKey(ref)] = worse(out[nodeKey(ref)], a.level);
  return out;
}

export const useAlertsStore = create<AlertsState>()((set) => ({
  active: [],
  levels: {},
  rules: [],
  rulesLoaded: false,
  setActive: (active) => set({ active, levels: alertLevels(active) }),
  setRules: (rules) => set({ rules, rulesLoaded: true }),
}));

export function useAlertLevel(ref: NodeRef): AlertLevel | undefined {
  const key = nodeKey(ref);
  return useAlertsStore((s) => s.levels[key]);
}

export function worstLevel(active: readonly Alert[]): AlertLevel | undefined {
  let w: AlertLevel | undefined;
  for (const a of active) w = worse(w, a.level);
  return w;
}

interface Caller {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<CallOutcome<M>>;
}

/** Loads both at start (and after a reconnect); a backend without alerts simply has none. */
export async function loadAlerts(client: Caller): Promise<void> {
  const [active, rules] = await Promise.all([client.call('alerts.active', {}), client.call('alerts.rules', {})]);
  if (active.ok) useAlertsStore.getState().setActive(active.result);
  if (rules.ok) useAlertsStore.getState().setRules(rules.result);
}

/** Replaces all rules; the backend's answer becomes the list. */
export async function saveRules(client: Caller, rules: AlertRule[]): Promise<ErrorInfo | null> {
  const out = await client.call('alerts.setRules', { rules });
  if (!out.ok) return out.error;
  useAlertsStore.getState().setRules(out.result);
  return null;
}
