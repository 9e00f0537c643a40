// Feeds the stores: one load at start (hosts.list, then inventory.get per
// host), then events only. After the browser-mode socket reconnects, the
// same load runs once, because events sent while it was down are lost.
import type { SpindleClient, ApiEventMessage } from '../../platform/api/client.ts';
import { loadAlerts, onVisible } from '../../features/stats/index.ts';
import { UI_FEATURES } from '../../features/index.ts';
import { useConnectionStore } from '../../platform/store/connection.ts';
import { findHost, useHostsStore } from '../../platform/store/hosts.ts';
import { useJobsStore } from '../../platform/store/jobs.ts';
import { useInventoryStore } from '../../platform/store/inventory.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { notifyError } from '../../platform/store/toasts.ts';

async function loadInventory(client: SpindleClient, host: string): Promise<void> {
  const inv = useInventoryStore.getState();
  inv.setLoading(host, true);
  const out = await client.call('inventory.get', { host });
  if (out.ok) inv.setInventory(host, out.result);
  else inv.setError(host, out.error);
}

const shownProblems = new Set<string>();

export async function loadAll(client: SpindleClient): Promise<void> {
  const out = await client.call('hosts.list', {});
  if (!out.ok) return;
  applyHosts(client, out.result.map((h) => h.config.name), () => useHostsStore.getState().setHosts(out.result), true);
  // Problems the backend met with its settings before this window connected (a folder it cannot write, a damaged file).
  const problems = await client.call('settings.problems', {});
  if (!problems.ok) return;
  for (const p of problems.result) {
    if (shownProblems.has(p.message)) continue; // once per window, not again after every reconnect
    shownProblems.add(p.message);
    notifyError('toast.backendError', p);
  }
}

/** Replaces the host list; loads inventories of hosts not seen before (or all, on a full load). */
function applyHosts(client: SpindleClient, names: string[], commit: () => void, all: boolean): void {
  const known = new Set(Object.keys(useInventoryStore.getState().byHost));
  commit();
  useInventoryStore.getState().retainHosts(names);
  const sel = useSelectionStore.getState();
  if (sel.selected && !names.includes(sel.selected.host)) sel.select(null);
  if (!sel.selected && names[0] !== undefined && all) sel.select({ kind: 'host', host: names[0] });
  for (const n of names) if (all || !known.has(n)) void loadInventory(client, n);
}

/** Jobs whose end has been acted on (a job's end may be reported more than once). */
const endedJobs = new Set<string>();

export function applyEvent(client: SpindleClient, msg: ApiEventMessage): void {
  const inv = useInventoryStore.getState();
  switch (msg.event) {
    case 'hosts-changed': {
      const { hosts } = msg.payload;
      applyHosts(client, hosts.map((h) => h.config.name), () => useHostsStore.getState().setHosts(hosts), false);
      break;
    }
    case 'host-status': {
      const { host, status, error } = msg.payload;
      // Not a saved host: the backend reports a problem of its own (such as a damaged settings file).
      if (!findHost(useHostsStore.getState().hosts, host)) {
        if (error) notifyError('toast.backendError', error);
        break;
      }
      useHostsStore.getState().patchStatus(host, status, error);
      // A host that just came online may have no inventory here yet.
      const cur = inv.byHost[host];
      if (status === 'online' && !cur?.inventory && !cur?.loading) void loadInventory(client, host);
      break;
    }
    case 'inventory':
      inv.setInventory(msg.payload.host, msg.payload.inventory);
      break;
    case 'domain':
      inv.patchDomain(msg.payload.host, msg.payload.name, msg.payload.domain);
      break;
    case 'pool':
      inv.patchPool(msg.payload.host, msg.payload.name, msg.payload.pool);
      break;
    case 'job': {
      const job = msg.payload;
      useJobsStore.getState().upsertJob(job);
      // The features re-read what the job changed (mounts, limits...), once per job.
      if (job.state !== 'running' && !endedJobs.has(job.id)) {
        endedJobs.add(job.id);
        for (const f of UI_FEATURES) f.onJobEnded?.(job);
      }
      break;
    }
  }
  for (const f of UI_FEATURES) f.onEvent?.(client, msg);
}

/** The jobs the backend knows (running ones, and recent ends), for the status bar. */
export async function loadJobs(client: SpindleClient): Promise<void> {
  const out = await client.call('jobs.list', {});
  // A backend without jobs (older version) simply has none to show.
  if (out.ok) useJobsStore.getState().setJobs(out.result);
}

/** Starts the event feed and the first load; returns a stop function. */
export function startSync(client: SpindleClient): () => void {
  const conn = useConnectionStore.getState();
  conn.setCarrier(client.state());
  let wasDown = false;
  const offState = client.onState((s) => {
    useConnectionStore.getState().setCarrier(s);
    if (s.status === 'reconnecting') wasDown = true;
    if (s.status === 'connected' && wasDown) {
      wasDown = false;
      void loadAll(client);
      void loadJobs(client);
      void loadAlerts(client);
      onVisible();
    }
  });
  const offEvents = client.onEvent((msg) => applyEvent(client, msg));
  void loadAll(client);
  void loadJobs(client);
  void loadAlerts(client);
  return () => {
    offState();
    offEvents();
  };
}
