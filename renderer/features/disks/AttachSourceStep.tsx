// Attach wizard, step 1: where the disk's data comes from.
import { useTranslation } from 'react-i18next';
import type { Domain, Pool } from '../../../shared/contract/models.ts';
import { formBinding, Segmented, SelectField } from '../../platform/components/FormFields.tsx';
import { IMAGE_FORMAT_CHOICES, networkProtocol, type AttachForm, type SourceKind } from './attach-form.ts';
import { HostFileBrowser } from '../../platform/wizard/HostFileBrowser.tsx';
import { folderOf, imageDir } from './image-dirs.ts';
import { ImageInfoLine } from './ImageInfoLine.tsx';
import { validateVolume, withVolumeChange, type VolumeForm } from '../volumes/index.ts';
import { VolumeBasicsFields, VolumeOptionsFields } from '../volumes/index.ts';
import { VolumePicker } from '../volumes/index.ts';

const KINDS: SourceKind[] = ['volume', 'new-volume', 'file', 'iso', 'block'];

export interface AttachSourceStepProps {
  host: string;
  domain: Domain;
  domains: readonly Domain[];
  pools: readonly Pool[];
  form: AttachForm;
  change(patch: Partial<AttachForm>): void;
}

export function AttachSourceStep({ host, domain, domains, pools, form, change }: AttachSourceStepProps) {
  const { t } = useTranslation();
  const { field } = formBinding(form, change);
  const poolDir = pools.find((p) => p.name === form.pool && p.active)?.targetPath ?? imageDir(pools);
  const changeVolume = (patch: Partial<VolumeForm>) => change({ newVolume: withVolumeChange(form.newVolume, patch) });
  const volumeErrors = validateVolume(form.newVolume, pools);
  const protocol = networkProtocol(form, pools);
  const formatField = (
    <SelectField
      {...field('format')}
      label={t('wizard.attach.format')}
      options={[{ value: '', label: t('wizard.attach.formatAuto') }, ...IMAGE_FORMAT_CHOICES.map((f) => ({ value: f, label: f }))]}
      help={t('wizard.attach.formatHelp')}
    />
  );
  return (
    <div className="form">
      <Segmented<SourceKind> {...field('sourceKind')} label={t('wizard.attach.sourceKind')} options={KINDS.map((k) => ({ value: k, label: t(`wizard.attach.kind.${k}`) }))} help={t(`wizard.attach.kindHelp.${form.sourceKind}`)} />
      {form.sourceKind === 'volume' && <VolumePicker pools={pools} domains={domains} self={domain.name} pool={form.pool} volume={form.volume} onChange={change} />}
      {protocol && (
        <p className="field-help" data-network-disk={protocol}>
          {t('wizard.attach.networkDisk', { protocol: t(`wizard.attach.protocol.${protocol}`) })}
        </p>
      )}
      {form.sourceKind === 'new-volume' && (
        <div className="inline-volume" data-inline-volume="">
          <VolumeBasicsFields form={form.newVolume} pools={pools} errors={volumeErrors} onChange={changeVolume} />
          <details className="advanced">
            <summary>{t('wizard.volume.stepOptions')}</summary>
            <VolumeOptionsFields form={form.newVolume} pools={pools} errors={volumeErrors} onChange={changeVolume} />
          </details>
        </div>
      )}
      {form.sourceKind === 'file' && (
        <>
          <HostFileBrowser host={host} start={folderOf(form.filePath) ?? poolDir} mode="file" selected={form.filePath || null} onSelect={(filePath) => change({ filePath, format: '' })} />
          <Chosen path={form.filePath} />
          {form.filePath && <ImageInfoLine host={host} path={form.filePath} onInfo={(info) => info && (IMAGE_FORMAT_CHOICES as readonly string[]).includes(info.format) && change({ format: info.format })} />}
          {form.filePath && formatField}
        </>
      )}
      {form.sourceKind === 'iso' && (
        <>
          <HostFileBrowser host={host} start={folderOf(form.isoPath) ?? poolDir} mode="iso" selected={form.isoPath || null} onSelect={(isoPath) => change({ isoPath })} />
          <Chosen path={form.isoPath} />
        </>
      )}
      {form.sourceKind === 'block' && (
        <>
          <HostFileBrowser host={host} start={folderOf(form.blockPath) ?? '/dev'} mode="block" selected={form.blockPath || null} onSelect={(blockPath) => change({ blockPath })} />
          <Chosen path={form.blockPath} />
        </>
      )}
    </div>
  );
}

function Chosen({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <p className="chosen-path" aria-live="polite">
      <span className="label-inline">{t('wizard.attach.chosen')}</span> {path ? <span className="mono">{path}</span> : <span className="muted">{t('wizard.attach.nothingChosen')}</span>}
    </p>
  );
}
