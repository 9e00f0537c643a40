// The wizard's step list: done steps can be revisited, the current one is
// marked for screen readers (aria-current="step").
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';

export interface HeaderStep {
  id: string;
  label: string;
}

export function WizardStepsHeader({ steps, current, onGo }: { steps: HeaderStep[]; current: number; onGo: ((index: number) => void) | null }) {
  const { t } = useTranslation();
  return (
    <nav className="wizard-steps-nav" aria-label={t('wizard.stepsLabel')}>
      <ol className="wizard-steps">
        {steps.map((s, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo';
          const content = (
            <>
              <span className="wizard-step-num" aria-hidden="true">
                {state === 'done' ? <Icon name="check" size={12} /> : i + 1}
              </span>
              <span className="wizard-step-label">{s.label}</span>
            </>
          );
          return (
            <li key={s.id} className={`wizard-step ${state}`} aria-current={state === 'current' ? 'step' : undefined} data-step={s.id}>
              {state === 'done' && onGo ? (
                <button type="button" className="wizard-step-btn" onClick={() => onGo(i)}>
                  {content}
                </button>
              ) : (
                <span className="wizard-step-btn">{content}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
