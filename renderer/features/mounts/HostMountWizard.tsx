// Mount an image on the host for inspection or repair: the image (the volume
// the action was started on, or a volume or file picked here), which of its
// partitions (host.imagePartitions), read-only (the default; read-write is
// refused while a running VM uses the image, the backend says so on that
// step), an optional mountpoint, then the review and the job, whose result
// is where it is mounted.
import { newRequestIds } from '../../platform/wizard/request-ids.ts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { isActive } from '../../../shared/core/domain-rules.ts';
import type { HostMountSource, ImagePartitions } from '../../../shared/contract/features/mounts.ts';
import type { Job, Operation } from '../../../shared/contract/ops.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { api } from '../../platform/api/instance.ts';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout, RetryRow } from '../../platform/components/ErrorCallout.tsx';
import { Field, SummaryList } from '../../platform/components/Fields.tsx';
import { Checkbox, Choice, formBinding, optionsOf, Segmented, TextField } from '../../platform/components/FormFields.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { copyText } from '../../platform/store/actions.ts';
import { useHostInventory } from '../../platform/store/inventory.ts';
import { usePrefsStore } from '../../platform/store/prefs.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { folderOf, imageDir } from '../disks/index.ts';
import { blameHostMount } from './wizard-steps.ts';
import { HostFileBrowser } from '../../platform/wizard/HostFileBrowser.tsx';
import { defaultPartition, hostMountProblems, hostMountRequest, hostMountSource, sourceKey, type HostMountForm, type HostSourceKind } from './host-mount-form.ts';
import { ImageInfoLine } from '../disks/index.ts';
import { checkText } from './mount-check.ts';
import { volumeUses } from '../volumes/index.ts';
import { VolumePicker } from '../volumes/index.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { domainNamed, volumeIn } from '../../../shared/contract/inventory-lookup.ts';

/** The partition table of the chosen image, read again whenever the image changes. */
function usePartitions(host: string, source: HostMountSource | null) {
  const key = sourceKey(source);
  const [state, setState] = useState<{ for: string; parts: ImagePartitions | null; error: ErrorInfo | null; loading: boolean }>({ for: '', parts: null, error: null, loading: false });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!source) return;
    let live = true;
    setState({ for: key, parts: null, error: null, loading: true });
    void api()
      .call('host.imagePartitions', { host, source })
      .then((out) => {
        if (!live) return;
        setState(out.ok ? { for: key, parts: out.result, error: null, loading: false } : { for: key, parts: null, error: out.error, loading: false });
      });
    return () => {
      live = false;
    };
    // The source is compared by value (its key).
  }, [host, key, attempt]);
  const current = state.for === key ? state : { for: key, parts: null, error: null, loading: Boolean(source) };
  return { ...current, retry: () => setAttempt((n) => n + 1) };
}

function PartitionList({ parts, value, onChange }: { parts: ImagePartitions; value: number; onChange(n: number): void }) {
  const { t } = useTranslation();
  if (parts.table === null) {
    return (
      <fieldset className="choice-list" data-partitions="none">
        <legend>{t('mount.host.partition')}</legend>
        <Choice name="partition" value="0" checked onSelect={() => onChange(0)} title={t('mount.host.wholeImage')} help={t('mount.host.noTable', { format: parts.format })} data-partition="0" />
      </fieldset>
    );
  }
  return (
    <fieldset className="choice-list" data-partitions={parts.table}>
      <legend>{t('mount.host.partitionOf', { table: parts.table.toUpperCase() })}</legend>
      {parts.partitions.length === 0 && <p className="muted">{t('mount.host.noPartitionsText')}</p>}
      {parts.partitions.map((p) => (
        <Choice
          key={p.number}
          name="partition"
          value={p.number}
          checked={value === p.number}
          onSelect={() => onChange(p.number)}
          title={t('mount.host.partitionN', { n: String(p.number) })}
          help={t('mount.host.partitionMeta', { size: formatBytes(p.sizeBytes), type: p.type, start: formatBytes(p.startBytes) })}
          data-partition={p.number}
        />
      ))}
    </fieldset>
  );
}

/** After the job: where it is mounted, with a copy button, and the way to the list of host mounts. */
function Mounted({ host, job }: { host: string; job: Job }) {
  const { t } = useTranslation();
  const mp = job.result?.mountpoint;
  if (job.state !== 'succeeded' || !mp) return null;
  return (
    <div className="mounted-at" data-mounted-at={mp}>
      <span className="label-inline">{t('mount.host.mountedAt')}</span>
      <code className="mono">{mp}</code>
      <button type="button" className="btn small" onClick={() => void copyText(mp)}>
        <Icon name="copy" />
        {t('mount.host.copyPath')}
      </button>
      <button
        type="button"
        className="btn small ghost"
        onClick={() => {
          useSelectionStore.getState().reveal({ kind: 'host', host });
          usePrefsStore.getState().setDetailsTab('filesystems');
        }}
      >
        {t('mount.host.showMounts')}
      </button>
    </div>
  );
}

export function HostMountWizard({ host, source, onClose }: { host: string; source?: HostMountSource | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const inventory = useHostInventory(host).inventory;
  const pools = inventory?.pools ?? [];
  const domains = inventory?.domains ?? [];
  const fixed = source?.kind === 'volume' ? source : null;
  const [form, setForm] = useState<HostMountForm>(() => ({
    sourceKind: source?.kind ?? 'volume',
    pool: source?.kind === 'volume' ? source.pool : (pools.find((p) => p.active)?.name ?? ''),
    volume: source?.kind === 'volume' ? source.volume : '',
    file: source?.kind === 'file' ? source.path : '',
    partition: 0,
    readOnly: true,
    requestId: newRequestIds().requestId,
    mountpoint: '',
  }));
  const change = (patch: Partial<HostMountForm>) => setForm((f) => ({ ...f, ...patch }));
  const { field, check } = formBinding(form, change);
  const src = hostMountSource(form);
  const parts = usePartitions(host, src);
  // Choose a partition when the table arrives (the largest), unless one is chosen that exists.
  useEffect(() => {
    const p = parts.parts;
    if (!p) return;
    setForm((f) => (p.table !== null && p.partitions.some((x) => x.number === f.partition) ? f : { ...f, partition: defaultPartition(p) }));
  }, [parts.parts]);

  const problems = hostMountProblems(form, parts.parts, parts.for, Boolean(parts.error));
  const request = hostMountRequest(form, parts.parts, parts.for, Boolean(parts.error));
  const operation: Operation | null = request ? { kind: 'host.mount', host, request } : null;
  const vol = form.sourceKind === 'volume' ? volumeIn(pools, form.pool, form.volume) : undefined;
  const imagePath = form.sourceKind === 'volume' ? vol?.path : form.file || undefined;
  const users = vol ? volumeUses(domains, pools, vol) : imagePath ? domains.flatMap((d) => d.disks.filter((k) => k.source.file === imagePath || k.backingChain.some((b) => b.path === imagePath)).map((k) => ({ vm: d.name, target: k.target }))) : [];
  const runningUsers = [...new Set(users.map((u) => u.vm))].filter((vm) => {
    const d = domainNamed(domains, vm);
    return d ? isActive(d.state) : false;
  });
  const name = vol?.name ?? (form.file ? form.file.split('/').pop() : '') ?? '';
  const poolDir = imageDir(pools);

  return (
    <Wizard
      title={t('mount.host.title', { host })}
      className="host-mount-wizard"
      onClose={onClose}
      operation={operation}
      blame={blameHostMount}
      scriptName={`host-mount-${name}`}
      runLabel={t('mount.host.run')}
      afterJob={(job) => <Mounted host={host} job={job} />}
      steps={[
        {
          id: 'source',
          label: t('mount.host.stepSource'),
          incomplete: problems.source,
          content: (
            <div className="form">
              {fixed ? (
                <SummaryList data-source="volume">
                  <Field labelKey="mount.host.sourceKind" mono>{t('mount.host.volumeIn', { volume: fixed.volume, pool: fixed.pool })}</Field>
                  <Field labelKey="fields.path" mono>{vol?.path ?? t('common.notReported')}</Field>
                  <Field labelKey="fields.format">
                    {vol?.format ?? t('common.notReported')}
                    {vol && <span className="muted">{t('mount.wizard.listSep')}{formatBytes(vol.capacity)}</span>}
                  </Field>
                </SummaryList>
              ) : (
                <>
                  <Segmented<HostSourceKind>
                    {...field('sourceKind')}
                    onChange={(sourceKind) => change({ sourceKind, partition: 0 })}
                    label={t('mount.host.sourceKind')}
                    options={optionsOf({ volume: t('wizard.attach.kind.volume'), file: t('wizard.attach.kind.file') })}
                  />
                  {form.sourceKind === 'volume' ? (
                    <VolumePicker pools={pools} domains={domains} self="" pool={form.pool} volume={form.volume} onChange={(p) => change({ ...p, partition: 0 })} />
                  ) : (
                    <>
                      <HostFileBrowser host={host} start={folderOf(form.file) ?? poolDir} mode="file" selected={form.file || null} onSelect={(file) => change({ file, partition: 0 })} />
                      <p className="chosen-path" aria-live="polite">
                        <span className="label-inline">{t('wizard.attach.chosen')}</span> {form.file ? <span className="mono">{form.file}</span> : <span className="muted">{t('wizard.attach.nothingChosen')}</span>}
                      </p>
                      {form.file && <ImageInfoLine host={host} path={form.file} onInfo={() => undefined} />}
                    </>
                  )}
                </>
              )}
              {src && parts.loading && <Spinner label={t('mount.host.readingPartitions')} />}
              {src && parts.error && (
                <>
                  <ErrorCallout error={parts.error} compact titleKey="mount.host.partitionsFailed" />
                  <RetryRow onRetry={parts.retry} small />
                </>
              )}
              {src && parts.parts && <PartitionList parts={parts.parts} value={form.partition} onChange={(partition) => change({ partition })} />}
            </div>
          ),
        },
        {
          id: 'options',
          label: t('mount.host.stepOptions'),
          incomplete: problems.options,
          content: (
            <div className="form">
              <Checkbox {...check('readOnly')} label={t('mount.host.readOnly')} help={t('mount.host.readOnlyHelp')} />
              {!form.readOnly && (
                <p className="inline-warning" data-rw-warning="">
                  {runningUsers.length ? t('mount.host.rwRefused', { vms: runningUsers.join(', ') }) : t('mount.host.rwNote')}
                </p>
              )}
              <TextField {...field('mountpoint')} label={t('mount.host.mountpoint')} mono placeholder="/run/spindle/mnt/…" errorText={checkText(problems.mountpoint)} help={t('mount.host.mountpointHelp')} />
            </div>
          ),
        },
      ]}
    />
  );
}
