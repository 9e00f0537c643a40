// Picks an existing volume: a pool, then one of its volumes with its format,
// size and the VMs that already use it.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Domain, Pool } from '../../../shared/contract/models.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { SelectField } from '../../platform/components/FormFields.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { compareNames } from '../../platform/model/collate.ts';
import { onListKeyDown } from '../../platform/wizard/list-keys.ts';
import { volumeUses, type ImageUse } from './volume-usage.ts';
import { PoolFreeSpace } from './VolumeFields.tsx';
import { poolNamed } from '../../../shared/contract/inventory-lookup.ts';

function UsedBy({ uses, self }: { uses: ImageUse[]; self: string }) {
  const { t } = useTranslation();
  if (uses.length === 0) return <span className="muted">{t('wizard.attach.unused')}</span>;
  return (
    <span className="used-by">
      {uses.map((u) => (
        <span key={`${u.vm}/${u.target}`} className={`badge ${u.vm === self ? 'neutral' : u.readonly ? 'neutral' : 'warn-badge'}`}>
          {t(u.how === 'disk' ? (u.readonly ? 'wizard.attach.useDiskRo' : 'wizard.attach.useDisk') : 'wizard.attach.useBacking', { vm: u.vm, target: u.target })}
        </span>
      ))}
    </span>
  );
}

export function VolumePicker({ pools, domains, self, pool, volume, onChange }: { pools: readonly Pool[]; domains: readonly Domain[]; self: string; pool: string; volume: string; onChange(patch: { pool?: string; volume?: string }): void }) {
  const { t } = useTranslation();
  const labelId = useId();
  const current = poolNamed(pools, pool);
  const volumes = [...(current?.volumes ?? [])].sort((a, b) => compareNames(a.name, b.name));
  return (
    <div className="form">
      <SelectField
        name="pool"
        label={t('wizard.volume.pool')}
        value={pool}
        onChange={(p) => onChange({ pool: p, volume: '' })}
        options={[
          ...(pool === '' ? [{ value: '', label: t('wizard.volume.choosePool'), disabled: true }] : []),
          ...pools.map((p) => ({ value: p.name, label: p.active ? t('wizard.volume.poolOption', { pool: p.name, free: formatBytes(p.available) }) : t('wizard.volume.poolOptionInactive', { pool: p.name }), disabled: !p.active })),
        ]}
        help={<PoolFreeSpace pool={current} />}
      />
      <div className="form-field">
        <span className="field-label" id={labelId}>
          {t('wizard.attach.volume')}
        </span>
        <div className="pick-list" role="listbox" aria-labelledby={labelId} onKeyDown={onListKeyDown}>
          {volumes.length === 0 && <div className="file-empty muted">{t('empty.noVolumes')}</div>}
          {volumes.map((v) => {
            const uses = volumeUses(domains, pools, v);
            const sel = v.name === volume;
            return (
              <button key={v.name} type="button" role="option" aria-selected={sel} className={`pick-row${sel ? ' selected' : ''}`} data-name={v.name} onClick={() => onChange({ volume: v.name })}>
                <Icon name="file" className="file-icon" />
                <span className="pick-name">{v.name}</span>
                <span className="pick-meta">{v.format ?? t('common.dash')}</span>
                <span className="pick-meta num">{formatBytes(v.capacity)}</span>
                <UsedBy uses={uses} self={self} />
              </button>
            );
          })}
        </div>
      </div>
    </div>
  );
}
