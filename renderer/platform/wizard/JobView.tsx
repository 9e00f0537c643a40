// A running or finished job: progress bar, the steps of the plan the job
// runs (job.plan: planned again at start, so it may differ from the review)
// with their state, then the outcome (done; partly done, with what that
// means; failed, with the message and hint; cancelled).
import { text, errorText, errorHint } from '../i18n/msg.ts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../shared/core/errors.ts';
import type { Job, PlanInfo } from '../../../shared/contract/ops.ts';
import { Callout } from '../components/Callout.tsx';
import { ErrorCallout, HintLine } from '../components/ErrorCallout.tsx';
import { jobFraction } from '../store/jobs.ts';
import { jobPlan, planDiffers, stepStatuses } from './job-steps.ts';
import { PlanSteps, PlanWarnings } from './PlanReview.tsx';

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.round(value * 100);
  return (
    <div className="job-progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <span className="job-progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

function JobOutcome({ job }: { job: Job }) {
  const { t } = useTranslation();
  switch (job.state) {
    case 'running':
      return null;
    case 'succeeded':
      return (
        <Callout tone="success" icon="check" role="status" data-outcome="succeeded" title={t('wizard.result.succeeded')}>
          <p className="callout-message">{t('wizard.result.succeededDetail', { count: job.steps })}</p>
          {job.result && Object.keys(job.result).length > 0 && (
            <dl className="job-result">
              {Object.entries(job.result).map(([k, v]) => (
                <div key={k} className="field">
                  <dt>{t(`wizard.result.field.${k}`, { defaultValue: k })}</dt>
                  <dd className="mono">{v}</dd>
                </div>
              ))}
            </dl>
          )}
        </Callout>
      );
    case 'partial':
      return (
        <Callout tone="warning prominent" icon="alert" role="alert" data-outcome="partial" title={t('wizard.result.partial')}>
          {job.error && <p className="callout-message strong">{errorText(job.error)}</p>}
          {job.error && <HintLine hint={errorHint(job.error)} />}
        </Callout>
      );
    case 'cancelled':
    case 'interrupted':
      return (
        <Callout tone="warning" icon="info" role="status" data-outcome="cancelled" title={t('wizard.result.cancelled')}>
          <p className="callout-message">{job.error ? errorText(job.error) : t('wizard.result.cancelledDetail', { done: job.step, total: job.steps })}</p>
          {job.error && errorHint(job.error) && <p className="callout-hint">{errorHint(job.error)}</p>}
        </Callout>
      );
    case 'failed':
      return (
        <div data-outcome="failed">
          <ErrorCallout error={{ code: (job.error?.code ?? 'COMMAND_FAILED') as ErrorCode, message: job.error?.message ?? t('wizard.result.failedUnknown'), ...(job.error?.hint ? { hint: job.error.hint } : {}), ...(job.error?.msg ? { msg: job.error.msg } : {}) }} titleKey="wizard.result.failed" />
        </div>
      );
  }
}

/**
 * `reviewed` is the plan shown on the review page: used only when the job
 * carries no plan of its own (and has as many steps), and to say when the
 * plan that runs differs from it.
 */
export function JobView({ job, reviewed, extra }: { job: Job; reviewed?: PlanInfo | null | undefined; extra?: ReactNode }) {
  const { t } = useTranslation();
  const running = job.state === 'running';
  const stepNo = Math.min(job.step + 1, Math.max(job.steps, 1));
  const plan = jobPlan(job, reviewed);
  const changed = planDiffers(job, reviewed);
  return (
    <div className="job-view" data-job={job.id} data-state={job.state} data-plan={job.plan ? 'job' : plan ? 'reviewed' : 'none'} aria-busy={running}>
      <h3 className="plan-title">{text(job.title, job.titleMsg)}</h3>
      <div className="job-status-line" aria-live="polite">
        {running ? (
          <>
            <span className="spinner" aria-hidden="true" />
            <span>{t('wizard.progress.step', { n: stepNo, total: job.steps, description: text(job.stepDescription, job.stepMsg) })}</span>
          </>
        ) : (
          <span className="muted">{t(`wizard.progress.ended.${job.state}`)}</span>
        )}
      </div>
      <ProgressBar value={jobFraction(job)} label={t('wizard.progress.label')} />
      <JobOutcome job={job} />
      {extra}
      {changed && (
        <p className="field-help" data-plan-changed="">
          {t('wizard.progress.planChanged')}
        </p>
      )}
      {changed && plan && <PlanWarnings warnings={plan.warnings} msgs={plan.warningMsgs} titleKey="wizard.progress.warnings" />}
      {plan && <PlanSteps plan={plan} statuses={stepStatuses(job, plan.steps.length)} />}
    </div>
  );
}
