// Bottom bar: the carrier's state (and reconnect countdown), each host's
// connection state, and inventory counts.
import { hostLabel } from '../platform/i18n/host-label.ts';
import { errorText } from '../platform/i18n/msg.ts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostEntry } from '../../shared/contract/api.ts';
import { api } from '../platform/api/instance.ts';
import { HostStatusBadge } from '../platform/components/StateBadge.tsx';
import { useConnectionStore } from '../platform/store/connection.ts';
import { useHostsStore } from '../platform/store/hosts.ts';
import { useInventoryStore } from '../platform/store/inventory.ts';
import { useSelectionStore } from '../platform/store/selection.ts';
import { AlertsIndicator } from '../features/stats/index.ts';
import { JobsIndicator } from './JobsIndicator.tsx';

function CarrierIndicator() {
  const { t } = useTranslation();
  const carrier = useConnectionStore((s) => s.carrier);
  const [now, setNow] = useState(() => Date.now());
  const reconnecting = carrier.status === 'reconnecting';
  // A countdown only while reconnecting; nothing ticks otherwise.
  useEffect(() => {
    if (!reconnecting) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [reconnecting]);

  let text: string;
  let tone: string;
  switch (carrier.status) {
    case 'connected':
      text = t(carrier.kind === 'ipc' ? 'status.carrier.ipc' : 'status.carrier.connected');
      tone = 'online';
      break;
    case 'connecting':
      text = t('status.carrier.connecting');
      tone = 'connecting';
      break;
    case 'reconnecting':
      text = t('status.carrier.reconnecting', { seconds: Math.max(0, Math.ceil((carrier.retryAt - now) / 1000)), attempt: carrier.attempt });
      tone = 'error';
      break;
    case 'no-token':
      text = t('status.carrier.noToken');
      tone = 'error';
      break;
    case 'expired':
      text = t('status.carrier.expired');
      tone = 'error';
      break;
  }
  return (
    <span className={`carrier state-${tone}`} role="status" data-carrier={carrier.status}>
      <span className="dot" aria-hidden="true" />
      {text}
      {reconnecting && (
        <button type="button" className="link-btn" onClick={() => api().retryNow()}>
          {t('status.carrier.retryNow')}
        </button>
      )}
    </span>
  );
}

function HostChips({ hosts }: { hosts: readonly HostEntry[] }) {
  const { t } = useTranslation();
  const reveal = useSelectionStore((s) => s.reveal);
  return (
    <ul className="host-chips" aria-label={t('status.hosts')}>
      {hosts.map((h) => {
        const status = t(`state.host.${h.status}`);
        // One accessible name, the host and its state once ("This computer: Online");
        // a button's content (the dot, the name) does not add to it. The error, if any, is the description (title).
        const label = hostLabel(h.config.name, t);
        const name = t('status.hostChip', { name: label, status });
        const title = h.error ? t('tree.hostTitleError', { name: label, status, reason: errorText(h.error) }) : name;
        return (
          <li key={h.config.name}>
            <button type="button" className={`host-chip state-${h.status}`} aria-label={name} title={title} onClick={() => reveal({ kind: 'host', host: h.config.name })} data-host={h.config.name} data-status={h.status}>
              <HostStatusBadge status={h.status} compact title={title} />
              <span className="chip-name">{label}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function Counts({ hosts }: { hosts: readonly HostEntry[] }) {
  const { t } = useTranslation();
  const byHost = useInventoryStore((s) => s.byHost);
  const c = useMemo(() => {
    let vms = 0;
    let running = 0;
    let disks = 0;
    let pools = 0;
    for (const { inventory } of Object.values(byHost)) {
      if (!inventory) continue;
      vms += inventory.domains.length;
      for (const d of inventory.domains) {
        if (d.state === 'running') running++;
        disks += d.disks.length;
      }
      pools += inventory.pools.length;
    }
    return { hosts: hosts.length, online: hosts.filter((h) => h.status === 'online').length, vms, running, disks, pools };
  }, [hosts, byHost]);
  return (
    <span className="counts">
      <span>{t('status.counts.hosts', { count: c.hosts, online: c.online })}</span>
      <span>{t('status.counts.vms', { count: c.vms, running: c.running })}</span>
      <span>{t('status.counts.disks', { count: c.disks })}</span>
      <span>{t('status.counts.pools', { count: c.pools })}</span>
    </span>
  );
}

export function StatusBar() {
  const { t } = useTranslation();
  const hosts = useHostsStore((s) => s.hosts);
  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      <CarrierIndicator />
      <span className="divider" aria-hidden="true" />
      <HostChips hosts={hosts} />
      <span className="spacer" />
      <AlertsIndicator />
      <JobsIndicator />
      <span className="divider" aria-hidden="true" />
      <Counts hosts={hosts} />
    </footer>
  );
}
