// The host's "Mounts" tab: images Spindle has mounted on it (host.mounts),
// with where, how (loop, or FUSE export first), read-only or not, and
// Unmount…; refreshed when a host.mount or host.umount job ends.
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { baseName } from '../../platform/model/lookup.ts';
import { copyText } from '../../platform/store/actions.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { useHostMounts } from './host-mounts.ts';
import { formatDateTime, formatTime } from '../../platform/i18n/format.ts';
import { TableHead } from '../../platform/components/TableHead.tsx';

const COLUMNS = ['mount.col.image', 'mount.col.partition', 'mount.col.mountpoints', 'mount.col.access', 'mount.col.fsType', 'mount.col.since'];

export function HostMountsTab({ host, online }: { host: string; online: boolean }) {
  const { t } = useTranslation();
  const { mounts, loading, error, reload } = useHostMounts(host);
  return (
    <div className="fs-tab" data-host-mounts={host}>
      <div className="fs-toolbar">
        <span className="fs-heading">{t('mount.hostList.heading', { host })}</span>
        <span className="spacer" />
        {loading && <Spinner label={t('mount.hostList.reading')} />}
        <button type="button" className="btn small" data-action="refresh-mounts" disabled={loading} onClick={reload}>
          <Icon name="refresh" className={loading ? 'spin' : undefined} />
          {t('mount.fs.refresh')}
        </button>
        <button type="button" className="btn small primary" data-action="host-mount-image" disabled={!online} onClick={() => openDialog({ kind: 'host-mount', host })}>
          <Icon name="folder" />
          {t('actions.mountImage')}
        </button>
      </div>
      {error && <ErrorCallout error={error} compact titleKey="mount.hostList.failed" />}
      {mounts && mounts.length === 0 && <p className="muted fs-empty">{t('mount.hostList.none')}</p>}
      {mounts && mounts.length > 0 && (
        <div className="fs-table-wrap">
          <table className="fs-table" aria-label={t('mount.hostList.table', { host })}>
            <TableHead columns={COLUMNS} actionsKey="mount.col.actions" />
            <tbody>
              {mounts.map((m) => (
                <tr key={m.id} data-mount-id={m.id} data-mountpoint={m.mountpoint}>
                  <td>
                    <span className="fs-image">
                      <span className="mono truncate" title={m.image}>
                        {baseName(m.image)}
                      </span>
                      <span className="badge neutral">{m.format}</span>
                    </span>
                  </td>
                  <td>{m.partition !== undefined ? m.partition : <span className="muted">{t('mount.hostList.whole')}</span>}</td>
                  <td className="wrap">
                    <span className="fs-mountpoint">
                      <code className="mono">{m.mountpoint}</code>
                      <button type="button" className="icon-btn small" title={t('mount.host.copyPath')} aria-label={t('mount.host.copyPath')} onClick={() => void copyText(m.mountpoint)}>
                        <Icon name="copy" size={12} />
                      </button>
                    </span>
                  </td>
                  <td className="wrap-words">
                    {m.readOnly ? t('mount.hostList.ro') : <span className="fg-danger">{t('mount.hostList.rw')}</span>}
                    <span className="muted small fs-via">{t(`mount.hostList.via.${m.via}`)}</span>
                  </td>
                  <td className="mono">{m.fsType ?? <span className="muted">{t('common.dash')}</span>}</td>
                  <td title={formatDateTime(m.mountedAt)}>{formatTime(m.mountedAt)}</td>
                  <td className="fs-actions">
                    <span className="fs-buttons">
                      <button type="button" className="btn small" data-action="host-umount" disabled={!online} onClick={() => openDialog({ kind: 'host-umount', host, id: m.id })}>
                        <Icon name="eject" />
                        {t('mount.fs.umount')}
                      </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">{t('mount.hostList.note')}</p>
    </div>
  );
}
