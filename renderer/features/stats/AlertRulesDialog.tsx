// The alert rules editor: one row per rule (subject, metric, limit, the
// warning/critical/emergency levels in percent of the limit, 80/95/100 by
// default), a line to add a rule for a disk, VM or pool, and Save, which
// replaces all rules (alerts.setRules).
import { hostLabel } from '../../platform/i18n/host-label.ts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { AlertRule, AlertScope } from '../../../shared/contract/features/stats.ts';
import { api } from '../../platform/api/instance.ts';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { PlainSelect } from '../../platform/components/FormFields.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { Modal } from '../../platform/components/Modal.tsx';
import { errorText } from '../../platform/i18n/msg.ts';
import { saveRules, useAlertsStore } from './store-alerts.ts';
import { useHostsStore } from '../../platform/store/hosts.ts';
import { useInventoryStore } from '../../platform/store/inventory.ts';
import { notify } from '../../platform/store/toasts.ts';
import { subjectParts } from './AlertsIndicator.tsx';
import { checkDraft, draftOf, LEVELS, metricsFor, newDraft, sameScope, type AlertMetric, type RuleDraft } from './alert-rules-form.ts';
import { domainNamed } from '../../../shared/contract/inventory-lookup.ts';

type ScopeKind = AlertScope['kind'];
const SCOPE_KINDS: readonly ScopeKind[] = ['disk', 'vm', 'pool'];

/** `refused`: why the backend refused this rule on saving (its refusal names the rule in details.rule), or null. */
function RuleRow({ draft, onChange, onRemove, autoFocus, refused }: { draft: RuleDraft; onChange(d: RuleDraft): void; onRemove(): void; autoFocus: boolean; refused: string | null }) {
  const { t } = useTranslation();
  const { errors } = checkDraft(draft);
  const parts = subjectParts(draft.scope);
  const subject = parts.join(' › ');
  return (
    <li className={refused ? 'rule-row refused' : 'rule-row'} data-rule={draft.id} data-scope={draft.scope.kind} data-subject={subject} data-refused={refused ? '' : undefined}>
      <div className="rule-subject" title={subject}>
        <span className="badge neutral">{t(`alerts.scope.${draft.scope.kind}`)}</span>
        <span className="rule-subject-text">
          <span className="rule-subject-name">{parts.slice(1).join(' › ')}</span>
          <span className="rule-subject-host muted small">{parts[0]}</span>
        </span>
      </div>
      <PlainSelect value={draft.metric} values={metricsFor(draft.scope)} label={(m) => t(`alerts.metric.${m}`)} ariaLabel={t('alerts.editor.metricOf', { subject })} onChange={(m) => onChange({ ...draft, metric: m as AlertMetric })} />
      <div className={`rule-limit${errors.limit ? ' invalid' : ''}`}>
        <input
          className="mono"
          value={draft.limit}
          autoFocus={autoFocus}
          placeholder={t(`alerts.editor.placeholder.${draft.metric}`)}
          aria-label={t('alerts.editor.limitOf', { subject })}
          aria-invalid={Boolean(errors.limit) || undefined}
          onChange={(e) => onChange({ ...draft, limit: e.target.value })}
        />
        <span className="rule-unit muted small">{t(`alerts.unit.${draft.metric}`)}</span>
      </div>
      {LEVELS.map((l) => (
        <div key={l} className={`rule-level${errors.levels ? ' invalid' : ''}`}>
          <input
            className="mono"
            value={draft.levels[l]}
            inputMode="decimal"
            aria-label={t('alerts.editor.levelOf', { level: t(`alerts.level.${l}`), subject })}
            aria-invalid={Boolean(errors.levels) || undefined}
            onChange={(e) => onChange({ ...draft, levels: { ...draft.levels, [l]: e.target.value } })}
          />
          <span className="muted small">{t('alerts.editor.percent')}</span>
        </div>
      ))}
      <button type="button" className="icon-btn" title={t('alerts.editor.remove')} aria-label={t('alerts.editor.removeOf', { subject })} onClick={onRemove}>
        <Icon name="trash" />
      </button>
      {(errors.limit || errors.levels) && <span className="field-error rule-error">{[errors.limit, errors.levels].filter(Boolean).map((k) => t(k ?? '')).join(' ')}</span>}
      {refused && !errors.limit && !errors.levels && <span className="field-error rule-error">{refused}</span>}
    </li>
  );
}

/** Pick a disk, VM or pool of a host for a new rule. */
function AddRule({ initial, onAdd }: { initial: AlertScope | undefined; onAdd(scope: AlertScope): void }) {
  const { t } = useTranslation();
  const hosts = useHostsStore((s) => s.hosts);
  const byHost = useInventoryStore((s) => s.byHost);
  const [host, setHost] = useState(initial?.host ?? hosts[0]?.config.name ?? '');
  const [kind, setKind] = useState<ScopeKind>(initial?.kind ?? 'disk');
  const inv = byHost[host]?.inventory;
  const domains = inv?.domains ?? [];
  const [vm, setVm] = useState(initial && initial.kind !== 'pool' ? initial.domain : (domains[0]?.name ?? ''));
  const disks = domainNamed(domains, vm)?.disks ?? [];
  const [target, setTarget] = useState(initial?.kind === 'disk' ? initial.target : (disks[0]?.target ?? ''));
  const pools = inv?.pools ?? [];
  const [pool, setPool] = useState(initial?.kind === 'pool' ? initial.pool : (pools[0]?.name ?? ''));
  const vmOk = domains.some((d) => d.name === vm);
  const scope: AlertScope | null =
    kind === 'pool' ? (pools.some((p) => p.name === pool) ? { kind: 'pool', host, pool } : null) : kind === 'vm' ? (vmOk ? { kind: 'vm', host, domain: vm } : null) : vmOk && disks.some((k) => k.target === target) ? { kind: 'disk', host, domain: vm, target } : null;
  return (
    <div className="add-rule" role="group" aria-label={t('alerts.editor.addLabel')}>
      <span className="add-rule-title">{t('alerts.editor.addFor')}</span>
      <PlainSelect value={host} values={hosts.map((h) => h.config.name)} label={(h) => hostLabel(h, t)} ariaLabel={t('alerts.editor.host')} onChange={setHost} />
      <PlainSelect value={kind} values={SCOPE_KINDS} label={(k) => t(`alerts.scope.${k}`)} ariaLabel={t('alerts.editor.kind')} onChange={(k) => setKind(k as ScopeKind)} />
      {kind !== 'pool' && (
        <PlainSelect
          value={vm}
          values={domains.map((d) => d.name)}
          ariaLabel={t('alerts.editor.vm')}
          onChange={(name) => {
            setVm(name);
            setTarget(domainNamed(domains, name)?.disks[0]?.target ?? '');
          }}
        />
      )}
      {kind === 'disk' && <PlainSelect value={target} values={disks.map((k) => k.target)} ariaLabel={t('alerts.editor.disk')} onChange={setTarget} />}
      {kind === 'pool' && <PlainSelect value={pool} values={pools.map((p) => p.name)} ariaLabel={t('alerts.editor.pool')} onChange={setPool} />}
      <button type="button" className="btn small" disabled={!scope} data-action="add-rule" onClick={() => scope && onAdd(scope)}>
        <Icon name="plus" size={14} />
        {t('alerts.editor.add')}
      </button>
    </div>
  );
}

export function AlertRulesDialog({ scope, onClose }: { scope?: AlertScope | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const stored = useAlertsStore((s) => s.rules);
  const [loaded, setLoaded] = useState<AlertRule[] | null>(null);
  const [loadError, setLoadError] = useState<ErrorInfo | null>(null);
  const [drafts, setDrafts] = useState<RuleDraft[] | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  // Fresh from the backend: another window may have changed them.
  useEffect(() => {
    let gone = false;
    void api()
      .call('alerts.rules', {})
      .then((out) => {
        if (gone) return;
        if (out.ok) {
          useAlertsStore.getState().setRules(out.result);
          setLoaded(out.result);
        } else {
          setLoadError(out.error);
          setLoaded(useAlertsStore.getState().rules);
        }
      });
    return () => {
      gone = true;
    };
  }, []);

  useEffect(() => {
    if (!loaded || drafts) return;
    const list = loaded.map(draftOf);
    if (scope) {
      const d = newDraft(scope);
      list.push(d);
      setFocusId(d.id);
    }
    setDrafts(list);
  }, [loaded, drafts, scope]);

  const checks = useMemo(() => (drafts ?? []).map(checkDraft), [drafts]);
  const valid = checks.every((c) => c.rule);
  const dirty = useMemo(() => JSON.stringify(checks.map((c) => c.rule)) !== JSON.stringify(stored), [checks, stored]);

  const save = async () => {
    const rules = checks.map((c) => c.rule).filter((r): r is AlertRule => r !== null);
    setSaving(true);
    setError(null);
    const err = await saveRules(api(), rules);
    setSaving(false);
    if (err) setError(err);
    else {
      notify('toast.alertRulesSaved', { n: String(rules.length) });
      onClose();
    }
  };

  const footer = (
    <>
      <span className="footer-note">{drafts && !valid ? t('alerts.editor.fix') : null}</span>
      <span className="spacer" />
      {saving && <Spinner label={t('alerts.editor.saving')} />}
      <button type="button" className="btn" disabled={saving} onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button type="button" className="btn primary" disabled={!drafts || !valid || saving || !dirty} data-action="save-rules" onClick={() => void save()}>
        <Icon name="check" />
        {t('alerts.editor.save')}
      </button>
    </>
  );

  return (
    <Modal title={t('alerts.editor.title')} onClose={onClose} footer={footer} className="alert-rules" busy={saving}>
      <p className="muted small">{t('alerts.editor.intro')}</p>
      {loadError && <ErrorCallout error={loadError} titleKey="alerts.editor.loadFailed" compact />}
      {error && <ErrorCallout error={error} titleKey="alerts.editor.saveFailed" />}
      {!drafts ? (
        <Spinner label={t('alerts.editor.loading')} />
      ) : (
        <>
          <div className="rule-head" aria-hidden="true">
            <span>{t('alerts.editor.subject')}</span>
            <span>{t('alerts.editor.metric')}</span>
            <span>{t('alerts.editor.limit')}</span>
            {LEVELS.map((l) => (
              <span key={l}>{t(`alerts.level.${l}`)}</span>
            ))}
            <span />
          </div>
          {drafts.length === 0 ? (
            <p className="muted rules-empty">{t('alerts.editor.none')}</p>
          ) : (
            <ul className="rule-list">
              {drafts.map((d, i) => (
                <RuleRow
                  key={d.id}
                  draft={d}
                  autoFocus={d.id === focusId}
                  refused={error && error.details?.field === 'rules' && error.details.rule === d.id ? errorText(error) : null}
                  onChange={(nd) => setDrafts(drafts.map((x, j) => (j === i ? nd : x)))}
                  onRemove={() => setDrafts(drafts.filter((_, j) => j !== i))}
                />
              ))}
            </ul>
          )}
          <AddRule
            initial={scope}
            onAdd={(s) => {
              const existing = drafts.find((d) => sameScope(d.scope, s) && d.limit === '');
              if (existing) {
                setFocusId(existing.id);
                return;
              }
              const d = newDraft(s);
              setFocusId(d.id);
              setDrafts([...drafts, d]);
            }}
          />
          <p className="field-help">{t('alerts.editor.levelsHelp')}</p>
        </>
      )}
    </Modal>
  );
}
