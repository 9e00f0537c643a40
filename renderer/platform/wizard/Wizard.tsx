// The frame every storage wizard uses: its own steps, then Review (the plan
// of exact commands from ops.plan), then Run (ops.start, followed through
// "job" events) and the result. A refusal from ops.plan is shown on the step
// that caused it, with the backend's message and hint; the renderer never
// builds commands itself, only the operation.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { Job, Operation, PlanInfo } from '../../../shared/contract/ops.ts';
import { api } from '../api/instance.ts';
import { Spinner } from '../components/EmptyState.tsx';
import { ErrorCallout } from '../components/ErrorCallout.tsx';
import { Icon } from '../components/Icon.tsx';
import { Modal } from '../components/Modal.tsx';
import { copyText } from '../store/actions.ts';
import { useJob, useJobsStore } from '../store/jobs.ts';
import { JobView } from './JobView.tsx';
import { PlanReview } from './PlanReview.tsx';
import { downloadText, planCommands, scriptFileName } from './plan-text.ts';
import { WizardStepsHeader } from './WizardStepsHeader.tsx';

export interface WizardStep {
  id: string;
  label: string;
  content: ReactNode;
  /** i18n key saying what is still missing; Next stays disabled while set. */
  incomplete?: string | null | undefined;
}

export interface WizardProps {
  title: string;
  steps: WizardStep[];
  /** The request the answers make, or null while they are incomplete. */
  operation: Operation | null;
  /** Passed to ops.start only (LUKS); never stored. */
  passphrase?: string | undefined;
  /** Which step a refusal from ops.plan belongs to (default: the last one). */
  blame?: ((error: ErrorInfo) => string | null) | undefined;
  onClose(): void;
  /** More content under a finished job (e.g. a follow-up action). */
  afterJob?: ((job: Job) => ReactNode) | undefined;
  /** Called once when the job ends. */
  onJobEnd?: ((job: Job) => void) | undefined;
  runLabel?: string | undefined;
  /** More content on the review page, above the warnings and steps (e.g. the line a plan adds to /etc/fstab). */
  reviewExtra?: ((plan: PlanInfo) => ReactNode) | undefined;
  /** A short name for the exported script ("attach-vdc"). */
  scriptName?: string | undefined;
  className?: string | undefined;
}

type Stage =
  | { kind: 'edit'; index: number }
  | { kind: 'planning'; returnTo: number }
  | { kind: 'review'; plan: PlanInfo }
  | { kind: 'starting'; plan: PlanInfo }
  | { kind: 'job'; plan: PlanInfo; started: Job };

/** A refusal, remembered with the request it was about (a changed answer clears it). */
interface Refusal {
  step: string | null;
  error: ErrorInfo;
  opKey: string;
}

export function Wizard({ title, steps, operation, passphrase, blame, onClose, afterJob, onJobEnd, runLabel, reviewExtra, scriptName, className }: WizardProps) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<Stage>(() => (steps.length ? { kind: 'edit', index: 0 } : { kind: 'planning', returnTo: 0 }));
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [copied, setCopied] = useState(false);
  const opKey = operation ? JSON.stringify(operation) : '';
  const liveRefusal = refusal && refusal.opKey === opKey ? refusal : null;
  const jobId = stage.kind === 'job' ? stage.started.id : null;
  const storedJob = useJob(jobId);
  const job = stage.kind === 'job' ? (storedJob ?? stage.started) : null;
  const bodyRef = useRef<HTMLDivElement>(null);
  const endedFor = useRef<string | null>(null);
  const lastIndex = steps.length - 1;

  // The job's start reply is also an event: keep the store in step.
  useEffect(() => {
    if (stage.kind === 'job') useJobsStore.getState().upsertJob(stage.started);
  }, [stage]);

  useEffect(() => {
    if (job && job.state !== 'running' && endedFor.current !== job.id) {
      endedFor.current = job.id;
      onJobEnd?.(job);
    }
  }, [job, onJobEnd]);

  // A new page starts at the top; when the button that led here is gone,
  // focus goes to the page (not back to the document) for keyboard users.
  useEffect(() => {
    const body = bodyRef.current;
    body?.closest('.modal-body')?.scrollTo({ top: 0 });
    const dialog = body?.closest('dialog');
    const active = document.activeElement;
    if (body && dialog && (!active || active === document.body || !dialog.contains(active))) body.focus({ preventScroll: true });
  }, [stage.kind, stage.kind === 'edit' ? stage.index : 0]);

  const plan = async (returnTo: number) => {
    if (!operation) {
      // The answers no longer make a request (e.g. after a retry the name is taken now): show the step that says why.
      const i = steps.findIndex((s) => s.incomplete);
      if (steps.length) setStage({ kind: 'edit', index: i >= 0 ? i : Math.max(0, Math.min(returnTo, lastIndex)) });
      return;
    }
    setStage({ kind: 'planning', returnTo });
    setRefusal(null);
    const out = await api().call('ops.plan', { op: operation });
    if (out.ok) {
      setStage({ kind: 'review', plan: out.result });
      return;
    }
    refuse(out.error, returnTo);
  };

  /** Back to the step the refusal is about, with the message on it. */
  const refuse = (error: ErrorInfo, fallback: number) => {
    const blamed = blame?.(error) ?? null;
    const index = blamed ? steps.findIndex((s) => s.id === blamed) : -1;
    const at = index >= 0 ? index : Math.max(0, Math.min(fallback, lastIndex));
    setRefusal({ step: steps[at]?.id ?? null, error, opKey });
    setStage(steps.length ? { kind: 'edit', index: at } : { kind: 'planning', returnTo: 0 });
  };

  // A wizard without steps plans at once (once, even under StrictMode).
  const planned = useRef(false);
  useEffect(() => {
    if (steps.length === 0 && !planned.current) {
      planned.current = true;
      void plan(0);
    }
  });

  const start = async (p: PlanInfo) => {
    if (!operation) return;
    setStage({ kind: 'starting', plan: p });
    const out = await api().call('ops.start', { op: operation, ...(passphrase ? { passphrase } : {}) });
    if (out.ok) setStage({ kind: 'job', plan: p, started: out.result });
    else refuse(out.error, lastIndex);
  };

  const cancelJob = async () => {
    if (!job) return;
    const out = await api().call('jobs.cancel', { id: job.id });
    if (out.ok) useJobsStore.getState().upsertJob(out.result);
  };

  const headerSteps = [...steps.map((s) => ({ id: s.id, label: s.label })), { id: 'review', label: t('wizard.review.step') }, { id: 'run', label: t('wizard.run.step') }];
  const headerIndex = stage.kind === 'edit' ? stage.index : stage.kind === 'job' ? steps.length + 1 : steps.length;
  const canGo = stage.kind === 'edit' || stage.kind === 'review' ? (i: number) => i < steps.length && setStage({ kind: 'edit', index: i }) : null;

  const busy = stage.kind === 'planning' || stage.kind === 'starting';
  const running = job?.state === 'running';

  let body: ReactNode;
  let footer: ReactNode;
  switch (stage.kind) {
    case 'edit': {
      const step = steps[stage.index];
      const isLast = stage.index === lastIndex;
      // On the last step, what an earlier step still lacks keeps Review disabled: say so.
      const earlier = isLast && !operation ? steps.find((s) => s.incomplete) : undefined;
      const missing = step?.incomplete ?? (earlier ? earlier.incomplete : null) ?? null;
      body = (
        <div className="wizard-page" data-wizard-step={step?.id}>
          {liveRefusal && liveRefusal.step === step?.id && (
            <div className="step-refusal" data-refusal="">
              <ErrorCallout error={liveRefusal.error} titleKey="wizard.refused" />
            </div>
          )}
          {step?.content}
        </div>
      );
      footer = (
        <>
          {missing && (
            <span className="footer-note" role="status">
              {earlier && earlier !== step ? t('wizard.missingOn', { step: earlier.label, problem: t(missing) }) : t(missing)}
            </span>
          )}
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn" disabled={stage.index === 0} onClick={() => setStage({ kind: 'edit', index: stage.index - 1 })}>
            {t('wizard.back')}
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={Boolean(missing) || (isLast && !operation)}
            onClick={() => (isLast ? void plan(stage.index) : setStage({ kind: 'edit', index: stage.index + 1 }))}
          >
            {isLast ? t('wizard.toReview') : t('wizard.next')}
            <Icon name="chevron" size={14} />
          </button>
        </>
      );
      break;
    }
    case 'planning':
      body =
        liveRefusal && steps.length === 0 ? (
          <div className="wizard-page">
            <ErrorCallout error={liveRefusal.error} titleKey="wizard.refused" />
          </div>
        ) : (
          <div className="wizard-page centered">
            <Spinner label={t('wizard.planning')} />
          </div>
        );
      footer =
        liveRefusal && steps.length === 0 ? (
          <>
            <span className="spacer" />
            <button type="button" className="btn" onClick={onClose}>
              {t('common.close')}
            </button>
            <button type="button" className="btn primary" onClick={() => void plan(0)}>
              <Icon name="refresh" />
              {t('wizard.retry')}
            </button>
          </>
        ) : (
          <span className="spacer" />
        );
      break;
    case 'review':
    case 'starting': {
      const p = stage.plan;
      const destructive = p.steps.some((s) => s.destructive);
      body = <PlanReview plan={p}>{reviewExtra?.(p)}</PlanReview>;
      footer = (
        <>
          <button
            type="button"
            className="btn ghost"
            onClick={() => {
              void copyText(planCommands(p, t('wizard.review.secretComment')), 'toast.commandsCopied', {});
              // The toasts sit under the modal: confirm on the button itself.
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            }}
          >
            <Icon name={copied ? 'check' : 'copy'} />
            <span aria-live="polite">{t(copied ? 'wizard.review.copied' : 'wizard.review.copy')}</span>
          </button>
          <button type="button" className="btn ghost" onClick={() => downloadText(p.script, scriptFileName(operation?.kind ?? 'plan', scriptName))}>
            <Icon name="arrowDown" />
            {t('wizard.review.export')}
          </button>
          <span className="spacer" />
          {stage.kind === 'starting' && <Spinner label={t('wizard.starting')} />}
          {steps.length > 0 && (
            <button type="button" className="btn" disabled={busy} onClick={() => setStage({ kind: 'edit', index: lastIndex })}>
              {t('wizard.back')}
            </button>
          )}
          <button type="button" className="btn" disabled={busy} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className={destructive ? 'btn danger' : 'btn primary'} disabled={busy || p.steps.length === 0} onClick={() => void start(p)}>
            <Icon name={destructive ? 'trash' : 'check'} />
            {runLabel ?? t('wizard.run.button')}
          </button>
        </>
      );
      break;
    }
    case 'job': {
      const j = job ?? stage.started;
      body = <JobView job={j} reviewed={stage.plan} extra={j.state !== 'running' ? afterJob?.(j) : undefined} />;
      footer = running ? (
        <>
          <span className="footer-note">{t('wizard.run.background')}</span>
          <span className="spacer" />
          <button type="button" className="btn" disabled={!j.cancellable} title={j.cancellable ? undefined : t('wizard.run.notCancellable')} onClick={() => void cancelJob()}>
            <Icon name="close" />
            {t('wizard.run.cancel')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('wizard.run.hide')}
          </button>
        </>
      ) : (
        <>
          <span className="spacer" />
          {(j.state === 'failed' || j.state === 'cancelled') && (
            <button type="button" className="btn" onClick={() => void plan(lastIndex)}>
              <Icon name="refresh" />
              {t('wizard.retry')}
            </button>
          )}
          <button type="button" className="btn primary" onClick={onClose} autoFocus>
            {t('common.close')}
          </button>
        </>
      );
      break;
    }
  }

  return (
    <Modal title={title} onClose={onClose} footer={footer} className={`wizard${className ? ` ${className}` : ''}`} busy={busy}>
      <div ref={bodyRef} className="wizard-body" tabIndex={-1} data-stage={stage.kind} data-job-state={job?.state}>
        <WizardStepsHeader steps={headerSteps} current={headerIndex} onGo={canGo} />
        {body}
      </div>
    </Modal>
  );
}
