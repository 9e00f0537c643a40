// The first step of New storage pool: every libvirt pool type, grouped by
// where its storage is. A type this host's libvirt does not run names the
// package that adds it; one Spindle cannot create yet says so.
import { useTranslation } from 'react-i18next';
import type { PoolTypeInfo } from '../../../shared/contract/features/pools.ts';
import { Choice } from '../../platform/components/FormFields.tsx';

const GROUPS: Readonly<Record<'local' | 'network' | 'other', readonly string[]>> = {
  local: ['dir', 'fs', 'logical', 'disk', 'zfs', 'scsi', 'mpath'],
  network: ['netfs', 'iscsi', 'iscsi-direct', 'rbd', 'gluster'],
  other: ['sheepdog', 'vstorage'],
};

/** Why a type cannot be chosen here, as a catalog key and its values (null: it can). */
export function typeBlock(info: PoolTypeInfo): { key: string; values?: Record<string, string> } | null {
  if (!info.supported) {
    const { debian, fedora } = info.packages;
    if (!debian || !fedora) return { key: 'pool.create.notPackaged' };
    return debian === fedora ? { key: 'pool.create.missingSame', values: { name: debian } } : { key: 'pool.create.missing', values: { debian, fedora } };
  }
  return info.creatable ? null : { key: 'pool.create.notYet' };
}

export function PoolTypeStep({ types, value, onChange }: { types: readonly PoolTypeInfo[]; value: string; onChange(type: string): void }) {
  const { t } = useTranslation();
  const byType = new Map(types.map((x) => [x.type, x]));
  return (
    <div className="form pool-types" data-testid="pool-type-step">
      {(Object.keys(GROUPS) as (keyof typeof GROUPS)[]).map((g) => {
        const infos = GROUPS[g].map((type) => byType.get(type)).filter((x) => x !== undefined);
        if (!infos.length) return null;
        return (
          <fieldset key={g} className="choice-list">
            <legend>{t(`pool.create.typeGroup.${g}`)}</legend>
            {infos.map((info) => {
              const block = typeBlock(info);
              return (
                <Choice
                  key={info.type}
                  name="pool-type"
                  value={info.type}
                  checked={value === info.type}
                  disabled={block !== null}
                  onSelect={() => onChange(info.type)}
                  title={
                    <>
                      {t(`pool.create.type.${info.type}`)} <span className="mono muted">{info.type}</span>
                    </>
                  }
                  help={t(`pool.create.typeHelp.${info.type}`)}
                  data-pool-type={info.type}
                  data-available={block ? 'no' : 'yes'}
                >
                  {block && <span className="choice-reason">{t(block.key, block.values)}</span>}
                </Choice>
              );
            })}
          </fieldset>
        );
      })}
    </div>
  );
}
