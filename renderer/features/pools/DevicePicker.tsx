// The host's block devices for a new pool (pool.devices): size, what is on
// each (filesystem, partition table, label) and what already uses it. One
// that is mounted, is swap, is held by another device, is another pool's
// source or a VM's disk cannot be chosen; partitions and LVM are a warning.
import { useTranslation } from 'react-i18next';
import type { BlockDevice } from '../../../shared/contract/features/pools.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout, RetryRow } from '../../platform/components/ErrorCallout.tsx';
import type { ReadState } from '../../platform/api/use-read.ts';

const BLOCKING: ReadonlySet<string> = new Set(['mounted', 'swap', 'holders', 'pool', 'vm']);

export function deviceBlocked(d: BlockDevice): boolean {
  return d.inUse.some((u) => BLOCKING.has(u.reason));
}

function content(d: BlockDevice, table: string): string {
  return [d.fstype, d.pttype && `${d.pttype} ${table}`, d.label && `“${d.label}”`].filter(Boolean).join(', ');
}

export function DevicePicker({ devices, selected, onSelect }: { devices: ReadState<BlockDevice[]>; selected: string; onSelect(path: string): void }) {
  const { t } = useTranslation();
  if (devices.error)
    return (
      <div className="device-picker">
        <ErrorCallout error={devices.error} titleKey="pool.devices.failed" />
        <RetryRow onRetry={devices.reload} />
      </div>
    );
  if (!devices.data) return <Spinner label={t('pool.devices.loading')} />;
  if (!devices.data.length) return <p className="muted">{t('pool.devices.none')}</p>;
  return (
    <div className="device-picker-scroll">
    <table className="fs-table device-picker" data-testid="device-picker">
      <thead>
        <tr>
          <th>{t('pool.devices.path')}</th>
          <th className="num">{t('pool.devices.size')}</th>
          <th>{t('pool.devices.type')}</th>
          <th>{t('pool.devices.content')}</th>
          <th>{t('pool.devices.use')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {devices.data.map((d) => {
          const blocked = deviceBlocked(d);
          return (
            <tr key={d.path} data-device={d.path} className={d.path === selected ? 'selected' : undefined}>
              <td className="mono">{d.path}</td>
              <td className="num">{formatBytes(d.sizeBytes)}</td>
              <td>{d.type}</td>
              <td>{content(d, t('pool.devices.table')) || <span className="muted">{t('pool.devices.empty')}</span>}</td>
              <td className={d.inUse.length ? 'warn-text' : 'muted'}>{d.inUse.length ? d.inUse.map((u) => t(`pool.devices.inUse.${u.reason}`, { name: u.name ?? '' })).join('; ') : t('pool.devices.free')}</td>
              <td>
                <button type="button" className="btn small" disabled={blocked || d.readOnly} onClick={() => onSelect(d.path)}>
                  {t('pool.devices.choose')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
    </div>
  );
}
