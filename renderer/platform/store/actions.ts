// User actions that call the backend and report the outcome. The store is
// updated by the events that follow; results are applied too, so the UI does
// not wait for the echo.
import { api } from '../api/instance.ts';
import { useDialogStore } from './dialogs.ts';
import { findHost, useHostsStore } from './hosts.ts';
import { useInventoryStore } from './inventory.ts';
import { useSelectionStore } from './selection.ts';
import { notify, notifyError } from './toasts.ts';

export async function refreshHost(host: string): Promise<void> {
  const inv = useInventoryStore.getState();
  inv.setLoading(host, true);
  const out = await api().call('inventory.refresh', { host });
  if (out.ok) {
    inv.setInventory(host, out.result);
    notify('toast.refreshed', { host });
  } else {
    inv.setError(host, out.error);
    notifyError('toast.refreshFailed', out.error, { host });
  }
}

/** Connects a saved host; asks for a password or passphrase when one is needed. */
export async function connectHost(host: string, secrets?: { password?: string; passphrase?: string }): Promise<boolean> {
  const entry = findHost(useHostsStore.getState().hosts, host);
  const cfg = entry?.config;
  // Ask only when the backend does not already hold the password in memory.
  if (!secrets && cfg?.kind === 'ssh' && cfg.auth === 'password' && !entry?.hasSecrets) {
    useDialogStore.getState().open({ kind: 'credentials', host, need: 'password' });
    return false;
  }
  useHostsStore.getState().patchStatus(host, 'connecting', null);
  const out = await api().call('hosts.connect', { name: host, ...(secrets ? { secrets } : {}) });
  if (out.ok) {
    useHostsStore.getState().upsertHost(out.result);
    return true;
  }
  useHostsStore.getState().patchStatus(host, 'error', out.error);
  // A key that needs a passphrase the backend no longer holds in memory.
  if (!secrets && out.error.code === 'AUTH_FAILED' && cfg?.kind === 'ssh' && cfg.auth === 'key') {
    useDialogStore.getState().open({ kind: 'credentials', host, need: 'passphrase' });
    return false;
  }
  notifyError('toast.connectFailed', out.error, { host });
  return false;
}

export async function removeHost(host: string): Promise<void> {
  const out = await api().call('hosts.remove', { name: host });
  if (!out.ok) {
    notifyError('toast.removeFailed', out.error, { host });
    return;
  }
  useHostsStore.getState().removeHost(host);
  useInventoryStore.getState().retainHosts(useHostsStore.getState().hosts.map((h) => h.config.name));
  const sel = useSelectionStore.getState();
  if (sel.selected?.host === host) sel.select(null);
  notify('toast.removed', { host });
}

/** Copies to the clipboard and confirms with a toast (by default quoting the text). */
export async function copyText(text: string, noticeKey = 'toast.copied', values: Record<string, string> = { text }): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // file:// pages and older shells may refuse the async clipboard.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  notify(noticeKey, values);
}

