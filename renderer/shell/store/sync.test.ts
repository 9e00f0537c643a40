// The stores follow events: one object patched at a time, others kept by identity.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { HostEntry } from '../../../shared/contract/api.ts';
import type { Domain, Inventory, Pool } from '../../../shared/contract/models.ts';
import type { ApiEventMessage, SpindleClient } from '../../platform/api/client.ts';
import { useHostsStore } from '../../platform/store/hosts.ts';
import { replaceNamed, useInventoryStore } from '../../platform/store/inventory.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { applyEvent, loadAll } from './sync.ts';
import { useToastStore } from '../../platform/store/toasts.ts';

const entry = (name: string): HostEntry => ({ config: { kind: 'local', name, uri: 'test:///default', sudo: false }, status: 'online', error: null });
const dom = (name: string, state: Domain['state'] = 'running'): Domain => ({ name, uuid: name, state, vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks: [] });
const pool = (name: string): Pool => ({ name, uuid: name, type: 'dir', active: true, autostart: false, capacity: 1, allocation: 0, available: 1, volumes: [] });
const inv = (domains: Domain[], pools: Pool[] = []): Inventory => ({ host: 'h', uri: 'test:///default', loadedAt: 'x', durationMs: 1, domains, pools });

/** A client that answers from a table and records the calls. */
function fakeClient(answers: Record<string, unknown>): SpindleClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    call: async (method: string, params: { host?: string }) => {
      calls.push(params.host ? `${method}:${params.host}` : method);
      return { ok: true, result: answers[params.host ? `${method}:${params.host}` : method] ?? null };
    },
  } as unknown as SpindleClient & { calls: string[] };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  useHostsStore.setState({ hosts: [], loaded: false });
  useInventoryStore.setState({ byHost: {} });
  useSelectionStore.setState({ selected: null, row: null, expanded: {} });
});

test('start: hosts.list, then inventory.get per host; the first host is selected', async () => {
  const client = fakeClient({ 'hosts.list': [entry('a'), entry('b')], 'inventory.get:a': inv([dom('x')]), 'settings.problems': [] });
  await loadAll(client);
  await flush();
  assert.deepEqual(client.calls, ['hosts.list', 'inventory.get:a', 'inventory.get:b', 'settings.problems']);
  assert.equal(useInventoryStore.getState().byHost.a?.inventory?.domains[0]?.name, 'x');
  assert.equal(useInventoryStore.getState().byHost.b?.inventory, null);
  assert.deepEqual(useSelectionStore.getState().selected, { kind: 'host', host: 'a' });
});

test('settings problems met before the window connected are shown once, not again after a reconnect', async () => {
  useToastStore.setState({ toasts: [] });
  const problem = { code: 'CONFIG_UNWRITABLE' as const, message: 'Spindle cannot save its settings in /ro: the folder is on a read-only file system.', hint: 'Remount /ro read-write.' };
  const client = fakeClient({ 'hosts.list': [], 'settings.problems': [problem] });
  await loadAll(client);
  await loadAll(client);
  assert.deepEqual(
    useToastStore.getState().toasts.map((t) => t.error?.code),
    ['CONFIG_UNWRITABLE'],
  );
});

test('domain and pool events patch one object and keep the others', () => {
  const client = fakeClient({});
  const keep = dom('keep');
  useInventoryStore.getState().setInventory('h', inv([keep, dom('vm')], [pool('p')]));
  const send = (m: ApiEventMessage) => applyEvent(client, m);
  send({ event: 'domain', payload: { host: 'h', name: 'vm', domain: dom('vm', 'shutoff') } });
  let i = useInventoryStore.getState().byHost.h?.inventory;
  assert.equal(i?.domains[1]?.state, 'shutoff');
  assert.equal(i?.domains[0], keep);
  send({ event: 'domain', payload: { host: 'h', name: 'new', domain: dom('new') } });
  send({ event: 'domain', payload: { host: 'h', name: 'keep', domain: null } });
  i = useInventoryStore.getState().byHost.h?.inventory;
  assert.deepEqual(
    i?.domains.map((d) => d.name),
    ['vm', 'new'],
  );
  send({ event: 'pool', payload: { host: 'h', name: 'p', pool: null } });
  assert.equal(useInventoryStore.getState().byHost.h?.inventory?.pools.length, 0);
  assert.equal(client.calls.length, 0, 'events never trigger a reload');
});

test('host-status patches the host; hosts-changed drops removed hosts and loads new ones', async () => {
  const client = fakeClient({});
  useHostsStore.getState().setHosts([entry('a'), entry('b')]);
  useInventoryStore.getState().setInventory('a', inv([]));
  useInventoryStore.getState().setInventory('b', inv([]));
  applyEvent(client, { event: 'host-status', payload: { host: 'a', status: 'error', error: { code: 'AUTH_FAILED', message: 'no' } } });
  assert.equal(useHostsStore.getState().hosts[0]?.status, 'error');
  assert.equal(useHostsStore.getState().hosts[0]?.error?.code, 'AUTH_FAILED');
  applyEvent(client, { event: 'hosts-changed', payload: { hosts: [entry('a'), entry('c')] } });
  await flush();
  assert.deepEqual(Object.keys(useInventoryStore.getState().byHost).sort(), ['a', 'c']);
  assert.deepEqual(client.calls, ['inventory.get:c']);
});

test('replaceNamed appends, replaces and removes', () => {
  const a = { name: 'a' };
  const b = { name: 'b' };
  assert.deepEqual(replaceNamed([a], 'b', b), [a, b]);
  assert.deepEqual(replaceNamed([a, b], 'a', null), [b]);
  const list = [a];
  assert.equal(replaceNamed(list, 'zz', null), list);
});
