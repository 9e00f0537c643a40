// Before a detach: is the disk mounted inside the running guest (guest.fsinfo
// through the agent)? If so, say where, and offer to unmount it first
// (guest.umount, run as a job, deepest mountpoint first).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode, ErrorInfo } from '../../../shared/core/errors.ts';
import type { GuestFs } from '../../../shared/contract/features/mounts.ts';
import type { Job } from '../../../shared/contract/ops.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { api } from '../../platform/api/instance.ts';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { Callout } from '../../platform/components/Callout.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { useJobsStore, whenJobEnds } from '../../platform/store/jobs.ts';
import { filesystemsOn, unmountOrder } from './guest-fs.ts';

type UmountState = { mountpoint: string; job: Job | null; error: ErrorInfo | null };

export function useGuestFs(host: string, vm: string, enabled: boolean) {
  const [fs, setFs] = useState<GuestFs | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [loading, setLoading] = useState(false);
  const load = useCallback(async () => {
    if (!enabled) return;
    setLoading(true);
    setError(null);
    const out = await api().call('guest.fsinfo', { host, domain: vm });
    setLoading(false);
    if (out.ok) setFs(out.result);
    else setError(out.error);
  }, [host, vm, enabled]);
  useEffect(() => {
    void load();
  }, [load]);
  return { fs, error, loading, reload: load };
}

function jobError(j: Job): ErrorInfo {
  return { code: (j.error?.code ?? 'COMMAND_FAILED') as ErrorCode, message: j.error?.message ?? j.title, ...(j.error?.hint ? { hint: j.error.hint } : {}), ...(j.error?.msg ? { msg: j.error.msg } : {}) };
}

export function GuestMounts({ host, vm, target }: { host: string; vm: string; target: string }) {
  const { t } = useTranslation();
  const { fs, error, loading, reload } = useGuestFs(host, vm, true);
  const [umounts, setUmounts] = useState<UmountState[]>([]);
  const [busy, setBusy] = useState(false);
  const mounted = filesystemsOn(fs, target);

  const unmountAll = async () => {
    const order = unmountOrder(mounted);
    setBusy(true);
    const states: UmountState[] = order.map((mountpoint) => ({ mountpoint, job: null, error: null }));
    setUmounts(states);
    for (let i = 0; i < order.length; i++) {
      const mountpoint = order[i] ?? '';
      const out = await api().call('ops.start', { op: { kind: 'guest.umount', host, request: { domain: vm, mountpoint } } });
      if (!out.ok) {
        states[i] = { mountpoint, job: null, error: out.error };
        setUmounts([...states]);
        break;
      }
      useJobsStore.getState().upsertJob(out.result);
      states[i] = { mountpoint, job: out.result, error: null };
      setUmounts([...states]);
      const ended = await whenJobEnds(out.result.id);
      states[i] = { mountpoint, job: ended, error: ended.state === 'succeeded' ? null : jobError(ended) };
      setUmounts([...states]);
      if (ended.state !== 'succeeded') break;
    }
    setBusy(false);
    await reload();
  };

  if (loading && !fs) return <Spinner label={t('wizard.detach.checkingFs')} />;
  if (error) return <ErrorCallout error={error} compact titleKey="wizard.detach.fsinfoFailed" />;
  if (!fs) return null;

  const results = umounts.length > 0 && (
    <ul className="umount-results" aria-live="polite">
      {umounts.map((u) => (
        <li key={u.mountpoint} data-umount-state={u.error ? 'failed' : (u.job?.state ?? 'pending')}>
          {u.error ? <Icon name="close" className="fg-danger" /> : u.job?.state === 'succeeded' ? <Icon name="check" className="fg-ok" /> : <span className="spinner" aria-hidden="true" />}
          <span className="mono">{u.mountpoint}</span>
          <span className="muted">{t(u.error ? 'wizard.detach.umountFailed' : u.job?.state === 'succeeded' ? 'wizard.detach.umounted' : 'wizard.detach.umounting')}</span>
          {u.error && <ErrorCallout error={u.error} compact />}
        </li>
      ))}
    </ul>
  );

  if (fs.agent !== 'ok') {
    return (
      <Callout tone="warning" icon="info" role="note" data-agent={fs.agent} title={t(`wizard.detach.agent.${fs.agent}`)}>
        <p className="callout-message">{t(`wizard.detach.agentHint.${fs.agent}`, { target })}</p>
      </Callout>
    );
  }
  if (mounted.length === 0) {
    return (
      <>
        <p className="field-help" data-mounted="none">
          <Icon name="check" className="fg-ok" /> {t('wizard.detach.notMounted', { target })}
        </p>
        {results}
      </>
    );
  }
  return (
    <Callout tone="warning" icon="alert" role="alert" data-mounted={mounted.map((m) => m.mountpoint).join(' ')} title={t('wizard.detach.mountedTitle', { target, count: mounted.length })}>
      <ul className="mount-list">
        {mounted.map((m) => (
          <li key={m.mountpoint}>
            <span className="mono">{m.mountpoint}</span>{' '}
            <span className="muted">
              {t('wizard.detach.mountDetail', { type: m.type, device: m.device })}
              {m.usedBytes !== undefined && m.totalBytes !== undefined && <> · {t('units.usedOf', { used: formatBytes(m.usedBytes), total: formatBytes(m.totalBytes) })}</>}
            </span>
          </li>
        ))}
      </ul>
      <p className="callout-hint">{t('wizard.detach.mountedHint')}</p>
      <div className="button-row">
        <button type="button" className="btn" disabled={busy} onClick={() => void unmountAll()}>
          {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="eject" />}
          {t('wizard.detach.unmountFirst')}
        </button>
      </div>
      {results}
    </Callout>
  );
}
