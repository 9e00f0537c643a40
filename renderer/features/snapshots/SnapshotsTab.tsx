// The "Snapshots" tab of a VM: its snapshot tree as the host reports it now
// (snapshot.list), with the Now row, and what this host's libvirt can do
// (external revert by libvirt or by Spindle, internal snapshots refused and
// why, the guest agent for quiesce).
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout, RetryRow } from '../../platform/components/ErrorCallout.tsx';
import { Callout } from '../../platform/components/Callout.tsx';
import { useRead } from '../../platform/api/use-read.ts';
import { text } from '../../platform/i18n/msg.ts';
import { SnapshotTreeView } from './SnapshotTreeView.tsx';

export function SnapshotsTab({ host, vm }: { host: string; vm: string }) {
  const { t } = useTranslation();
  const read = useRead('snapshot.list', { host, domain: vm }, `${host}\u0000${vm}`);
  if (read.error)
    return (
      <div className="snapshots-tab">
        <ErrorCallout error={read.error} />
        <RetryRow onRetry={read.reload} />
      </div>
    );
  if (!read.data) return <Spinner label={t('snapshots.loading')} />;
  const caps = read.data.capabilities;
  return (
    <div className="snapshots-tab" data-testid="snapshots-tab">
      <div className="snapshots-caps muted small">
        <span>{t(caps.externalRevert ? 'snapshots.caps.externalByLibvirt' : 'snapshots.caps.externalBySpindle')}</span>
        <span>{t(caps.agent ? 'snapshots.caps.agent' : 'snapshots.caps.noAgent')}</span>
        <button type="button" className="link" onClick={read.reload}>
          {t('snapshots.refresh')}
        </button>
      </div>
      {caps.internalRefusal && (
        <Callout tone="info compact" icon="info" role="note">
          {text(caps.internalRefusal, caps.internalRefusalMsg)}
        </Callout>
      )}
      <SnapshotTreeView tree={read.data} />
    </div>
  );
}
