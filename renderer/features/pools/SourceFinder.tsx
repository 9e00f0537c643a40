// "Find…" for a new pool's source (pool.sources, libvirt's
// find-storage-pool-sources): the host's volume groups, a server's NFS or
// Gluster exports, an iSCSI portal's targets. Choosing one fills the fields
// it names; nothing is run on the host but the search itself.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PoolSource, PoolTypeInfo } from '../../../shared/contract/features/pools.ts';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { api } from '../../platform/api/instance.ts';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import type { PoolForm } from './pool-form.ts';

/** Whether the type's sources can be searched, and what the search needs first (a server, an initiator). */
export function finderNeeds(info: PoolTypeInfo, form: PoolForm): { offered: boolean; missingKey: string | null } {
  const d = info.discovery;
  if (d !== 'find-sources' && d !== 'find-sources-host' && d !== 'iscsi-ls' && d !== 'zpool-list') return { offered: false, missingKey: null };
  const host = form.hosts[0]?.trim() ?? '';
  if (d !== 'find-sources' && d !== 'zpool-list' && host === '') return { offered: true, missingKey: 'pool.create.find.needsHost' };
  if (d === 'iscsi-ls' && form.initiatorIqn.trim() === '') return { offered: true, missingKey: 'pool.create.find.needsInitiator' };
  return { offered: true, missingKey: null };
}

/** The answers a found source fills in. */
export function fromSource(s: PoolSource): Partial<PoolForm> {
  return {
    ...(s.name !== undefined ? { sourceName: s.name } : {}),
    ...(s.dir !== undefined ? { dir: s.dir } : {}),
    ...(s.iscsiTarget !== undefined ? { iscsiTarget: s.iscsiTarget } : {}),
    ...(s.devices?.length ? { devices: [...s.devices] } : {}),
    ...(s.format !== undefined ? { format: s.format } : {}),
    ...(s.adapter !== undefined ? { adapter: s.adapter } : {}),
  };
}

function label(s: PoolSource): string {
  return [s.name, s.dir, s.iscsiTarget, s.adapter].filter(Boolean).join(' · ') || (s.devices ?? []).join(', ');
}

export function SourceFinder({ host, info, form, onChange }: { host: string; info: PoolTypeInfo; form: PoolForm; onChange(patch: Partial<PoolForm>): void }) {
  const { t } = useTranslation();
  const [found, setFound] = useState<PoolSource[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const needs = finderNeeds(info, form);
  if (!needs.offered) return null;
  const search = async () => {
    setBusy(true);
    setError(null);
    setFound(null);
    const sourceHost = form.hosts[0]?.trim();
    const out = await api().call('pool.sources', {
      host,
      type: info.type,
      ...((info.discovery === 'find-sources-host' || info.discovery === 'iscsi-ls') && sourceHost ? { sourceHost } : {}),
      ...(info.discovery === 'iscsi-ls' && form.initiatorIqn.trim() ? { initiatorIqn: form.initiatorIqn.trim() } : {}),
    });
    setBusy(false);
    if (out.ok) setFound(out.result);
    else setError(out.error);
  };
  return (
    <div className="source-finder" data-testid="source-finder">
      <div className="form-row">
        <button type="button" className="btn" disabled={busy || needs.missingKey !== null} onClick={() => void search()}>
          {t(`pool.create.find.button.${info.type === 'logical' ? 'vgs' : info.type === 'zfs' ? 'zpools' : info.type === 'netfs' || info.type === 'gluster' ? 'exports' : info.type === 'scsi' ? 'adapters' : 'targets'}`)}
        </button>
        {needs.missingKey && <span className="field-help">{t(needs.missingKey)}</span>}
        {busy && <Spinner label={t('pool.create.find.searching')} />}
      </div>
      {error && <ErrorCallout error={error} titleKey="pool.create.find.failed" />}
      {found && found.length === 0 && <p className="muted">{t('pool.create.find.none')}</p>}
      {found && found.length > 0 && (
        <ul className="found-sources">
          {found.map((s, i) => (
            <li key={i}>
              <span className="mono">{label(s)}</span>
              {s.devices?.length && s.name ? <span className="muted"> ({s.devices.join(', ')})</span> : null}
              <button type="button" className="btn small" onClick={() => onChange(fromSource(s))}>
                {t('pool.devices.choose')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
