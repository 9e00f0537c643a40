// The review page: the plan's title, its warnings, and every step with the
// exact command line, its input (XML) and whether it destroys data. What is
// shown here is what runs: the backend plans again on start and refuses if
// anything changed in a way the checks care about.
import { text, type Msg } from '../i18n/msg.ts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanInfo, PlanStepInfo } from '../../../shared/contract/ops.ts';
import { Callout } from '../components/Callout.tsx';
import { Icon } from '../components/Icon.tsx';
import type { StepStatus } from './job-steps.ts';
import { stepCommandLine } from './plan-text.ts';
import { quoteCommand } from '../../../shared/core/shell-quote.ts';

export type { StepStatus } from './job-steps.ts';

function StepStatusIcon({ status }: { status: StepStatus }) {
  const { t } = useTranslation();
  const label = t(`wizard.stepStatus.${status}`);
  if (status === 'running') return <span className="spinner step-spinner" role="img" aria-label={label} title={label} />;
  if (status === 'done') return <span className="step-status done" role="img" aria-label={label} title={label}><Icon name="check" size={12} /></span>;
  if (status === 'failed' || status === 'stopped') return <span className={`step-status ${status}`} role="img" aria-label={label} title={label}><Icon name="close" size={12} /></span>;
  return <span className={`step-status ${status}`} role="img" aria-label={label} title={label} />;
}

function PlanStep({ step, index, status }: { step: PlanStepInfo; index: number; status?: StepStatus | undefined }) {
  const { t } = useTranslation();
  return (
    <li className={`plan-step${step.destructive ? ' destructive' : ''}${status ? ` status-${status}` : ''}`} data-destructive={step.destructive || undefined}>
      <div className="plan-step-head">
        {status ? <StepStatusIcon status={status} /> : <span className="plan-step-num">{index + 1}</span>}
        <span className="plan-step-desc">{text(step.description, step.descriptionMsg)}</span>
        {step.sudo && <span className="badge neutral">{t('wizard.review.sudo')}</span>}
        {step.destructive && (
          <span className="badge danger-badge">
            <Icon name="alert" size={12} />
            {t('wizard.review.destructive')}
          </span>
        )}
      </div>
      {step.guestArgv ? (
        <>
          <div className="guest-command" data-guest-step="">
            <span className="stdin-label">{t('wizard.review.inGuest')}</span>
            <pre className="command-line guest" aria-label={t('wizard.review.guestCommandLabel', { n: index + 1 })}>
              <code>{quoteCommand(step.guestArgv)}</code>
            </pre>
          </div>
          {step.guestInput !== undefined && (
            <div className="stdin-block">
              <span className="stdin-label">{t('wizard.review.guestInput')}</span>
              <pre className="stdin" tabIndex={0} aria-label={t('wizard.review.guestInputLabel', { n: index + 1 })} data-guest-input="">
                {step.guestInput}
              </pre>
            </div>
          )}
          <details className="host-command">
            <summary>{t('wizard.review.throughAgent')}</summary>
            <pre className="command-line" aria-label={t('wizard.review.commandLabel', { n: index + 1 })}>
              <code>{stepCommandLine(step)}</code>
            </pre>
          </details>
        </>
      ) : (
        <pre className="command-line" aria-label={t('wizard.review.commandLabel', { n: index + 1 })}>
          <code>{stepCommandLine(step)}</code>
        </pre>
      )}
      {step.secretStdin ? (
        <div className="stdin-block secret">
          <span className="stdin-label">{t('wizard.review.stdin')}</span>
          <span className="secret-placeholder">
            <Icon name="key" size={12} />
            {t('wizard.review.secretStdin')}
          </span>
        </div>
      ) : (
        step.stdin !== undefined && (
          <div className="stdin-block">
            <span className="stdin-label">{t('wizard.review.stdin')}</span>
            <pre className="stdin" tabIndex={0} aria-label={t('wizard.review.stdinLabel', { n: index + 1 })}>
              {step.stdin}
            </pre>
          </div>
        )
      )}
      {step.partialNote && (
        <p className="field-help partial-note">
          <span className="label-inline">{t('wizard.review.ifFails')}</span> {text(step.partialNote, step.partialNoteMsg)}
        </p>
      )}
    </li>
  );
}

export function PlanSteps({ plan, statuses }: { plan: PlanInfo; statuses?: StepStatus[] | undefined }) {
  return (
    <ol className="plan-steps">
      {plan.steps.map((s, i) => (
        <PlanStep key={i} step={s} index={i} status={statuses?.[i]} />
      ))}
    </ol>
  );
}

export function PlanWarnings({ warnings, msgs, titleKey = 'wizard.review.warnings' }: { warnings: string[]; msgs?: (Msg | null)[] | undefined; titleKey?: string }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <Callout tone="warning" icon="alert" role="note" data-plan-warnings="" title={t(titleKey, { count: warnings.length })}>
      <ul className="plan-warnings">
        {warnings.map((w, i) => (
          <li key={i}>{text(w, msgs?.[i])}</li>
        ))}
      </ul>
    </Callout>
  );
}

export function PlanReview({ plan, children }: { plan: PlanInfo; children?: ReactNode }) {
  const { t } = useTranslation();
  const destructive = plan.steps.some((s) => s.destructive);
  return (
    <div className="plan-review" data-review="">
      <h3 className="plan-title">{text(plan.title, plan.titleMsg)}</h3>
      <p className="muted small">{t(destructive ? 'wizard.review.introDestructive' : 'wizard.review.intro', { count: plan.steps.length })}</p>
      {children}
      <PlanWarnings warnings={plan.warnings} msgs={plan.warningMsgs} />
      <PlanSteps plan={plan} />
    </div>
  );
}
