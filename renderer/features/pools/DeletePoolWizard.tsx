// Delete a pool: what goes (its storage, its definition, and its volumes
// only when asked, each named), then the review of the exact commands.
// The backend refuses while a VM uses a volume or another image builds on one.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/contract/ops.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { Checkbox, SelectField } from '../../platform/components/FormFields.tsx';
import { VOL_WIPE_ALGORITHMS, type VolWipeAlgorithm } from '../../../shared/contract/features/pools.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { useHostInventory } from '../../platform/store/inventory.ts';
import { volumeUses } from '../volumes/index.ts';
import { blameBy } from '../../platform/wizard/blame.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { WizardNotice } from '../../platform/wizard/WizardNotice.tsx';

const blameDelete = blameBy({ withVolumes: 'pool', pool: 'pool', wipe: 'pool', algorithm: 'pool' });

export function DeletePoolWizard({ host, pool: name, onClose }: { host: string; pool: string; onClose(): void }) {
  const { t } = useTranslation();
  const inventory = useHostInventory(host).inventory;
  const live = inventory?.pools.find((p) => p.name === name);
  const domains = inventory?.domains ?? [];
  // The pool as last seen: once the job has deleted it, the job's page stays (it is not "gone" then).
  const seen = useRef(live);
  if (live) seen.current = live;
  const pool = seen.current;
  const [withVolumes, setWithVolumes] = useState(false);
  const [wipe, setWipe] = useState(false);
  const [algorithm, setAlgorithm] = useState<VolWipeAlgorithm>('zero');
  const title = t('pool.delete.title', { pool: name });
  if (!pool) return <WizardNotice title={title} onClose={onClose}>{t('pool.gone', { pool: name, host })}</WizardNotice>;
  const wiping = withVolumes && wipe;
  const operation: Operation = { kind: 'pool.delete', host, request: { pool: name, withVolumes, ...(wiping ? { wipe: true, algorithm } : {}) } };
  const where = pool.targetPath ?? pool.sourceDescription ?? pool.name;
  return (
    <Wizard
      title={title}
      onClose={onClose}
      operation={operation}
      blame={blameDelete}
      runLabel={wiping ? t('pool.delete.runWipe') : withVolumes ? t('pool.delete.runWithVolumes') : t('pool.delete.run')}
      scriptName={`pool-delete-${name}`}
      onJobEnd={(job) => job.state === 'succeeded' && useSelectionStore.getState().forget({ kind: 'pool', host, pool: name })}
      steps={[
        {
          id: 'pool',
          label: t('pool.delete.step'),
          content: (
            <div className="form" data-testid="pool-delete-step">
              <p>{t('pool.delete.intro', { where })}</p>
              {pool.volumes.length ? (
                <>
                  <p>{t('pool.delete.volumes', { count: pool.volumes.length })}</p>
                  <ul className="plain-list mono" data-testid="pool-delete-volumes">
                    {pool.volumes.map((v) => {
                      const uses = volumeUses(domains, inventory?.pools ?? [], v);
                      return (
                        <li key={v.key} data-used={uses.length ? 'yes' : 'no'}>
                          {v.name} <span className="muted">({formatBytes(v.capacity)})</span>
                          {uses.length > 0 && <span className="warn-text"> {t('pool.delete.usedBy', { uses: uses.map((u) => `${u.vm} (${u.target})`).join(', ') })}</span>}
                        </li>
                      );
                    })}
                  </ul>
                  {pool.volumes.some((v) => volumeUses(domains, inventory?.pools ?? [], v).length > 0) && <p className="warn-text">{t('pool.delete.inUseNote')}</p>}
                  <Checkbox name="withVolumes" label={t('pool.delete.withVolumes')} checked={withVolumes} onChange={setWithVolumes} help={t('pool.delete.withVolumesHelp')} />
                  <Checkbox name="wipe" label={t('pool.delete.wipe')} checked={wiping} disabled={!withVolumes} onChange={setWipe} help={t('pool.delete.wipeHelp')} />
                  {wiping && (
                    <SelectField
                      name="algorithm"
                      label={t('pool.delete.algorithm')}
                      value={algorithm}
                      options={VOL_WIPE_ALGORITHMS.map((a) => ({ value: a, label: t(`pool.delete.algorithms.${a}`) }))}
                      onChange={(v) => setAlgorithm(v as VolWipeAlgorithm)}
                      help={t('pool.delete.algorithmHelp')}
                    />
                  )}
                </>
              ) : (
                <p>{t('pool.delete.noVolumes')}</p>
              )}
            </div>
          ),
        },
      ]}
    />
  );
}
