// Mount a filesystem inside a running guest (through its agent): the device
// (from guest.blockdevs), its filesystem (or a new one, after a confirmation
// that names the device and its size), the mountpoint and options (checked as
// you type with the same checks the planner applies), whether to add it to
// /etc/fstab, then the review (with the exact fstab line) and the job.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuestBlockDevs } from '../../../shared/contract/features/mounts.ts';
import type { Operation, PlanInfo } from '../../../shared/contract/ops.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { Callout } from '../../platform/components/Callout.tsx';
import { EmptyState } from '../../platform/components/EmptyState.tsx';
import { Field, SummaryList } from '../../platform/components/Fields.tsx';
import { Checkbox, Choice, formBinding, optionsOf, Segmented, TextField } from '../../platform/components/FormFields.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { StepGate } from '../../platform/wizard/StepGate.tsx';
import { WizardNotice } from '../../platform/wizard/WizardNotice.tsx';
import { useBlockDevs } from './guest-blockdevs.ts';
import { blameGuestMount } from './wizard-steps.ts';
import { GuestAgentHelp } from './GuestAgentHelp.tsx';
import { isRunning, useDomain } from '../../platform/wizard/inventory-hooks.ts';
import { checkText } from './mount-check.ts';
import {
  deviceChoice,
  deviceGoneAtShutdown,
  deviceTree,
  fstabEntriesFor,
  fstabLineOfPlan,
  guestMountRequest,
  initialGuestMountForm,
  mkfsChoices,
  mountOptions,
  mountProblems,
  settleMountForm,
  targetsGoneAtShutdown,
  withMountChange,
  type AtimeChoice,
  type GuestMountForm,
} from './mount-form.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';

type Change = (patch: Partial<GuestMountForm>) => void;

/** "ext4, label data, UUID 1b2c…" */
function fsSummary(t: (k: string, o?: Record<string, string>) => string, d: { fsType?: string | undefined; label?: string | undefined; uuid?: string | undefined }): string {
  const parts = [d.fsType ?? t('mount.fs.none')];
  if (d.label) parts.push(t('mount.wizard.labelIs', { label: d.label }));
  if (d.uuid) parts.push(t('mount.wizard.uuidIs', { uuid: d.uuid }));
  return parts.join(t('mount.wizard.listSep'));
}

/** A step over the guest's devices: what to do about the agent when it cannot list them. */
function DevicesGate({ host, vm, entry, children }: { host: string; vm: string; entry: ReturnType<typeof useBlockDevs>; children: (devs: GuestBlockDevs) => ReactNode }) {
  if (entry.data && entry.data.agent !== 'ok') return <GuestAgentHelp host={host} vm={vm} agent={entry.data.agent} />;
  return (
    <StepGate value={entry.data} error={entry.error} retry={entry.reload} failedKey="mount.fs.failed" loadingKey="mount.fs.reading">
      {children}
    </StepGate>
  );
}

function DeviceStep({ devs, form, change, reload, loading }: { devs: GuestBlockDevs; form: GuestMountForm; change: Change; reload(): void; loading: boolean }) {
  const { t } = useTranslation();
  const rows = deviceTree(devs.devices).filter((r) => !r.device.hasChildren);
  return (
    <div className="form">
      <fieldset className="choice-list" aria-describedby="mount-device-help">
        <legend>{t('mount.wizard.device')}</legend>
        {rows.length === 0 && <p className="muted">{t('mount.fs.none')}</p>}
        {rows.map(({ device: d }) => {
          const c = deviceChoice(d);
          const help = [
            t(`mount.kind.${d.kind}`),
            formatBytes(d.sizeBytes),
            d.fsType ? d.fsType : t('mount.fs.none'),
            ...(d.label ? [t('mount.wizard.labelIs', { label: d.label })] : []),
            ...(d.target ? [t('mount.wizard.vmDisk', { target: d.target })] : []),
          ].join(t('mount.wizard.listSep'));
          return (
            <Choice key={d.path} name="device" value={d.path} checked={form.device === d.path} disabled={!c.selectable} onSelect={() => change({ device: d.path })} title={d.path} mono help={help} data-device={d.path}>
              {c.reason && <span className="choice-reason">{t(`mount.device.why.${c.reason.key}`, c.reason.values)}</span>}
              {c.selectable && c.needsMkfs && <span className="choice-reason warn">{t('mount.device.needsMkfs')}</span>}
            </Choice>
          );
        })}
        <span id="mount-device-help" className="field-help">
          {t('mount.wizard.deviceHelp')}
        </span>
      </fieldset>
      <div className="button-row">
        <button type="button" className="btn small" disabled={loading} onClick={reload}>
          <Icon name="refresh" className={loading ? 'spin' : undefined} />
          {t('mount.fs.refresh')}
        </button>
      </div>
    </div>
  );
}

function FilesystemStep({ devs, form, change }: { devs: GuestBlockDevs; form: GuestMountForm; change: Change }) {
  const { t } = useTranslation();
  const d = devs.devices.find((x) => x.path === form.device);
  if (!d) return <p className="muted">{t('mount.wizard.needDevice')}</p>;
  if (d.fsType) {
    return (
      <div className="form">
        <SummaryList>
          <Field labelKey="mount.wizard.device" mono>{d.path}</Field>
          <Field labelKey="mount.col.fsType" valueProps={{ 'data-fs-summary': '' }}>{fsSummary(t, d)}</Field>
          <Field labelKey="mount.col.size">{formatBytes(d.sizeBytes)}</Field>
        </SummaryList>
        <p className="field-help">{t('mount.wizard.keepsData')}</p>
      </div>
    );
  }
  const p = mountProblems(form, devs);
  const size = formatBytes(d.sizeBytes);
  const { field, check } = formBinding(form, change);
  return (
    <div className="form">
      <Callout tone="info" icon="info" role="note" title={t('mount.wizard.noFsTitle', { device: d.path })}>
        <p className="callout-message">{t('mount.wizard.noFsBody', { device: d.path, size })}</p>
      </Callout>
      <fieldset className="choice-list">
        <legend>{t('mount.wizard.mkfsType')}</legend>
        {mkfsChoices(devs).map((c) => (
          <Choice key={c.type} name="mkfsType" value={c.type} checked={form.mkfsType === c.type} disabled={!c.installed} onSelect={() => change({ mkfsType: c.type })} title={c.type} mono help={t(`mount.mkfs.${c.type}`)} data-mkfs={c.type}>
            {!c.installed && <span className="choice-reason">{t('mount.wizard.notInstalled')}</span>}
          </Choice>
        ))}
      </fieldset>
      <TextField {...field('label')} label={t('mount.wizard.label')} errorText={checkText(p.label)} help={t('mount.wizard.labelHelp', { type: form.mkfsType })} />
      <div className="erase-confirm" data-erase="">
        <Checkbox {...check('eraseChecked')} name="erase" label={t('mount.wizard.erase', { device: d.path, size, type: form.mkfsType })} help={t('mount.wizard.eraseHelp')} />
        <TextField
          {...field('confirmText')}
          name="confirm"
          label={t('mount.wizard.confirmLabel', { device: d.path })}
          mono
          placeholder={d.path}
          disabled={!form.eraseChecked}
          errorText={form.confirmText.trim() !== '' && form.confirmText.trim() !== d.path ? t('mount.wizard.confirmMismatch', { device: d.path }) : null}
        />
      </div>
    </div>
  );
}

function MountpointStep({ devs, form, change }: { devs: GuestBlockDevs; form: GuestMountForm; change: Change }) {
  const { t } = useTranslation();
  const p = mountProblems(form, devs);
  const taken = devs.devices.find((x) => x.mountpoints.includes(form.mountpoint));
  const options = mountOptions(form);
  const gone = deviceGoneAtShutdown(form, devs);
  const { field, check } = formBinding(form, change);
  return (
    <div className="form">
      <TextField
        {...field('mountpoint')}
        label={t('mount.wizard.mountpoint')}
        mono
        errorText={checkText(p.mountpointCheck) ?? (taken ? t('mount.wizard.mountpointTaken', { mountpoint: form.mountpoint, device: taken.path }) : null)}
        help={t('mount.wizard.mountpointHelp')}
      />
      <fieldset className="options-group">
        <legend>{t('mount.wizard.options')}</legend>
        <Checkbox {...check('ro')} label={t('mount.opt.ro')} help={t('mount.opt.roHelp')} />
        <Segmented<AtimeChoice>
          {...field('atime')}
          label={t('mount.opt.atime')}
          options={optionsOf({ default: t('mount.opt.atimeDefault'), noatime: 'noatime', relatime: 'relatime' })}
          help={t(`mount.opt.atimeHelp.${form.atime}`)}
        />
        <Checkbox {...check('discard')} label={t('mount.opt.discard')} help={t('mount.opt.discardHelp')} />
        <Checkbox {...check('nofail')} label={t('mount.opt.nofail')} disabled={form.fstab && gone} help={form.fstab && gone ? t('mount.opt.nofailForced') : t('mount.opt.nofailHelp')} />
        <TextField {...field('extra')} label={t('mount.opt.extra')} mono placeholder="nodev,nosuid" errorText={checkText(p.options)} help={t('mount.opt.extraHelp')} />
      </fieldset>
      <p className="field-help" data-options={options.join(',')}>
        <span className="label-inline">{t('mount.wizard.optionsAre')}</span> <span className="mono">{options.length ? options.join(',') : t('mount.wizard.optionsDefault')}</span>
      </p>
    </div>
  );
}

function FstabStep({ devs, form, change }: { devs: GuestBlockDevs; form: GuestMountForm; change: Change }) {
  const { t } = useTranslation();
  const d = devs.devices.find((x) => x.path === form.device);
  const noUuid = Boolean(d && d.fsType && !d.uuid);
  const clash = fstabEntriesFor(devs.fstab, null, form.mountpoint);
  const gone = deviceGoneAtShutdown(form, devs);
  const { check } = formBinding(form, change);
  return (
    <div className="form">
      {gone && !noUuid && (
        <Callout tone="info compact" icon="info" role="note" data-gone-at-shutdown={d?.target ?? ''}>
          <p className="callout-message">{t(form.fstab ? 'mount.wizard.goneAtShutdownFstab' : 'mount.wizard.goneAtShutdown', { target: d?.target ?? '' })}</p>
        </Callout>
      )}
      <Checkbox {...check('fstab')} label={t('mount.wizard.fstab')} checked={form.fstab && !noUuid} disabled={noUuid} help={noUuid ? t('mount.wizard.fstabNoUuid', { device: d?.path ?? '' }) : t('mount.wizard.fstabHelp')} />
      {form.fstab && !noUuid && (
        <ul className="fstab-explain" data-fstab-explain="">
          <li>{t('mount.wizard.fstabByUuid')}</li>
          <li>{t(devs.fstab === null ? 'mount.wizard.fstabCreated' : 'mount.wizard.fstabBackup')}</li>
          <li>{t('mount.wizard.fstabTested')}</li>
          <li>{t('mount.wizard.fstabShown')}</li>
        </ul>
      )}
      {form.fstab && clash.length > 0 && (
        <p className="inline-warning" role="alert">
          {t('mount.wizard.fstabClash', { mountpoint: form.mountpoint, lines: clash.map((e) => `${e.line}: ${e.spec}`).join(', ') })}
        </p>
      )}
      {form.fstab && !noUuid && !form.nofail && (
        <Callout tone="info compact" icon="info" role="note">
          <p className="callout-message">{t('mount.wizard.nofailHint')}</p>
          <div className="button-row">
            <button type="button" className="btn small" onClick={() => change({ nofail: true })}>
              <Icon name="plus" />
              {t('mount.wizard.addNofail')}
            </button>
          </div>
        </Callout>
      )}
    </div>
  );
}

/** On the review page: the exact line the plan appends to /etc/fstab. */
function FstabLine({ plan }: { plan: PlanInfo }) {
  const { t } = useTranslation();
  const line = fstabLineOfPlan(plan);
  if (!line) return null;
  return (
    <Callout tone="info" icon="file" role="note" data-fstab-line={line} title={t('mount.wizard.fstabLineTitle')}>
      <pre className="stdin fstab-line">{line}</pre>
    </Callout>
  );
}

export function GuestMountWizard({ host, vm, device, target, onClose }: { host: string; vm: string; device?: string | undefined; target?: string | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const domain = useDomain(host, vm);
  const running = isRunning(domain);
  const entry = useBlockDevs(host, vm, running);
  const devs = entry.data?.agent === 'ok' ? entry.data : null;
  const [form, setForm] = useState<GuestMountForm | null>(null);
  // Which VM disks go at the next shutdown, as the inventory says now (it may learn of a live attach after the devices).
  const gone = targetsGoneAtShutdown(domain, devs);
  // The form starts once the devices are known (the preselected device and its default mountpoint come from them).
  const first = (() => {
    if (!devs) return null;
    const pick = device ?? (target ? deviceTree(devs.devices).find((r) => r.device.target === target && deviceChoice(r.device).selectable)?.device.path : undefined);
    return initialGuestMountForm(devs, pick, gone);
  })();
  // What the user answered is kept; what applies (fstab's default, nofail with it) is worked out from it on each render.
  const answers = form ?? first;
  const f = answers ? settleMountForm({ ...answers, goneAtShutdown: gone }, devs) : null;
  const change: Change = (patch) => setForm((cur) => withMountChange({ ...(cur ?? first ?? initialGuestMountForm(devs)), goneAtShutdown: gone }, patch, devs));

  const frame = { title: t('mount.wizard.title', { vm }), onClose };
  if (!domain || !running) {
    return (
      <WizardNotice {...frame}>
        {domain ? <GuestAgentHelp host={host} vm={vm} agent="not-running" /> : <EmptyState icon="monitor" title={t('empty.vmGone', { name: vm })} />}
      </WizardNotice>
    );
  }

  const request = f ? guestMountRequest(vm, f, devs) : null;
  const operation: Operation | null = request ? { kind: 'guest.mount', host, request } : null;
  const p = f ? mountProblems(f, devs) : null;
  const taken = f && devs ? devs.devices.find((x) => x.mountpoints.includes(f.mountpoint)) : undefined;
  const clash = f && devs && f.fstab ? fstabEntriesFor(devs.fstab, null, f.mountpoint) : [];
  const gate = (content: (devs: GuestBlockDevs, form: GuestMountForm) => ReactNode) => (
    <DevicesGate host={host} vm={vm} entry={entry}>
      {(dv) => (f ? content(dv, f) : null)}
    </DevicesGate>
  );
  const waiting = devs ? null : entry.data ? 'mount.wizard.noAgent' : 'mount.wizard.loadingDevices';
  const dev = f && devs ? devs.devices.find((x) => x.path === f.device) : undefined;

  return (
    <Wizard
      {...frame}
      className="mount-wizard"
      operation={operation && !taken && clash.length === 0 ? operation : null}
      blame={blameGuestMount}
      scriptName={`mount-${vm}-${dev?.name ?? ''}`}
      runLabel={request?.mkfs ? t('mount.wizard.runMkfs') : t('mount.wizard.run')}
      reviewExtra={(plan) => <FstabLine plan={plan} />}
      steps={[
        {
          id: 'device',
          label: t('mount.wizard.stepDevice'),
          incomplete: waiting ?? p?.device,
          content: gate((dv, fm) => <DeviceStep devs={dv} form={fm} change={change} reload={entry.reload} loading={entry.loading} />),
        },
        {
          id: 'filesystem',
          label: t('mount.wizard.stepFilesystem'),
          incomplete: waiting ?? p?.filesystem,
          content: gate((dv, fm) => <FilesystemStep devs={dv} form={fm} change={change} />),
        },
        {
          id: 'mountpoint',
          label: t('mount.wizard.stepMountpoint'),
          incomplete: waiting ?? p?.mountpoint ?? (taken ? 'mount.wizard.fixMountpoint' : null),
          content: gate((dv, fm) => <MountpointStep devs={dv} form={fm} change={change} />),
        },
        {
          id: 'fstab',
          label: t('mount.wizard.stepFstab'),
          incomplete: waiting ?? (clash.length ? 'mount.wizard.fixFstab' : null),
          content: gate((dv, fm) => <FstabStep devs={dv} form={fm} change={change} />),
        },
      ]}
    />
  );
}
