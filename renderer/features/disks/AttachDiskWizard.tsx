// Attach a disk to a VM: source (existing volume, a new one, a file, an ISO
// or a block device), device (type, bus, target), options (mode, driver),
// then review and run. What the VM can take comes from disk.choices.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { AttachChoices } from '../../../shared/contract/features/disks.ts';
import type { Operation } from '../../../shared/contract/ops.ts';
import { api } from '../../platform/api/instance.ts';
import { useHostInventory } from '../../platform/store/inventory.ts';
import { attachRequest, deviceProblem, initialAttachForm, optionsProblem, sourceProblem, withAttachChange, withChoices, type AttachForm } from './attach-form.ts';
import { AttachDeviceStep } from './AttachDeviceStep.tsx';
import { AttachOptionsStep } from './AttachOptionsStep.tsx';
import { AttachSourceStep } from './AttachSourceStep.tsx';
import { blameAttach } from './wizard-steps.ts';
import { defaultPool } from '../../platform/wizard/inventory-hooks.ts';
import { emptyVolumeForm, freeVolumeName } from '../volumes/index.ts';
import { StepGate } from '../../platform/wizard/StepGate.tsx';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { VmGoneNotice } from '../../platform/wizard/WizardNotice.tsx';
import { domainNamed } from '../../../shared/contract/inventory-lookup.ts';

export function AttachDiskWizard({ host, vm, onClose }: { host: string; vm: string; onClose(): void }) {
  const { t } = useTranslation();
  const inventory = useHostInventory(host).inventory;
  const pools = useMemo(() => inventory?.pools ?? [], [inventory]);
  const domains = useMemo(() => inventory?.domains ?? [], [inventory]);
  const domain = domainNamed(domains, vm);
  const [choices, setChoices] = useState<AttachChoices | null>(null);
  const [choicesError, setChoicesError] = useState<ErrorInfo | null>(null);
  const [form, setForm] = useState<AttachForm>(() => {
    const p = defaultPool(pools);
    return initialAttachForm(emptyVolumeForm(p?.name ?? '', freeVolumeName(p, `${vm}-data`, 'qcow2')), p?.name ?? '');
  });

  const loadChoices = async () => {
    setChoicesError(null);
    const out = await api().call('disk.choices', { host, domain: vm });
    if (out.ok) {
      setChoices(out.result);
      setForm((f) => withChoices(f, out.result, domain?.persistent ?? true));
    } else setChoicesError(out.error);
  };
  useEffect(() => {
    void loadChoices();
    // Once per VM.
  }, [host, vm]);

  const persistent = domain?.persistent ?? true;
  const change = (patch: Partial<AttachForm>) => setForm((f) => withAttachChange(f, patch, choices, persistent));

  const frame = { title: t('wizard.attach.title', { vm }), onClose };
  if (!domain) return <VmGoneNotice {...frame} vm={vm} />;

  const request = choices ? attachRequest(domain, form, pools) : null;
  const operation: Operation | null = request ? { kind: 'disk.attach', host, request } : null;
  const newVol = form.sourceKind === 'new-volume' ? form.newVolume : null;
  // The device and options steps show what the VM offers: read once per VM (disk.choices).
  const gate = (content: (c: AttachChoices) => ReactNode) => (
    <StepGate value={choices} error={choicesError} retry={() => void loadChoices()} failedKey="wizard.attach.choicesFailed" loadingKey="wizard.attach.loadingChoices">
      {content}
    </StepGate>
  );

  return (
    <Wizard
      {...frame}
      className="attach-wizard"
      operation={operation}
      passphrase={newVol?.encrypt ? newVol.passphrase : undefined}
      blame={blameAttach}
      scriptName={`attach-${vm}-${form.target}`}
      steps={[
        { id: 'source', label: t('wizard.attach.stepSource'), content: <AttachSourceStep host={host} domain={domain} domains={domains} pools={pools} form={form} change={change} />, incomplete: sourceProblem(form, pools) },
        {
          id: 'device',
          label: t('wizard.attach.stepDevice'),
          content: gate((c) => <AttachDeviceStep form={form} choices={c} change={change} />),
          incomplete: choices ? deviceProblem(form) : 'wizard.attach.loadingChoices',
        },
        {
          id: 'options',
          label: t('wizard.attach.stepOptions'),
          content: gate((c) => <AttachOptionsStep form={form} choices={c} persistent={persistent} change={change} />),
          incomplete: choices ? optionsProblem(form) : 'wizard.attach.loadingChoices',
        },
      ]}
    />
  );
}
