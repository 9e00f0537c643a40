// New storage pool: the type (from what this host's libvirt runs), its
// settings, the confirmation of every device a build erases, then the
// review of the exact commands (define, build, start, autostart).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatePoolField, PoolTypeInfo } from '../../../shared/contract/features/pools.ts';
import type { Operation } from '../../../shared/contract/ops.ts';
import { useRead } from '../../platform/api/use-read.ts';
import { usePools } from '../../platform/wizard/inventory-hooks.ts';
import { blameBy } from '../../platform/wizard/blame.ts';
import { StepGate } from '../../platform/wizard/StepGate.tsx';
import { Wizard, type WizardStep } from '../../platform/wizard/Wizard.tsx';
import { PoolConfirmStep } from './PoolConfirmStep.tsx';
import { PoolSettingsStep } from './PoolSettingsStep.tsx';
import { PoolTypeStep, typeBlock } from './PoolTypeStep.tsx';
import { asks, buildErases, CONFIRM_FIELDS, emptyPoolForm, freePoolName, pickErrors, SETTINGS_FIELDS, toCreateRequest, TYPE_FIELDS, validatePool, withPoolChange, type PoolErrors, type PoolForm } from './pool-form.ts';

type Step = 'type' | 'settings' | 'confirm';

/** Which step asks which request field (a refusal names its field). */
const CREATE_POOL_STEPS: Readonly<Record<CreatePoolField, Step>> = {
  type: 'type',
  name: 'settings',
  target: 'settings',
  permissions: 'settings',
  source: 'settings',
  'source.hosts': 'settings',
  'source.devices': 'settings',
  'source.dir': 'settings',
  'source.name': 'settings',
  'source.adapter': 'settings',
  'source.format': 'settings',
  'source.initiatorIqn': 'settings',
  'source.iscsiTarget': 'settings',
  'source.auth': 'settings',
  build: 'settings',
  newSecret: 'settings',
  autostart: 'settings',
  formatDevices: 'confirm',
};
const blameCreatePool = blameBy(CREATE_POOL_STEPS, { INVALID_NAME: 'settings' });

const incomplete = (e: PoolErrors): string | null => (Object.keys(e).length ? 'wizard.fixProblems' : null);

/** The type offered first: dir where it can be made, else the first that can. */
function firstType(types: readonly PoolTypeInfo[]): PoolTypeInfo | undefined {
  return types.find((x) => x.type === 'dir' && !typeBlock(x)) ?? types.find((x) => !typeBlock(x));
}

export function CreatePoolWizard({ host, onClose }: { host: string; onClose(): void }) {
  const { t } = useTranslation();
  const types = useRead('pool.types', { host }, host);
  const title = t('pool.create.title', { host });
  if (!types.data) {
    return (
      <Wizard
        title={title}
        onClose={onClose}
        operation={null}
        steps={[
          {
            id: 'type',
            label: t('pool.create.stepType'),
            content: <StepGate value={types.data} error={types.error} retry={types.reload} failedKey="pool.create.typesFailed" loadingKey="pool.create.loadingTypes">{() => null}</StepGate>,
            incomplete: 'pool.create.loadingTypes',
          },
        ]}
      />
    );
  }
  return <CreatePoolForm host={host} title={title} types={types.data} onClose={onClose} />;
}

function CreatePoolForm({ host, title, types, onClose }: { host: string; title: string; types: PoolTypeInfo[]; onClose(): void }) {
  const { t } = useTranslation();
  const pools = usePools(host);
  const infoOf = (type: string) => types.find((x) => x.type === type);
  const [form, setForm] = useState<PoolForm>(() => {
    const first = firstType(types);
    const start = emptyPoolForm('', freePoolName(pools, 'pool'));
    return withPoolChange(start, { type: first?.type ?? 'dir' }, first);
  });
  const info = infoOf(form.type);
  const change = (patch: Partial<PoolForm>) => setForm((f) => withPoolChange(f, patch, infoOf(patch.type ?? f.type)));
  const errors = useMemo(() => validatePool(form, info, pools), [form, info, pools]);
  const erases = buildErases(form);
  // The host's block devices: for the picker and the confirmation (read when the type takes devices).
  const devices = useRead('pool.devices', { host }, info && asks(info).devices ? host : '');
  const ok = Object.keys(errors).length === 0 && info !== undefined;
  const operation: Operation | null = ok && info ? { kind: 'pool.create', host, request: toCreateRequest(form, info) } : null;

  const steps: WizardStep[] = [
    { id: 'type', label: t('pool.create.stepType'), content: <PoolTypeStep types={types} value={form.type} onChange={(type) => change({ type })} />, incomplete: incomplete(pickErrors(errors, TYPE_FIELDS)) },
    {
      id: 'settings',
      label: t('pool.create.stepSettings'),
      content: info ? <PoolSettingsStep host={host} devices={devices} form={form} info={info} errors={errors} onChange={change} /> : null,
      incomplete: incomplete(pickErrors(errors, SETTINGS_FIELDS)),
    },
  ];
  if (erases) steps.push({ id: 'confirm', label: t('pool.create.stepConfirm'), content: <PoolConfirmStep form={form} devices={devices.data} onChange={change} />, incomplete: incomplete(pickErrors(errors, CONFIRM_FIELDS)) });

  return (
    <Wizard
      title={title}
      onClose={onClose}
      operation={operation}
      passphrase={form.newSecret ? form.secretValue : undefined}
      blame={blameCreatePool}
      scriptName={`pool-create-${form.name}`}
      runLabel={t('pool.create.run')}
      steps={steps}
    />
  );
}
