// The status bar's jobs button (how many run now) and its list: each job's
// state, progress and, while it can still stop, Cancel. A job an earlier run
// of Spindle was killed in the middle of ("interrupted") says what it may have
// left, and offers to remove it (checked first: nothing a VM uses) or forget it.
import { text, errorText } from '../platform/i18n/msg.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Job } from '../../shared/contract/ops.ts';
import { api } from '../platform/api/instance.ts';
import type { ErrorInfo } from '../../shared/core/errors.ts';
import { ErrorCallout } from '../platform/components/ErrorCallout.tsx';
import { Icon } from '../platform/components/Icon.tsx';
import { useStatusPopover } from '../platform/components/use-status-popover.ts';
import { jobFraction, useJobsStore } from '../platform/store/jobs.ts';
import { ProgressBar } from '../platform/wizard/JobView.tsx';
import { formatDateTime, formatTime } from '../platform/i18n/format.ts';

function InterruptedActions({ job }: { job: Job }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const act = async (method: 'jobs.undo' | 'jobs.forget') => {
    setBusy(true);
    setError(null);
    const out = method === 'jobs.undo' ? await api().call('jobs.undo', { id: job.id }) : await api().call('jobs.forget', { id: job.id });
    if (!out.ok) setError(out.error);
    else if (method === 'jobs.undo' && 'id' in out.result) useJobsStore.getState().upsertJob(out.result);
    setBusy(false);
  };
  return (
    <>
      <span className="job-step small">{t('jobs.interruptedIntro', { time: formatDateTime(job.startedAt) })}</span>
      <ul className="job-leftovers small">
        {(job.leftovers ?? []).map((l) => (
          <li key={l.command}>
            {text(l.description, l.descriptionMsg)}
            <code className="mono command-line">{l.command}</code>
          </li>
        ))}
      </ul>
      <span className="job-step muted small">{t('jobs.interruptedActions')}</span>
      <div className="job-actions">
        <button type="button" className="btn small" disabled={busy} onClick={() => void act('jobs.undo')}>
          {t('jobs.undoLeftovers')}
        </button>
        <button type="button" className="btn small subtle" disabled={busy} onClick={() => void act('jobs.forget')}>
          {t('jobs.forget')}
        </button>
      </div>
      {error && <ErrorCallout error={error} compact />}
    </>
  );
}

function JobRow({ job }: { job: Job }) {
  const { t } = useTranslation();
  const [cancelling, setCancelling] = useState(false);
  const cancel = async () => {
    setCancelling(true);
    const out = await api().call('jobs.cancel', { id: job.id });
    if (out.ok) useJobsStore.getState().upsertJob(out.result);
    setCancelling(false);
  };
  return (
    <li className={`job-row state-job-${job.state}`} data-job={job.id} data-state={job.state}>
      <div className="job-row-head">
        <span className={`badge job-badge ${job.state}`}>{t(`jobs.state.${job.state}`)}</span>
        <span className="job-title" title={text(job.title, job.titleMsg)}>
          {text(job.title, job.titleMsg)}
        </span>
        {job.state === 'running' && (
          <button type="button" className="btn small" disabled={!job.cancellable || cancelling} title={job.cancellable ? undefined : t('wizard.run.notCancellable')} onClick={() => void cancel()}>
            {t('wizard.run.cancel')}
          </button>
        )}
      </div>
      {job.state === 'running' ? (
        <>
          <ProgressBar value={jobFraction(job)} label={t('wizard.progress.label')} />
          <span className="job-step muted small">{t('wizard.progress.step', { n: Math.min(job.step + 1, Math.max(job.steps, 1)), total: job.steps, description: text(job.stepDescription, job.stepMsg) })}</span>
        </>
      ) : (
        job.error && job.state !== 'interrupted' && <span className="job-step muted small">{errorText(job.error)}</span>
      )}
      {job.state === 'interrupted' && <InterruptedActions job={job} />}
      <span className="job-meta muted small">
        {job.host} · {formatTime(job.startedAt)}
      </span>
    </li>
  );
}

export function JobsIndicator() {
  const { t } = useTranslation();
  const jobs = useJobsStore((s) => s.jobs);
  const { open, pos, ref, toggle } = useStatusPopover();
  const running = jobs.filter((j) => j.state === 'running').length;
  const failed = jobs.filter((j) => j.state === 'failed' || j.state === 'partial' || j.state === 'interrupted').length;

  return (
    <div className="jobs-indicator" ref={ref}>
      <button type="button" className={`jobs-button${running ? ' busy' : ''}`} aria-expanded={open} aria-haspopup="dialog" data-running={running} onClick={toggle}>
        {running > 0 ? <span className="spinner small-spinner" aria-hidden="true" /> : <Icon name="jobs" size={14} />}
        {running > 0 ? t('jobs.running', { count: running }) : t('jobs.label')}
        {failed > 0 && running === 0 && <span className="dot state-error" aria-label={t('jobs.failedCount', { count: failed })} role="img" />}
      </button>
      {open && (
        <div className="jobs-popover" role="dialog" aria-label={t('jobs.title')} style={pos}>
          <div className="popover-title">{t('jobs.title')}</div>
          {jobs.length === 0 ? (
            <p className="muted small jobs-empty">{t('jobs.none')}</p>
          ) : (
            <ul className="job-list">
              {jobs.slice(0, 20).map((j) => (
                <JobRow key={j.id} job={j} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
