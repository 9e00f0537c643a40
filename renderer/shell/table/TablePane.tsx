// The right-hand table for the selected tree node: a host's VMs, all its
// disks or its pools (tabs), a VM's disks, a pool's volumes.
import { hostLabel } from '../../platform/i18n/host-label.ts';
import { errorText } from '../../platform/i18n/msg.ts';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostEntry } from '../../../shared/contract/api.ts';
import type { Inventory } from '../../../shared/contract/models.ts';
import { EmptyState, Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import type { NodeRef } from '../../platform/model/node-ref.ts';
import { connectHost, refreshHost } from '../../platform/store/actions.ts';
import { useDialogStore } from '../../platform/store/dialogs.ts';
import { findHost, useHostsStore } from '../../platform/store/hosts.ts';
import { useHostInventory } from '../../platform/store/inventory.ts';
import { usePrefsStore, type HostView } from '../../platform/store/prefs.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { diskRows, hostDiskRows, poolRows, vmRows, volumeRows } from './rows.ts';
import { DISK_TABLE, HOST_DISK_TABLE, POOL_TABLE, VM_TABLE, VOLUME_TABLE } from './specs.tsx';
import { TableView } from './TableView.tsx';
import { BusiestTable } from '../../features/stats/index.ts';

const HOST_VIEWS: HostView[] = ['vms', 'hostDisks', 'pools', 'io'];

export function TablePane() {
  const { t } = useTranslation();
  const selected = useSelectionStore((s) => s.selected);
  const hostsLoaded = useHostsStore((s) => s.loaded);
  const hostCount = useHostsStore((s) => s.hosts.length);
  const openDialog = useDialogStore((s) => s.open);

  if (!selected) {
    if (hostsLoaded && hostCount === 0) {
      return (
        <EmptyState icon="server" title={t('empty.noHostsTitle')}>
          <p>{t('empty.noHostsBody')}</p>
          <button type="button" className="btn primary" onClick={() => openDialog({ kind: 'add-host' })}>
            <Icon name="plus" />
            {t('toolbar.addHost')}
          </button>
        </EmptyState>
      );
    }
    return <EmptyState icon="info" title={t('empty.nothingSelected')} />;
  }
  return <HostGate selected={selected} />;
}

/** Shows the table once the host has an inventory; its state or error until then. */
function HostGate({ selected }: { selected: NodeRef }) {
  const { t } = useTranslation();
  const host = useHostsStore((s) => findHost(s.hosts, selected.host));
  const { inventory, loading, error } = useHostInventory(selected.host);
  if (!host) return null;
  if (inventory) {
    return (
      <>
        {host.status !== 'online' && host.status !== 'connecting' && <StaleStrip host={host} />}
        <SelectedTable selected={selected} host={host} inventory={inventory} />
      </>
    );
  }
  const problem = host.error ?? error;
  if (host.status === 'connecting' || (loading && !problem)) {
    return (
      <EmptyState icon="server" title={hostLabel(host.config.name, t)}>
        <Spinner label={t('host.loadingInventory')} />
      </EmptyState>
    );
  }
  return (
    <div className="host-problem">
      <h2 className="pane-heading">{hostLabel(host.config.name, t)}</h2>
      {problem ? <ErrorCallout error={problem} /> : <p className="muted">{t('host.notConnected')}</p>}
      <div className="button-row">
        <button type="button" className="btn primary" onClick={() => void connectHost(host.config.name)}>
          <Icon name="plug" />
          {t('menu.connect')}
        </button>
        <button type="button" className="btn" onClick={() => void refreshHost(host.config.name)}>
          <Icon name="refresh" />
          {t('menu.refresh')}
        </button>
      </div>
    </div>
  );
}

/** The host dropped: the table shows its last known inventory, and says so. */
function StaleStrip({ host }: { host: HostEntry }) {
  const { t } = useTranslation();
  return (
    <div className="stale-strip" role="status">
      <Icon name="alert" />
      <span className="stale-text">
        {t('host.staleInventory', { host: host.config.name, status: t(`state.host.${host.status}`) })}
        {host.error && <span className="muted"> {errorText(host.error)}</span>}
      </span>
      <button type="button" className="btn small" onClick={() => void connectHost(host.config.name)}>
        <Icon name="plug" />
        {t('menu.connect')}
      </button>
    </div>
  );
}

function Crumbs({ parts }: { parts: string[] }) {
  return (
    <span className="crumbs">
      {parts.map((p, i) => (
        <span key={i} className="crumb">
          {p}
        </span>
      ))}
    </span>
  );
}

function HostTabs({ current, host }: { current: HostView; host: string }) {
  const { t } = useTranslation();
  const setHostView = usePrefsStore((s) => s.setHostView);
  return (
    <div className="tabs" role="tablist" aria-label={t('view.hostTabs', { host })}>
      {HOST_VIEWS.map((v) => (
        <button key={v} type="button" role="tab" aria-selected={v === current} className={v === current ? 'tab active' : 'tab'} onClick={() => setHostView(v)}>
          {t(`view.tab.${v}`)}
        </button>
      ))}
    </div>
  );
}

function SelectedTable({ selected, host, inventory }: { selected: NodeRef; host: HostEntry; inventory: Inventory }) {
  const { t } = useTranslation();
  const hostView = usePrefsStore((s) => s.hostView);
  const name = host.config.name;
  const label = hostLabel(name, t);
  const view: HostView | 'disks' | 'volumes' =
    selected.kind === 'host' ? hostView : selected.kind === 'vms' ? 'vms' : selected.kind === 'pools' ? 'pools' : selected.kind === 'vm' || selected.kind === 'disk' ? 'disks' : 'volumes';
  const vmName = selected.kind === 'vm' || selected.kind === 'disk' ? selected.vm : null;
  const poolName = selected.kind === 'pool' || selected.kind === 'volume' ? selected.pool : null;
  const domain = vmName === null ? undefined : inventory.domains.find((d) => d.name === vmName);
  const pool = poolName === null ? undefined : inventory.pools.find((p) => p.name === poolName);

  const tabs = selected.kind === 'host' ? <HostTabs current={hostView} host={name} /> : null;
  const header = (title: string, crumbs: string[]): ReactNode => (
    <>
      <Crumbs parts={crumbs} />
      <h2 className="pane-heading">{title}</h2>
      {tabs}
    </>
  );

  const vms = useMemo(() => vmRows(name, inventory), [name, inventory]);
  const allDisks = useMemo(() => (view === 'hostDisks' ? hostDiskRows(name, inventory) : []), [view, name, inventory]);
  const pools = useMemo(() => poolRows(name, inventory), [name, inventory]);
  const disks = useMemo(() => (domain ? diskRows(name, domain) : []), [name, domain]);
  const volumes = useMemo(() => (pool ? volumeRows(name, pool) : []), [name, pool]);

  switch (view) {
    case 'vms':
      return <TableView key={`vms|${name}`} spec={VM_TABLE} rows={vms} label={t('view.vmsOf', { host: name })} header={header(t('view.vms'), [label])} emptyKey="empty.noVms" />;
    case 'hostDisks':
      return <TableView key={`hd|${name}`} spec={HOST_DISK_TABLE} rows={allDisks} label={t('view.allDisksOf', { host: name })} header={header(t('view.allDisks'), [label])} emptyKey="empty.noDisks" />;
    case 'io':
      return <BusiestTable host={name} inventory={inventory} header={header(t('view.busiest'), [label])} />;
    case 'pools':
      return <TableView key={`pools|${name}`} spec={POOL_TABLE} rows={pools} label={t('view.poolsOf', { host: name })} header={header(t('view.pools'), [label])} emptyKey="empty.noPools" />;
    case 'disks':
      if (!domain) return <EmptyState icon="monitor" title={t('empty.vmGone', { name: vmName ?? '' })} />;
      return (
        <TableView
          key={`disks|${name}|${domain.name}`}
          spec={DISK_TABLE}
          rows={disks}
          label={t('view.disksOf', { vm: domain.name })}
          header={header(t('view.disksOf', { vm: domain.name }), [label, t('tree.vms')])}
          emptyKey="empty.noDisks"
        />
      );
    case 'volumes':
      if (!pool) return <EmptyState icon="database" title={t('empty.poolGone', { name: poolName ?? '' })} />;
      return (
        <TableView
          key={`vols|${name}|${pool.name}`}
          spec={VOLUME_TABLE}
          rows={volumes}
          label={t('view.volumesOf', { pool: pool.name })}
          header={header(t('view.volumesOf', { pool: pool.name }), [label, t('tree.pools')])}
          emptyKey={pool.active ? 'empty.noVolumes' : 'empty.poolInactive'}
        />
      );
  }
}
