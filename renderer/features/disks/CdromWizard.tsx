// Insert, change or eject the medium of a VM's CD-ROM drive: the drive, the
// action, the ISO (any file may be picked), then review and run.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/contract/ops.ts';
import { EmptyState } from '../../platform/components/EmptyState.tsx';
import { Segmented, SelectField } from '../../platform/components/FormFields.tsx';
import { HostFileBrowser } from '../../platform/wizard/HostFileBrowser.tsx';
import { imageDir } from './image-dirs.ts';
import { useDomain, usePools } from '../../platform/wizard/inventory-hooks.ts';
import { blameCdrom } from './wizard-steps.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { WizardNotice } from '../../platform/wizard/WizardNotice.tsx';

type Action = 'insert' | 'eject';

function dirOf(path: string | undefined): string | null {
  if (!path) return null;
  const i = path.lastIndexOf('/');
  return i > 0 ? path.slice(0, i) : null;
}

export function CdromWizard({ host, vm, target: initial, onClose }: { host: string; vm: string; target?: string | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const domain = useDomain(host, vm);
  const pools = usePools(host);
  const drives = domain?.disks.filter((k) => k.device === 'cdrom') ?? [];
  const [target, setTarget] = useState(initial ?? drives[0]?.target ?? '');
  const drive = drives.find((k) => k.target === target);
  const hasMedium = Boolean(drive && (drive.source.file ?? drive.source.dev ?? drive.source.volume));
  const [action, setAction] = useState<Action>('insert');
  const [iso, setIso] = useState('');

  const frame = { title: t('wizard.cdrom.title', { vm }), onClose };
  if (!domain || drives.length === 0) {
    return (
      <WizardNotice {...frame}>
        <EmptyState icon="disc" title={t('wizard.cdrom.noDrive', { vm })}>
          <p>{t('wizard.cdrom.noDriveHint')}</p>
        </EmptyState>
      </WizardNotice>
    );
  }
  const start = dirOf(drive?.source.file) ?? imageDir(pools);
  const driveOptions = drives.map((k) => ({ value: k.target, label: `${k.target} (${k.bus ?? '?'}) · ${k.source.file ?? t('wizard.cdrom.empty')}` }));
  const operation: Operation | null = !target ? null : action === 'eject' ? { kind: 'cdrom', host, request: { domain: vm, action, target } } : iso ? { kind: 'cdrom', host, request: { domain: vm, action, target, iso } } : null;

  return (
    <Wizard
      {...frame}
      operation={operation}
      blame={blameCdrom}
      scriptName={`cdrom-${vm}-${target}`}
      steps={[
        {
          id: 'medium',
          label: t('wizard.cdrom.stepMedium'),
          incomplete: action === 'insert' && !iso ? 'wizard.attach.needIso' : null,
          content: (
            <div className="form">
              <SelectField name="drive" label={t('wizard.cdrom.drive')} value={target} onChange={setTarget} mono options={driveOptions} />
              <Segmented<Action>
                name="action"
                label={t('wizard.cdrom.action')}
                value={action}
                onChange={setAction}
                options={[
                  { value: 'insert', label: t(hasMedium ? 'wizard.cdrom.change' : 'wizard.cdrom.insert') },
                  { value: 'eject', label: t('wizard.cdrom.eject'), disabled: !hasMedium, title: hasMedium ? undefined : t('wizard.cdrom.alreadyEmpty') },
                ]}
                help={t(action === 'eject' ? 'wizard.cdrom.ejectHelp' : 'wizard.cdrom.insertHelp')}
              />
              {action === 'insert' && (
                <>
                  <HostFileBrowser host={host} start={start} mode="iso" selected={iso || null} onSelect={(p) => setIso(p)} />
                  <p className="chosen-path">
                    <span className="label-inline">{t('wizard.attach.chosen')}</span> {iso ? <span className="mono">{iso}</span> : <span className="muted">{t('wizard.attach.nothingChosen')}</span>}
                  </p>
                </>
              )}
            </div>
          ),
        },
      ]}
    />
  );
}
