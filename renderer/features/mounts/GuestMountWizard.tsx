// Mount a filesystem inside a running guest (through its agent): the device
// (from guest.blockdevs), its filesystem (or a new one, after a confirmation
// that names the device and its size), the mountpoint and options (checked as
// you type with the same checks the planner applies), whether to add it to
// /etc/fstab, then the review (with the exact fstab line) and the job.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuestBlockDevs } from '../../../shared/contract/mount.ts';
import type { Operation, PlanInfo } from '../../../shared/contract/ops.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { EmptyState, Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { Checkbox, Segmented, TextField } from '../../platform/components/FormFields.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { Modal } from '../../platform/components/Modal.tsx';
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

function DevicesGate({ host, vm, entry, children }: { host: string; vm: string; entry: ReturnType<typeof useBlockDevs>; children: (devs: GuestBlockDevs) => ReactNode }) {
  const { t } = useTranslation();
  if (entry.data && entry.data.agent === 'ok') return <>{children(entry.data)}</>;
  if (entry.data) return <GuestAgentHelp host={host} vm={vm} agent={entry.data.agent} />;
  if (entry.error)
    return (
      <div className="form">
        <ErrorCallout error={entry.error} titleKey="mount.fs.failed" />
        <div className="button-row">
          <button type="button" className="btn" onClick={entry.reload}>
            <Icon name="refresh" />
            {t('wizard.retry')}
          </button>
        </div>
      </div>
    );
  return (
    <div className="wizard-page centered">
      <Spinner label={t('mount.fs.reading')} />
    </div>
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
          const active = form.device === d.path;
          return (
            <label key={d.path} className={`choice${active ? ' active' : ''}${c.selectable ? '' : ' disabled'}`} data-device={d.path}>
              <input type="radio" name="device" value={d.path} checked={active} disabled={!c.selectable} onChange={() => change({ device: d.path })} />
              <span className="choice-text">
                <span className="choice-title mono">{d.path}</span>
                <span className="choice-help">
                  {[
                    t(`mount.kind.${d.kind}`),
                    formatBytes(d.sizeBytes),
                    d.fsType ? d.fsType : t('mount.fs.none'),
                    ...(d.label ? [t('mount.wizard.labelIs', { label: d.label })] : []),
                    ...(d.target ? [t('mount.wizard.vmDisk', { target: d.target })] : []),
                  ].join(t('mount.wizard.listSep'))}
                </span>
                {c.reason && <span className="choice-reason">{t(`mount.device.why.${c.reason.key}`, c.reason.values)}</span>}
                {c.selectable && c.needsMkfs && <span className="choice-reason warn">{t('mount.device.needsMkfs')}</span>}
              </span>
            </label>
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
        <dl className="summary-list">
          <div className="field">
            <dt>{t('mount.wizard.device')}</dt>
            <dd className="mono">{d.path}</dd>
          </div>
          <div className="field">
            <dt>{t('mount.col.fsType')}</dt>
            <dd data-fs-summary="">{fsSummary(t, d)}</dd>
          </div>
          <div className="field">
            <dt>{t('mount.col.size')}</dt>
            <dd>{formatBytes(d.sizeBytes)}</dd>
          </div>
        </dl>
        <p className="field-help">{t('mount.wizard.keepsData')}</p>
      </div>
    );
  }
  const p = mountProblems(form, devs);
  const size = formatBytes(d.sizeBytes);
  return (
    <div className="form">
      <div className="callout info" role="note">
        <Icon name="info" className="callout-icon" />
        <div className="callout-body">
          <div className="callout-title">{t('mount.wizard.noFsTitle', { device: d.path })}</div>
          <p className="callout-message">{t('mount.wizard.noFsBody', { device: d.path, size })}</p>
        </div>
      </div>
      <fieldset className="choice-list">
        <legend>{t('mount.wizard.mkfsType')}</legend>
        {mkfsChoices(devs).map((c) => (
          <label key={c.type} className={`choice${form.mkfsType === c.type ? ' active' : ''}${c.installed ? '' : ' disabled'}`} data-mkfs={c.type}>
            <input type="radio" name="mkfsType" value={c.type} checked={form.mkfsType === c.type} disabled={!c.installed} onChange={() => change({ mkfsType: c.type })} />
            <span className="choice-text">
              <span className="choice-title mono">{c.type}</span>
              <span className="choice-help">{t(`mount.mkfs.${c.type}`)}</span>
              {!c.installed && <span className="choice-reason">{t('mount.wizard.notInstalled')}</span>}
            </span>
          </label>
        ))}
      </fieldset>
      <TextField name="label" label={t('mount.wizard.label')} value={form.label} onChange={(label) => change({ label })} errorText={checkText(p.label)} help={t('mount.wizard.labelHelp', { type: form.mkfsType })} />
      <div className="erase-confirm" data-erase="">
        <Checkbox name="erase" label={t('mount.wizard.erase', { device: d.path, size, type: form.mkfsType })} checked={form.eraseChecked} onChange={(eraseChecked) => change({ eraseChecked })} help={t('mount.wizard.eraseHelp')} />
        <TextField
          name="confirm"
          label={t('mount.wizard.confirmLabel', { device: d.path })}
          value={form.confirmText}
          onChange={(confirmText) => change({ confirmText })}
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
  return (
    <div className="form">
      <TextField
        name="mountpoint"
        label={t('mount.wizard.mountpoint')}
        value={form.mountpoint}
        onChange={(mountpoint) => change({ mountpoint })}
        mono
        errorText={checkText(p.mountpointCheck) ?? (taken ? t('mount.wizard.mountpointTaken', { mountpoint: form.mountpoint, device: taken.path }) : null)}
        help={t('mount.wizard.mountpointHelp')}
      />
      <fieldset className="options-group">
        <legend>{t('mount.wizard.options')}</legend>
        <Checkbox name="ro" label={t('mount.opt.ro')} checked={form.ro} onChange={(ro) => change({ ro })} help={t('mount.opt.roHelp')} />
        <Segmented<AtimeChoice>
          name="atime"
          label={t('mount.opt.atime')}
          value={form.atime}
          onChange={(atime) => change({ atime })}
          options={[
            { value: 'default', label: t('mount.opt.atimeDefault') },
            { value: 'noatime', label: 'noatime' },
            { value: 'relatime', label: 'relatime' },
          ]}
          help={t(`mount.opt.atimeHelp.${form.atime}`)}
        />
        <Checkbox name="discard" label={t('mount.opt.discard')} checked={form.discard} onChange={(discard) => change({ discard })} help={t('mount.opt.discardHelp')} />
        <Checkbox
          name="nofail"
          label={t('mount.opt.nofail')}
          checked={form.nofail}
          disabled={form.fstab && gone}
          onChange={(nofail) => change({ nofail })}
          help={form.fstab && gone ? t('mount.opt.nofailForced') : t('mount.opt.nofailHelp')}
        />
        <TextField name="extra" label={t('mount.opt.extra')} value={form.extra} onChange={(extra) => change({ extra })} mono placeholder="nodev,nosuid" errorText={checkText(p.options)} help={t('mount.opt.extraHelp')} />
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
  return (
    <div className="form">
      {gone && !noUuid && (
        <div className="callout info compact" role="note" data-gone-at-shutdown={d?.target ?? ''}>
          <Icon name="info" className="callout-icon" />
          <div className="callout-body">
            <p className="callout-message">{t(form.fstab ? 'mount.wizard.goneAtShutdownFstab' : 'mount.wizard.goneAtShutdown', { target: d?.target ?? '' })}</p>
          </div>
        </div>
      )}
      <Checkbox name="fstab" label={t('mount.wizard.fstab')} checked={form.fstab && !noUuid} disabled={noUuid} onChange={(fstab) => change({ fstab })} help={noUuid ? t('mount.wizard.fstabNoUuid', { device: d?.path ?? '' }) : t('mount.wizard.fstabHelp')} />
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
        <div className="callout info compact" role="note">
          <Icon name="info" className="callout-icon" />
          <div className="callout-body">
            <p className="callout-message">{t('mount.wizard.nofailHint')}</p>
            <div className="button-row">
              <button type="button" className="btn small" onClick={() => change({ nofail: true })}>
                <Icon name="plus" />
                {t('mount.wizard.addNofail')}
              </button>
            </div>
          </div>
        </div>
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
    <div className="callout info" role="note" data-fstab-line={line}>
      <Icon name="file" className="callout-icon" />
      <div className="callout-body">
        <div className="callout-title">{t('mount.wizard.fstabLineTitle')}</div>
        <pre className="stdin fstab-line">{line}</pre>
      </div>
    </div>
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

  if (!domain || !running) {
    return (
      <Modal title={t('mount.wizard.title', { vm })} onClose={onClose} footer={<button type="button" className="btn" onClick={onClose}>{t('common.close')}</button>}>
        {domain ? <GuestAgentHelp host={host} vm={vm} agent="not-running" /> : <EmptyState icon="monitor" title={t('empty.vmGone', { name: vm })} />}
      </Modal>
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
      title={t('mount.wizard.title', { vm })}
      className="mount-wizard"
      onClose={onClose}
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
