// The build's confirmation: each device it erases, with what the host says
// is on it (size, filesystem or partition table, mounts, users), and its
// path typed again. The backend checks the same list (formatDevices) and
// runs mkfs/pool-build with --no-overwrite where libvirt has it.
import { useTranslation } from 'react-i18next';
import type { BlockDevice } from '../../../shared/contract/features/pools.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { TextField } from '../../platform/components/FormFields.tsx';
import { deviceList, type PoolForm } from './pool-form.ts';

export function DeviceFacts({ device }: { device: BlockDevice | undefined }) {
  const { t } = useTranslation();
  if (!device) return null;
  const found = [device.fstype, device.pttype && `${device.pttype} ${t('pool.devices.table')}`, device.label && `“${device.label}”`].filter(Boolean).join(', ');
  return (
    <ul className="device-facts">
      <li>
        {t('pool.create.confirm.size')}: {formatBytes(device.sizeBytes)}
        {device.model ? ` · ${device.model}` : ''}
      </li>
      <li data-testid="device-signature">{found ? `${t('pool.create.confirm.signature')}: ${found}` : t('pool.create.confirm.clean')}</li>
      {device.inUse.map((u, i) => (
        <li key={i} className="warn">
          {t(`pool.devices.inUse.${u.reason}`, { name: u.name ?? '' })}
        </li>
      ))}
    </ul>
  );
}

export function PoolConfirmStep({ form, devices, onChange }: { form: PoolForm; devices: readonly BlockDevice[] | null; onChange(patch: Partial<PoolForm>): void }) {
  const { t } = useTranslation();
  const byPath = new Map((devices ?? []).map((d) => [d.path, d]));
  return (
    <div className="form" data-testid="pool-confirm-step">
      <p className="callout pending">{t('pool.create.confirm.intro')}</p>
      {deviceList(form).map((dev) => {
        const typed = form.confirm[dev] ?? '';
        return (
          <div className="confirm-device" key={dev} data-device={dev}>
            <div className="mono confirm-device-path">{dev}</div>
            <DeviceFacts device={byPath.get(dev)} />
            <TextField
              name={`confirm-${dev}`}
              label={t('pool.create.confirm.type')}
              value={typed}
              mono
              error={typed !== '' && typed !== dev ? 'pool.create.confirm.mismatch' : undefined}
              onChange={(v) => onChange({ confirm: { ...form.confirm, [dev]: v } })}
            />
          </div>
        );
      })}
    </div>
  );
}
