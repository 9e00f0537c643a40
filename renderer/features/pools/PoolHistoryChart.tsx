// A running pool's fullness over time (pool.history): allocation in % of
// capacity and, for a logical pool, each thin pool's data % and metadata %,
// with the 80 % and 95 % lines of the one fill rule (shared/core/fill-levels.ts).
// Asks again every minute (which also keeps the backend sampling the host),
// each time only for what is newer than what it has.
import { useWidth } from '../../platform/components/use-width.ts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { DEFAULT_ALERT_LEVELS, type PoolPoint } from '../../../shared/contract/features/stats.ts';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { api } from '../../platform/api/instance.ts';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { formatDateTime } from '../../platform/i18n/format.ts';
import { usePalette } from '../stats/index.ts';
import { historyRows, mergePoints, STEP_MS, thinKey } from './pool-history-data.ts';

const HEIGHT = 170;
const DASHES = ['', '6 3', '2 2'];

/** The pool's points, renewed every minute with only the newer ones. */
function usePoolHistory(host: string, pool: string): { points: PoolPoint[]; error: ErrorInfo | null } {
  const [points, setPoints] = useState<PoolPoint[]>([]);
  const [error, setError] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    let gone = false;
    let have: PoolPoint[] = [];
    setPoints([]);
    const load = async () => {
      // From the start of the newest minute shown: its point may have been read again since.
      const last = have.at(-1);
      const sinceMs = last ? Math.floor(last.t / STEP_MS) * STEP_MS - 1 : undefined;
      const out = await api().call('pool.history', { host, pool, ...(sinceMs !== undefined ? { sinceMs } : {}) });
      if (gone) return;
      if (!out.ok) {
        setError(out.error);
        return;
      }
      setError(null);
      have = mergePoints(have, out.result.points);
      setPoints(have);
    };
    void load();
    const id = setInterval(() => void load(), STEP_MS);
    return () => {
      gone = true;
      clearInterval(id);
    };
  }, [host, pool]);
  return { points, error };
}

export function PoolHistoryChart({ host, pool }: { host: string; pool: string }) {
  const { t, i18n } = useTranslation();
  const palette = usePalette();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const { points, error } = usePoolHistory(host, pool);
  const { rows, thinPools } = useMemo(() => historyRows(points), [points]);
  const lang = i18n.language;
  const span = rows.length > 1 ? rows[rows.length - 1]!.t - rows[0]!.t : 0;
  const tick = useMemo(() => new Intl.DateTimeFormat(lang, span > 20 * 3600_000 ? { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), [lang, span]);
  const pct = (v: unknown) => (typeof v === 'number' ? `${(Math.round(v * 10) / 10).toFixed(1)} %` : '—');
  // A single point draws no line: it is drawn as a dot.
  const dot = rows.length === 1 ? { r: 3 } : false;
  const levels = [
    { key: 'warning', value: DEFAULT_ALERT_LEVELS.warning * 100, color: palette.warning },
    { key: 'critical', value: DEFAULT_ALERT_LEVELS.critical * 100, color: palette.critical },
  ] as const;
  return (
    <div className="pool-history" data-testid="pool-history-chart" data-points={rows.length} data-thin-pools={thinPools.join(',')} style={{ gridColumn: '1 / -1', marginTop: 8 }}>
      <div className="muted small" style={{ marginBottom: 4 }}>
        {t('poolHistory.title')} · {t('poolHistory.kept')}
      </div>
      {error && <ErrorCallout error={error} titleKey="poolHistory.failed" />}
      <div ref={box} role="img" aria-label={t('poolHistory.aria', { pool, count: rows.length })}>
        {!error && rows.length === 0 && <p className="muted small">{t('poolHistory.collecting')}</p>}
        {width > 0 && rows.length > 0 && (
          <LineChart width={width} height={HEIGHT} data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke={palette.grid} vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => tick.format(v)} tick={{ fill: palette.axis, fontSize: 10 }} stroke={palette.grid} tickLine={false} minTickGap={24} />
            <YAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={(v: number) => `${v}%`} tick={{ fill: palette.axis, fontSize: 10 }} stroke={palette.grid} tickLine={false} width={40} />
            {levels.map((l) => (
              <ReferenceLine
                key={l.key}
                y={l.value}
                stroke={l.color}
                strokeDasharray="3 3"
                className={`level-line level-line-${l.key}`}
                label={{ value: t(`poolHistory.level.${l.key}`, { percent: l.value }), position: 'insideTopLeft', fill: l.color, fontSize: 10, offset: 3 }}
              />
            ))}
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(v) => (typeof v === 'number' ? formatDateTime(v, lang) : '')}
              formatter={(v) => pct(v)}
              contentStyle={{ background: palette.surface, borderColor: palette.grid, color: palette.text, fontSize: 11 }}
            />
            <Legend wrapperStyle={{ fontSize: 11, color: palette.text }} />
            <Line dataKey="alloc" name={t('poolHistory.allocation')} stroke={palette.rd} strokeWidth={1.8} dot={dot} isAnimationActive={false} connectNulls />
            {thinPools.flatMap((n, i) => [
              <Line key={thinKey('data', n)} dataKey={thinKey('data', n)} name={t('poolHistory.thinData', { name: n })} stroke={palette.fl} strokeDasharray={DASHES[i % DASHES.length]} strokeWidth={1.5} dot={dot} isAnimationActive={false} connectNulls />,
              <Line key={thinKey('meta', n)} dataKey={thinKey('meta', n)} name={t('poolHistory.thinMetadata', { name: n })} stroke={palette.wr} strokeDasharray={DASHES[i % DASHES.length]} strokeWidth={1.5} dot={dot} isAnimationActive={false} connectNulls />,
            ])}
          </LineChart>
        )}
      </div>
    </div>
  );
}
