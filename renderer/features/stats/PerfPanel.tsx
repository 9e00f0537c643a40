// The "Performance" tab of the details area: a toolbar (range, sampling
// interval, pause) above the charts of the selected disk (IOPS, throughput,
// latency, with the disk's live limits as dashed lines), VM (its disks
// combined) or host (its busiest disks, one small chart each). The charts
// read the samples themselves when their host's version moves; these
// components re-render only when what they show changes (a disk appears, the
// ranking of the busiest disks changes, a limit is set).
import { memo, useCallback, useId, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { IoTune } from '../../../shared/contract/features/stats.ts';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { PlainSelect } from '../../platform/components/FormFields.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { CHART_METRICS, diskWindow, METRIC_SERIES, vmSeries, vmWindow, type ChartMetric, type RawWindow } from './chart-data.ts';
import { seriesKey, stableBusiest } from './series.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { useIoTune } from './iotune.ts';
import { usePrefsStore, type BusiestMetric } from '../../platform/store/prefs.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { hostStats, setStatsInterval, STATS_INTERVALS, useStatsStore, useStatsWatch } from './store-stats.ts';
import { IoChart, type ChartLimit, type ChartSeries, type ChartSource } from './IoChart.tsx';
import { describeLimits } from './limits-text.ts';
import { SharedLines } from './lines-layer.tsx';
import { usePalette, type ChartPalette } from './palette.ts';

export const RANGES = [60, 300, 600] as const;
export const BUSIEST_COUNTS = [4, 8, 12, 20] as const;
/** The busiest grid is put in order again at most this often (between, disks keep their places). */
const RESORT_MS = 15_000;
const CHART_HEIGHT = 160;
const EMPTY_WINDOW: RawWindow = Object.freeze({ t: Object.freeze([]) as unknown as number[], v: Object.freeze([[], [], []].map((a) => Object.freeze(a) as unknown as number[])) as unknown as number[][] });

/** Something derived from a host's samples, re-rendering only when it changes (not on every tick). */
function useStatsValue<T>(host: string, read: () => T): T {
  const subscribe = useCallback(
    (cb: () => void) =>
      useStatsStore.subscribe((s, prev) => {
        if (s.versions[host] !== prev.versions[host]) cb();
      }),
    [host],
  );
  return useSyncExternalStore(subscribe, read, read);
}

function useSeriesLabels(metric: ChartMetric): ChartSeries[] {
  const { t } = useTranslation();
  return useMemo(() => METRIC_SERIES[metric].map((d) => ({ id: d.id, label: t(`perf.series.${d.id}`), csv: d.id === 'rd' ? 'read' : d.id === 'wr' ? 'write' : 'flush' })), [metric, t]);
}

function useAllLabels(): Record<ChartMetric, ChartSeries[]> {
  const iops = useSeriesLabels('iops');
  const bps = useSeriesLabels('bps');
  const lat = useSeriesLabels('lat');
  return useMemo(() => ({ iops, bps, lat }), [iops, bps, lat]);
}

/** The end of the window while paused (the host's newest sample when Pause was pressed). */
function useFrozenT1(host: string, paused: boolean): number | null {
  const [frozen, setFrozen] = useState<{ paused: boolean; t1: number | null }>({ paused: false, t1: null });
  if (frozen.paused !== paused) {
    const last = hostStats(host)?.lastT ?? -Infinity;
    setFrozen({ paused, t1: paused ? (Number.isFinite(last) ? last : Date.now()) : null });
  }
  return frozen.paused === paused ? frozen.t1 : null;
}

export function PerfToolbar({ host, paused, onPause, extra }: { host: string; paused: boolean; onPause(p: boolean): void; extra?: ReactNode }) {
  const { t } = useTranslation();
  const rangeS = usePrefsStore((s) => s.statsRangeS);
  const setRange = usePrefsStore((s) => s.setStatsRange);
  const intervalPref = usePrefsStore((s) => s.statsIntervalS);
  const actual = useStatsStore((s) => s.intervals[host]);
  const error = useStatsStore((s) => s.errors[host] ?? null);
  return (
    <div className="perf-toolbar" role="toolbar" aria-label={t('perf.toolbar')}>
      <div className="segmented compact" role="radiogroup" aria-label={t('perf.range')}>
        {RANGES.map((r) => (
          <label key={r} className={`segment${r === rangeS ? ' active' : ''}`}>
            <input type="radio" name={`range-${host}`} value={r} checked={r === rangeS} onChange={() => setRange(r)} />
            <span>{t('perf.minutes', { count: r / 60 })}</span>
          </label>
        ))}
      </div>
      <label className="perf-interval">
        <span>{t('perf.interval')}</span>
        <PlainSelect value={intervalPref} values={STATS_INTERVALS} label={(s) => t('perf.seconds', { count: s })} ariaLabel={t('perf.interval')} onChange={(s) => setStatsInterval(Number(s))} />
      </label>
      <button type="button" className={paused ? 'btn small active-toggle' : 'btn small'} aria-pressed={paused} data-action="pause" onClick={() => onPause(!paused)}>
        <Icon name={paused ? 'play' : 'pause'} size={14} />
        {paused ? t('perf.resume') : t('perf.pause')}
      </button>
      {extra}
      <span className="perf-status muted small" role="status">
        {error ? t('perf.unavailable') : paused ? t('perf.pausedNote') : actual ? t('perf.sampling', { count: actual }) : t('perf.starting')}
      </span>
    </div>
  );
}

function StatsError({ host }: { host: string }) {
  const error: ErrorInfo | null = useStatsStore((s) => s.errors[host] ?? null);
  if (!error) return null;
  return <ErrorCallout error={error} titleKey="perf.watchFailed" compact />;
}

function limitLines(metric: ChartMetric, live: IoTune | null, t: (k: string) => string): ChartLimit[] {
  if (!live || metric === 'lat') return [];
  const f = metric === 'iops' ? (['totalIopsSec', 'readIopsSec', 'writeIopsSec'] as const) : (['totalBytesSec', 'readBytesSec', 'writeBytesSec'] as const);
  const ids = ['total', 'rd', 'wr'] as const;
  const out: ChartLimit[] = [];
  f.forEach((field, i) => {
    const v = live[field];
    const id = ids[i] ?? 'total';
    if (v && v > 0) out.push({ id, value: v, label: t(`perf.limit.${id}`) });
  });
  return out;
}

interface PauseProps {
  paused: boolean;
  onPause(p: boolean): void;
}

function diskSource(host: string, vm: string, target: string): ChartSource {
  const key = seriesKey(vm, target);
  return {
    host,
    read: (metric, t0, into) => {
      const s = hostStats(host)?.series.get(key);
      return s ? diskWindow(s, metric, t0, into) : EMPTY_WINDOW;
    },
  };
}

interface MetricChartsProps {
  source: ChartSource;
  rangeS: number;
  frozenT1: number | null;
  labels: Record<ChartMetric, ChartSeries[]>;
  palette: ChartPalette;
  parts: readonly string[];
  /** Limit lines on the IOPS and throughput charts (a disk's). */
  limits?: { iops: ChartLimit[]; bps: ChartLimit[] };
  latencyNote?: string;
}

/** The IOPS, throughput and latency charts of one disk or VM, side by side. */
function MetricCharts({ source, rangeS, frozenT1, labels, palette, parts, limits, latencyNote }: MetricChartsProps) {
  const { t } = useTranslation();
  return (
    <div className="chart-row">
      {CHART_METRICS.map((m) => (
        <IoChart
          key={m}
          chartId={m}
          title={t(`perf.chart.${m}`)}
          metric={m}
          source={source}
          rangeS={rangeS}
          frozenT1={frozenT1}
          series={labels[m]}
          limits={m === 'lat' ? undefined : limits?.[m]}
          height={CHART_HEIGHT}
          palette={palette}
          fileParts={parts}
          note={m === 'lat' ? latencyNote : undefined}
        />
      ))}
    </div>
  );
}

/**
 * The toolbar button that opens the I/O limits dialog. Its name says what it
 * does ("I/O limits…"); the limits in force are its description, so a screen
 * reader says both, and the name does not change with the state.
 */
function LimitsChip({ host, vm, target, running, iotune }: { host: string; vm: string; target: string; running: boolean; iotune: ReturnType<typeof useIoTune> }) {
  const { t } = useTranslation();
  const stateId = useId();
  const state = !running ? t('iotune.notRunningShort') : iotune.live ? t('iotune.liveNow', { limits: describeLimits(iotune.live, t) }) : iotune.error ? t('iotune.unknown') : iotune.loaded ? t('iotune.notLive') : t('iotune.loading');
  return (
    <button
      type="button"
      className="limits-chip"
      data-action="io-limits"
      data-iotune-live={iotune.live ? describeLimits(iotune.live, t) : ''}
      aria-label={t('actions.ioLimits')}
      aria-describedby={stateId}
      title={t('actions.ioLimits')}
      onClick={() => openDialog({ kind: 'io-limits', host, vm, target })}
    >
      <Icon name="gauge" size={14} />
      <span className="limits-text" id={stateId}>
        {state}
      </span>
    </button>
  );
}

export function DiskPerf({ host, vm, target, running, paused, onPause }: { host: string; vm: string; target: string; running: boolean } & PauseProps) {
  const { t } = useTranslation();
  const palette = usePalette();
  useStatsWatch(host);
  const rangeS = usePrefsStore((s) => s.statsRangeS);
  const frozenT1 = useFrozenT1(host, paused);
  const iotune = useIoTune(host, vm, target, running ? 'running' : 'off');
  const key = seriesKey(vm, target);
  const hasSamples = useStatsValue(host, () => Boolean(hostStats(host)?.series.get(key)));
  const source = useMemo(() => diskSource(host, vm, target), [host, vm, target]);
  const labels = useAllLabels();
  const limits = useMemo(() => ({ iops: limitLines('iops', iotune.live, t), bps: limitLines('bps', iotune.live, t) }), [iotune.live, t]);
  const parts = useMemo(() => [vm, target], [vm, target]);
  return (
    <div className="perf" data-perf="disk">
      <PerfToolbar
        host={host}
        paused={paused}
        onPause={onPause}
        extra={
          <LimitsChip host={host} vm={vm} target={target} running={running} iotune={iotune} />
        }
      />
      <StatsError host={host} />
      {!hasSamples && <p className="perf-empty muted small">{running ? t('perf.noSamples') : t('perf.vmNotRunning', { vm })}</p>}
      <MetricCharts source={source} rangeS={rangeS} frozenT1={frozenT1} labels={labels} palette={palette} parts={parts} limits={limits} />
    </div>
  );
}

export function VmPerf({ host, vm, running, paused, onPause }: { host: string; vm: string; running: boolean } & PauseProps) {
  const { t } = useTranslation();
  const palette = usePalette();
  useStatsWatch(host);
  const rangeS = usePrefsStore((s) => s.statsRangeS);
  const frozenT1 = useFrozenT1(host, paused);
  const hasSamples = useStatsValue(host, () => vmSeries(hostStats(host), vm).length > 0);
  const source = useMemo<ChartSource>(() => ({ host, read: (metric, t0) => vmWindow(vmSeries(hostStats(host), vm), metric, t0) }), [host, vm]);
  const labels = useAllLabels();
  const parts = useMemo(() => [vm], [vm]);
  return (
    <div className="perf" data-perf="vm">
      <PerfToolbar host={host} paused={paused} onPause={onPause} extra={<span className="perf-note muted small">{t('perf.vmNote')}</span>} />
      <StatsError host={host} />
      {!hasSamples && <p className="perf-empty muted small">{running ? t('perf.noSamples') : t('perf.vmNotRunning', { vm })}</p>}
      <MetricCharts source={source} rangeS={rangeS} frozenT1={frozenT1} labels={labels} palette={palette} parts={parts} latencyNote={t('perf.vmLatencyNote')} />
    </div>
  );
}

/**
 * Stable React keys for the busiest grid: a disk keeps its key while shown;
 * a newcomer takes the key of a disk that left in the same update, so its
 * chart is re-used rather than unmounted and mounted again.
 */
export function assignChartKeys<D extends { key: string }>(state: { byDisk: Map<string, number>; next: number }, disks: readonly D[]): (D & { chartKey: number })[] {
  const shown = new Set(disks.map((d) => d.key));
  const freed: number[] = [];
  for (const [disk, k] of state.byDisk) {
    if (!shown.has(disk)) {
      freed.push(k);
      state.byDisk.delete(disk);
    }
  }
  freed.sort((a, b) => a - b);
  return disks.map((d) => {
    let k = state.byDisk.get(d.key);
    if (k === undefined) {
      k = freed.shift() ?? state.next++;
      state.byDisk.set(d.key, k);
    }
    return { ...d, chartKey: k };
  });
}

/** The charts in the order of their keys (each keeps its place in the DOM), with their rank in the grid. */
export function inDomOrder<D extends { chartKey: number }>(ranked: readonly D[]): (D & { rank: number })[] {
  return ranked.map((d, rank) => ({ ...d, rank })).sort((a, b) => a.chartKey - b.chartKey);
}

export function HostPerf({ host, paused, onPause }: { host: string } & PauseProps) {
  const { t } = useTranslation();
  const palette = usePalette();
  useStatsWatch(host);
  const rangeS = usePrefsStore((s) => s.statsRangeS);
  const frozenT1 = useFrozenT1(host, paused);
  const count = usePrefsStore((s) => s.busiestCount);
  const metric = usePrefsStore((s) => s.busiestMetric);
  const setBusiest = usePrefsStore((s) => s.setBusiest);
  const labels = useSeriesLabels(metric);
  // The shown disks as one string, so a tick that keeps them re-renders nothing; kept while paused.
  const shownRef = useRef<{ keys: string[]; sortedAt: number; by: string }>({ keys: [], sortedAt: 0, by: '' });
  const ranking = useStatsValue(host, () => {
    const cur = shownRef.current;
    if (paused) return cur.keys.join('\n');
    const by = metric === 'bps' ? 'bps' : 'iops';
    const now = Date.now();
    const resort = cur.by !== by || now - cur.sortedAt > RESORT_MS;
    const keys = stableBusiest(hostStats(host), count, by, cur.by === by ? cur.keys : [], resort);
    if (keys.join('\n') !== cur.keys.join('\n') || resort) shownRef.current = { keys, sortedAt: resort ? now : cur.sortedAt, by };
    return shownRef.current.keys.join('\n');
  });
  // Chart components outlive the disk they show: a disk that takes another's
  // place takes its chart (a new chart mounts a whole recharts tree, about
  // 25 ms; a re-used one only redraws), while a re-sort just moves charts.
  const chartKeys = useRef<{ byDisk: Map<string, number>; next: number }>({ byDisk: new Map(), next: 0 });
  const top = useMemo(() => {
    const disks = ranking
      ? ranking.split('\n').flatMap((key) => {
          const s = hostStats(host)?.series.get(key);
          return s ? [{ key, vm: s.domain, target: s.target }] : [];
        })
      : [];
    return assignChartKeys(chartKeys.current, disks);
  }, [ranking, host]);
  const controls = (
    <span className="perf-controls">
      <label className="perf-interval">
        <span>{t('perf.busiest.show')}</span>
        <PlainSelect value={count} values={BUSIEST_COUNTS} label={(n) => t('perf.busiest.disks', { count: n })} ariaLabel={t('perf.busiest.count')} onChange={(n) => setBusiest(Number(n), metric)} />
      </label>
      <label className="perf-interval">
        <span>{t('perf.busiest.metric')}</span>
        <PlainSelect value={metric} values={CHART_METRICS} label={(m) => t(`perf.chart.${m}`)} onChange={(m) => setBusiest(count, m as BusiestMetric)} />
      </label>
      <span className="info-tip" title={t('perf.busiest.rankNote')} aria-label={t('perf.busiest.rankNote')} role="img">
        <Icon name="info" size={14} />
      </span>
    </span>
  );
  return (
    <div className="perf" data-perf="host">
      <PerfToolbar host={host} paused={paused} onPause={onPause} extra={controls} />
      <StatsError host={host} />
      {top.length === 0 && <p className="perf-empty muted small">{t('perf.busiest.none')}</p>}
      <SharedLines className="mini-grid" role="list" ariaLabel={t('perf.busiest.gridLabel', { host })}>
        {inDomOrder(top).map(({ chartKey, rank, vm, target }) => (
          // The grid shows them in rank order through CSS `order`, while the DOM keeps each chart
          // where it is: a re-sort moved about half the charts in the DOM (re-inserted, restyled and
          // laid out again, ~40 ms), where changing `order` only lays the grid out. The rank is
          // said to assistive technology, and keyboard focus does not jump when the grid re-sorts.
          <div key={chartKey} className="mini-cell" role="listitem" aria-posinset={rank + 1} aria-setsize={top.length} style={{ order: rank }}>
            <MiniDiskChart host={host} vm={vm} target={target} metric={metric} rangeS={rangeS} frozenT1={frozenT1} series={labels} palette={palette} />
          </div>
        ))}
      </SharedLines>
    </div>
  );
}

/** One of the host's busiest disks; its title opens the disk's own charts. */
const MiniDiskChart = memo(function MiniDiskChart({
  host,
  vm,
  target,
  metric,
  rangeS,
  frozenT1,
  series,
  palette,
}: {
  host: string;
  vm: string;
  target: string;
  metric: ChartMetric;
  rangeS: number;
  frozenT1: number | null;
  series: ChartSeries[];
  palette: ChartPalette;
}) {
  const { t } = useTranslation();
  const onOpen = useCallback(() => {
    usePrefsStore.getState().setDetailsTab('performance');
    useSelectionStore.getState().reveal({ kind: 'disk', host, vm, disk: target });
  }, [host, vm, target]);
  const parts = useMemo(() => [vm, target], [vm, target]);
  const source = useMemo(() => diskSource(host, vm, target), [host, vm, target]);
  return (
    <IoChart
      chartId={metric}
      title={`${vm} / ${target}`}
      metric={metric}
      source={source}
      rangeS={rangeS}
      frozenT1={frozenT1}
      series={series}
      height={96}
      palette={palette}
      compact
      fileParts={parts}
      openLabel={t('perf.busiest.open', { vm, target })}
      onOpen={onOpen}
    />
  );
});

export type PerfSubject = { kind: 'host'; host: string } | { kind: 'vm'; host: string; vm: string; running: boolean } | { kind: 'disk'; host: string; vm: string; target: string; running: boolean };

/** Toolbar and charts of one subject; Pause freezes this view only (samples keep arriving). */
export function PerfTab({ subject }: { subject: PerfSubject }) {
  const [paused, setPaused] = useState(false);
  return (
    <div className="perf-tab" data-paused={paused || undefined}>
      {subject.kind === 'disk' ? (
        <DiskPerf host={subject.host} vm={subject.vm} target={subject.target} running={subject.running} paused={paused} onPause={setPaused} />
      ) : subject.kind === 'vm' ? (
        <VmPerf host={subject.host} vm={subject.vm} running={subject.running} paused={paused} onPause={setPaused} />
      ) : (
        <HostPerf host={subject.host} paused={paused} onPause={setPaused} />
      )}
    </div>
  );
}
