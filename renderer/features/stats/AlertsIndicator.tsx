// The status bar's bell: how many alerts are active, coloured by the worst
// level, and their list (subject, metric, value against limit, level, since
// when). The list is the backend's: an alert it clears disappears here.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert, AlertScope } from '../../../shared/contract/features/stats.ts';
import { Icon } from '../../platform/components/Icon.tsx';
import { useStatusPopover } from '../../platform/components/use-status-popover.ts';
import type { NodeRef } from '../../platform/model/node-ref.ts';
import { formatRate } from './chart-data.ts';
import { levelRank, useAlertsStore, worstLevel } from './store-alerts.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { usePrefsStore } from '../../platform/store/prefs.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { formatDateTime } from '../../platform/i18n/format.ts';
import { tmsg } from '../../platform/i18n/msg.ts';

export function subjectParts(scope: AlertScope): string[] {
  switch (scope.kind) {
    case 'disk':
      return [scope.host, scope.domain, scope.target];
    case 'vm':
      return [scope.host, scope.domain];
    case 'pool':
      return scope.thinPool ? [scope.host, scope.pool, scope.thinPool] : [scope.host, scope.pool];
  }
}

export function scopeRef(scope: AlertScope): NodeRef {
  switch (scope.kind) {
    case 'disk':
      return { kind: 'disk', host: scope.host, vm: scope.domain, disk: scope.target };
    case 'vm':
      return { kind: 'vm', host: scope.host, vm: scope.domain };
    case 'pool':
      return { kind: 'pool', host: scope.host, pool: scope.pool };
  }
}

/** "123 IOPS", "50.0 MiB/s", "12.5 ms", "91.2%". */
export function formatMetric(metric: Alert['metric'], v: number): string {
  switch (metric) {
    case 'iops':
      return formatRate(v, 'iops');
    case 'bps':
      return formatRate(v, 'bps');
    case 'latency':
      return formatRate(v, 'lat');
    case 'poolFull':
    case 'thinData':
    case 'thinMetadata':
      return `${(Math.round(v * 10) / 10).toFixed(1)}%`;
  }
}

function useNow(active: boolean, everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [active, everyMs]);
  return now;
}

function Since({ iso, now }: { iso: string; now: number }) {
  const { i18n } = useTranslation();
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return null;
  const s = Math.max(0, Math.round((now - t) / 1000));
  const rtf = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
  const text = s < 60 ? rtf.format(-s, 'second') : s < 3600 ? rtf.format(-Math.floor(s / 60), 'minute') : rtf.format(-Math.floor(s / 3600), 'hour');
  return (
    <time dateTime={iso} title={formatDateTime(t)}>
      {text}
    </time>
  );
}

function AlertRow({ alert, now, onOpen }: { alert: Alert; now: number; onOpen(a: Alert): void }) {
  const { t } = useTranslation();
  return (
    <li className={`alert-row level-${alert.level}`} data-rule={alert.ruleId} data-level={alert.level} data-metric={alert.metric}>
      <div className="alert-row-head">
        <span className={`badge alert-badge level-${alert.level}`}>{t(`alerts.level.${alert.level}`)}</span>
        <button type="button" className="alert-subject link-btn" title={t('alerts.openSubject')} onClick={() => onOpen(alert)}>
          {[...subjectParts(alert.scope), ...(alert.thinPool && !(alert.scope.kind === 'pool' && alert.scope.thinPool) ? [alert.thinPool] : [])].join(' › ')}
        </button>
      </div>
      <div className="alert-row-body small">
        <span className="alert-metric">{t(`alerts.metric.${alert.metric}`)}</span>
        <span className="alert-value">{t('alerts.valueOfLimit', { value: formatMetric(alert.metric, alert.value), limit: formatMetric(alert.metric, alert.limit) })}</span>
        <span className="alert-since muted">
          <Since iso={alert.since} now={now} />
        </span>
      </div>
      {alert.msg && <p className="alert-row-msg small" style={{ margin: '4px 0 0' }}>{tmsg(alert.msg)}</p>}
    </li>
  );
}

export function AlertsIndicator() {
  const { t } = useTranslation();
  const active = useAlertsStore((s) => s.active);
  const { open, setOpen, pos, ref, toggle } = useStatusPopover();
  const now = useNow(open, 10_000);
  const worst = worstLevel(active);
  const sorted = [...active].sort((a, b) => levelRank(b.level) - levelRank(a.level) || Date.parse(b.since) - Date.parse(a.since));

  const openSubject = (a: Alert) => {
    if (a.scope.kind !== 'pool') usePrefsStore.getState().setDetailsTab('performance');
    useSelectionStore.getState().reveal(scopeRef(a.scope));
    setOpen(false);
  };

  return (
    <div className="alerts-indicator" ref={ref}>
      <button
        type="button"
        className={`alerts-button${worst ? ` level-${worst}` : ''}`}
        aria-expanded={open}
        aria-haspopup="dialog"
        data-count={active.length}
        data-worst={worst ?? ''}
        title={worst ? t('alerts.worstTitle', { level: t(`alerts.level.${worst}`) }) : undefined}
        onClick={toggle}
      >
        <Icon name="bell" size={14} />
        {active.length > 0 ? t('alerts.count', { count: active.length }) : t('alerts.label')}
      </button>
      {open && (
        <div className="jobs-popover alerts-popover" role="dialog" aria-label={t('alerts.title')} style={pos}>
          <div className="popover-title alerts-title">
            <span>{t('alerts.title')}</span>
            <button
              type="button"
              className="btn small"
              data-action="alert-rules"
              onClick={() => {
                setOpen(false);
                openDialog({ kind: 'alert-rules' });
              }}
            >
              {t('actions.alertRules')}
            </button>
          </div>
          {sorted.length === 0 ? (
            <p className="muted small jobs-empty">{t('alerts.none')}</p>
          ) : (
            <ul className="job-list alert-list">
              {sorted.map((a) => (
                <AlertRow key={`${a.ruleId}|${JSON.stringify(a.scope)}`} alert={a} now={now} onOpen={openSubject} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
