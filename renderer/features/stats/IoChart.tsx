// One I/O chart: a fixed time window [now - range, now], a line per series
// (read, write, flush), dashed reference lines for the disk's live limits,
// hover values with units, a legend whose entries switch a series on and
// off, and CSV / PNG export of what is shown. No animation anywhere.
//
// Speed (20 charts at one tick per second): recharts draws the frame (grid,
// axes, limit lines) and renders again only when that frame changes (size,
// y scale, limits, shown series). The time axis counts seconds before now,
// so a tick does not move it. The series are stroked on a canvas over the
// plot (one canvas per chart, or one shared by a grid of charts, see
// lines-layer.tsx) by the chart itself when its host's samples change,
// outside React; a tick that would move the lines by less than a pixel is
// drawn with the next one. Feeding every tick through recharts' own <Line>
// and <Tooltip> measured about 7 ms per chart per tick (its store derives
// everything again when `data` changes); SVG paths set per tick cost about
// a third more than the canvas. Hover and its values are drawn here.
import { useWidth } from '../../platform/components/use-width.ts';
import { memo, useCallback, useContext, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import { Icon } from '../../platform/components/Icon.tsx';
import { chartSummary, formatAxis, formatRate, niceTicks, relativeTicks, SERIES_MARK, VALUE_MARK, VALUES_MARK, windowCsv, type ChartMetric, type RawWindow, type SeriesId, type SummaryWords } from './chart-data.ts';
import { CHART_MARGIN, lastValues, nearestIndex, plotArea, strokeSeries, windowMax, xAxisHeight, xOf, yAxisWidth, type PlotArea } from './chart-path.ts';
import { downloadBlob } from '../../platform/components/download.ts';
import { chartPng, exportFileName } from './export.ts';
import { hostStats, useStatsStore } from './store-stats.ts';
import { notifyError } from '../../platform/store/toasts.ts';
import { LinesLayerContext } from './lines-layer.tsx';
import type { ChartPalette } from './palette.ts';
import { formatClock } from '../../platform/i18n/format.ts';

export interface ChartLimit {
  /** "wr", "rd" or "total": which series it caps (its colour). */
  id: string;
  value: number;
  label: string;
}

export interface ChartSeries {
  id: SeriesId;
  label: string;
  /** Column name in the CSV ("read"). */
  csv: string;
}

/**
 * Where a chart reads its samples: a host and a function of the window
 * start (which may refill `into`, the chart's previous window). Keep it the
 * same object while it reads the same thing.
 */
export interface ChartSource {
  host: string;
  read(metric: ChartMetric, t0: number, into?: RawWindow): RawWindow;
}

export interface IoChartProps {
  chartId: string;
  title: string;
  metric: ChartMetric;
  source: ChartSource;
  rangeS: number;
  /** Set while paused: the window ends here and stops moving. */
  frozenT1: number | null;
  /** The series drawn, in order (index k is column k of the window). */
  series: readonly ChartSeries[];
  limits?: readonly ChartLimit[] | undefined;
  height: number;
  palette: ChartPalette;
  compact?: boolean;
  /** Names for exported files ("web1", "vdb"). */
  fileParts: readonly string[];
  /** Makes the title a link (a mini chart opens its disk). */
  onOpen?: (() => void) | undefined;
  openLabel?: string | undefined;
  /** How the values are combined (shown on hover of an info mark). */
  note?: string | undefined;
}

const NO_DATA: never[] = [];
const NO_LIMITS: readonly ChartLimit[] = [];
const EMPTY: RawWindow = Object.freeze({ t: Object.freeze([]) as unknown as number[], v: [] as number[][] });
const clock = { format: (t: number) => formatClock(t) };

export function colorOf(p: ChartPalette, id: string): string {
  return id === 'rd' ? p.rd : id === 'wr' ? p.wr : id === 'fl' ? p.fl : p.total;
}

/** The window end: the host's newest sample (the clock before the first one). */
function liveT1(host: string): number {
  const last = hostStats(host)?.lastT ?? -Infinity;
  return Number.isFinite(last) ? last : Date.now();
}

interface Snapshot {
  w: RawWindow;
  t0: number;
  t1: number;
}

/** Pixels the line canvas reaches above and below the plot (a peak at the top, the line's width at 0). */
const BLEED = 3;

/**
 * The series lines: a canvas over the plot area of the recharts SVG, stroked
 * by the chart on every tick (no DOM work per sample). PNG export draws it
 * over the SVG.
 */
const LinesCanvas = memo(function LinesCanvas({ g, canvasRef }: { g: PlotArea; canvasRef: React.RefObject<HTMLCanvasElement | null> }) {
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const h = g.height + 2 * BLEED;
  return <canvas ref={canvasRef} className="io-lines-layer" width={Math.round(g.width * dpr)} height={Math.round(h * dpr)} style={{ left: g.left, top: g.top - BLEED, width: g.width, height: h }} aria-hidden="true" />;
});

interface HeadProps {
  title: string;
  series: readonly ChartSeries[];
  hidden: ReadonlySet<string>;
  palette: ChartPalette;
  onToggle(id: string): void;
  onCsv(): void;
  onPng(): void;
  onOpen?: (() => void) | undefined;
  openLabel?: string | undefined;
  openKey: string;
  note?: string | undefined;
}

/** Title, legend (toggles) and export buttons. */
const ChartHead = memo(function ChartHead({ title, series, hidden, palette, onToggle, onCsv, onPng, onOpen, openLabel, openKey, note }: HeadProps) {
  const { t } = useTranslation();
  return (
    <figcaption className="io-chart-head">
      {onOpen ? (
        <button type="button" className="io-chart-title link-btn" title={openLabel} data-open-disk={openKey} onClick={onOpen}>
          {title}
        </button>
      ) : (
        <span className="io-chart-title">{title}</span>
      )}
      {note && (
        <span className="info-tip" role="img" title={note} aria-label={note} data-note="">
          <Icon name="info" size={13} />
        </span>
      )}
      <span className="io-chart-legend" role="group" aria-label={t('perf.legend', { chart: title })}>
        {series.map((s) => (
          <button key={s.id} type="button" className={hidden.has(s.id) ? 'legend-item off' : 'legend-item'} aria-pressed={!hidden.has(s.id)} data-series={s.id} title={t('perf.toggleSeries', { series: s.label })} onClick={() => onToggle(s.id)}>
            <span className="legend-swatch" style={{ background: colorOf(palette, s.id) }} />
            {s.label}
          </button>
        ))}
      </span>
      <span className="io-chart-tools">
        <button type="button" className="icon-btn small" title={t('perf.exportCsv')} aria-label={t('perf.exportCsvOf', { chart: title })} data-export="csv" onClick={onCsv}>
          <Icon name="table" size={14} />
        </button>
        <button type="button" className="icon-btn small" title={t('perf.exportPng')} aria-label={t('perf.exportPngOf', { chart: title })} data-export="png" onClick={onPng}>
          <Icon name="image" size={14} />
        </button>
      </span>
    </figcaption>
  );
});

function IoChartImpl({ chartId, title, metric, source, rangeS, frozenT1, series, limits = NO_LIMITS, height, palette, compact = false, fileParts, onOpen, openLabel, note }: IoChartProps) {
  const { t, i18n } = useTranslation();
  const figRef = useRef<HTMLElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const width = useWidth(boxRef);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  // Legend toggles belong to what is shown: a chart re-used for another disk starts with all series on.
  const [hiddenFor, setHiddenFor] = useState(source);
  if (hiddenFor !== source) {
    setHiddenFor(source);
    if (hidden.size > 0) setHidden(new Set());
  }
  const [yTicks, setYTicks] = useState<number[]>(() => niceTicks(0, metric, compact ? 2 : 4));
  const [hoverX, setHoverX] = useState<number | null>(null);
  const [, setHoverTick] = useState(0);
  const visibleLimits = useMemo(() => limits.filter((l) => !hidden.has(l.id)), [limits, hidden]);
  const shown = useMemo(() => series.flatMap((s, k) => (hidden.has(s.id) ? [] : [{ id: s.id, k }])), [series, hidden]);
  const colors = useMemo(() => shown.map((s) => colorOf(palette, s.id)), [shown, palette]);
  const yTop = yTicks[yTicks.length - 1] ?? 1;
  const g = useMemo(() => plotArea(width, height, metric, compact), [width, height, metric, compact]);
  const xTicks = useMemo(() => relativeTicks(rangeS, Math.max(2, Math.floor(g.width / 70))), [rangeS, g.width]);

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layer = useContext(LinesLayerContext);
  /** Draws the lines of the newest snapshot, in chart-body coordinates. */
  const paintRef = useRef<((ctx: CanvasRenderingContext2D) => void) | null>(null);
  useEffect(() => {
    const body = boxRef.current;
    if (!layer || !body || width <= 0) return;
    return layer.add({ body, paint: (ctx) => paintRef.current?.(ctx) });
  }, [layer, width]);
  const snap = useRef<Snapshot>({ w: EMPTY, t0: 0, t1: 0 });
  const hovering = useRef(false);
  hovering.current = hoverX !== null;

  // Its accessible name says which disk or VM and which metric (the plot's
  // axis ticks are hidden from assistive technology); its description
  // (aria-description, set by each drawing: an attribute, where the text of
  // a hidden element cost a layout of every chart on every tick) the latest
  // values.
  const lang = i18n.language;
  const subject = fileParts.join(' / ');
  const a11yName = t('perf.a11y.name', { metric: t(`perf.chart.${metric}`), subject });
  const words = useMemo<SummaryWords>(
    () => ({
      latest: t('perf.a11y.latest', { values: VALUES_MARK }),
      value: t('perf.a11y.value', { series: SERIES_MARK, value: VALUE_MARK }),
      separator: t('perf.a11y.separator'),
      none: t('perf.a11y.none'),
    }),
    // `t` follows the language (lang).
    [lang],
  );

  // Draws the newest window: paths, data attributes, the y scale when it no longer fits.
  useEffect(() => {
    if (width <= 0) return;
    const count = compact ? 2 : 4;
    let visible = true;
    let dirty = false;
    const draw = () => {
      if (!visible) {
        dirty = true;
        return;
      }
      dirty = false;
      let s = snap.current;
      if (frozenT1 === null || s.t1 !== frozenT1 || s.w === EMPTY) {
        const t1 = frozenT1 ?? liveT1(source.host);
        const t0 = t1 - rangeS * 1000;
        s = { w: source.read(metric, t0, frozenT1 === null && s.w !== EMPTY ? s.w : undefined), t0, t1 };
        snap.current = s;
      }
      const max = windowMax(
        s.w,
        shown.map((x) => x.k),
        s.t0,
        visibleLimits.map((l) => l.value),
      );
      if (max > yTop || max < yTop / 3 || yTicks.length - 1 !== count) {
        // Some headroom when it grows, so a value wandering near the top does not rescale every tick.
        const next = niceTicks(max > yTop ? max * 1.25 : max, metric, count);
        if (next.join() !== yTicks.join()) {
          setYTicks(next); // the frame redraws, and this effect runs again with the new scale
          return;
        }
      }
      const paint = (ctx: CanvasRenderingContext2D) => {
        ctx.lineWidth = 1.5;
        ctx.lineJoin = 'bevel';
        shown.forEach((x, i) => {
          ctx.strokeStyle = colors[i] ?? '#888';
          strokeSeries(ctx, s.w, x.k, g, s.t1, rangeS, yTop);
        });
      };
      paintRef.current = paint;
      if (layer) layer.invalidate();
      else {
        const canvas = canvasRef.current;
        const ctx = canvas?.getContext('2d');
        if (canvas && ctx) {
          const dpr = canvas.width / Math.max(1, g.width);
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.clearRect(0, 0, canvas.width, canvas.height);
          // Body coordinates: the canvas starts at the plot's left edge, BLEED above its top.
          ctx.setTransform(dpr, 0, 0, dpr, -g.left * dpr, -(g.top - BLEED) * dpr);
          paint(ctx);
        }
      }
      const fig = figRef.current;
      if (fig) {
        const latest = lastValues(s.w);
        fig.dataset.points = String(s.w.t.length);
        fig.dataset.yTop = String(yTop);
        fig.dataset.t1 = String(s.t1);
        series.forEach((x, k) => {
          const v = latest[k];
          fig.setAttribute(`data-latest-${x.id}`, v === null || v === undefined ? '' : String(v));
        });
        const summary = chartSummary(
          words,
          shown.map((x) => series[x.k]?.label ?? ''),
          shown.map((x) => latest[x.k]),
          metric,
        );
        if (fig.getAttribute('aria-description') !== summary) fig.setAttribute('aria-description', summary);
      }
      if (hovering.current) setHoverTick((n) => n + 1);
    };
    draw();
    const io = new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
      if (visible && dirty) draw();
    });
    if (figRef.current) io.observe(figRef.current);
    // A tick that would move the picture by less than a pixel waits for the next one
    // (at 1 min every tick redraws; at 10 min on a 200-px plot, every third).
    const msPerPixel = (rangeS * 1000) / Math.max(1, g.width);
    const onTick = () => {
      if (!hovering.current && liveT1(source.host) - snap.current.t1 < msPerPixel) return;
      draw();
    };
    const off =
      frozenT1 === null
        ? useStatsStore.subscribe((st, prev) => {
            if (st.versions[source.host] !== prev.versions[source.host]) onTick();
          })
        : () => undefined;
    return () => {
      off();
      io.disconnect();
    };
  }, [width, height, g, source, metric, rangeS, frozenT1, shown, colors, series, visibleLimits, yTicks, yTop, compact, layer, words]);

  // The ticks are ours (as many as fit, nicely rounded): interval={0} and niceTicks="none" keep
  // recharts from measuring every label's text in the DOM and rounding them again. Each axis is
  // its own element, made again only when what it shows changes: a y rescale then leaves the
  // x axis alone (React skips an element it has seen), where it re-rendered the whole frame.
  const xAxis = useMemo(() => {
    const axisLabel = (v: number) => (v === 0 ? t('perf.axis.now') : rangeS >= 300 ? t('perf.axis.minutesAgo', { n: String(-v / 60) }) : t('perf.axis.secondsAgo', { n: String(-v) }));
    return <XAxis dataKey="t" type="number" domain={[-rangeS, 0]} allowDataOverflow ticks={xTicks} interval={0} niceTicks="none" tickFormatter={axisLabel} tick={{ fill: palette.axis, fontSize: 10 }} stroke={palette.grid} tickLine={false} height={xAxisHeight(compact)} />;
    // `t` follows the language (lang).
  }, [rangeS, xTicks, palette, compact, lang]);
  const yAxis = useMemo(
    () => <YAxis type="number" domain={[0, yTop]} ticks={yTicks} interval={0} niceTicks="none" allowDataOverflow tickFormatter={(v: number) => formatAxis(v, metric)} tick={{ fill: palette.axis, fontSize: 10 }} stroke={palette.grid} tickLine={false} width={yAxisWidth(metric)} />,
    [yTop, yTicks, metric, palette],
  );
  const grid = useMemo(() => <CartesianGrid stroke={palette.grid} vertical={false} />, [palette]);
  const limitLines = useMemo(
    () =>
      visibleLimits.map((l) => (
        <ReferenceLine
          key={l.id}
          y={l.value}
          stroke={colorOf(palette, l.id)}
          strokeDasharray="6 4"
          strokeWidth={1.4}
          ifOverflow="hidden"
          className={`limit-line limit-${l.id}`}
          label={{ value: t('perf.limitLegend', { label: l.label, value: formatRate(l.value, metric) }), position: 'insideTopLeft', fill: colorOf(palette, l.id), fontSize: 10, offset: 4 }}
        />
      )),
    // `t` follows the language (lang).
    [visibleLimits, palette, metric, lang],
  );
  const chart = useMemo(
    () =>
      width <= 0 ? null : (
        <LineChart width={width} height={height} data={NO_DATA} margin={CHART_MARGIN} accessibilityLayer={false}>
          {grid}
          {xAxis}
          {yAxis}
          {limitLines}
        </LineChart>
      ),
    [width, height, grid, xAxis, yAxis, limitLines],
  );

  const onToggle = useCallback(
    (id: string) =>
      setHidden((old) => {
        const next = new Set(old);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const partsKey = fileParts.join('/');
  const onCsv = useCallback(() => {
    const s = snap.current;
    const text = windowCsv(s.w, metric, series.map((x) => x.csv), s.t0, s.t1);
    downloadBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), exportFileName([...partsKey.split('/'), chartId], 'csv'));
  }, [metric, series, partsKey, chartId]);
  const onPng = useCallback(() => {
    const box = boxRef.current;
    if (!box) return;
    const s = snap.current;
    const legend = [
      ...shown.map((x) => ({ label: series[x.k]?.label ?? '', color: colorOf(palette, x.id) })),
      ...visibleLimits.map((l) => ({ label: `${l.label} ${formatRate(l.value, metric)}`, color: colorOf(palette, l.id), dashed: true })),
    ];
    const heading = `${partsKey.split('/').join(' / ')} · ${t(`perf.chart.${metric}`)}`;
    chartPng(box, { title: heading, note: `${clock.format(s.t0)} – ${clock.format(s.t1)}`, legend, background: palette.surface, text: palette.text, paintLines: (ctx) => paintRef.current?.(ctx) })
      .then((blob) => downloadBlob(blob, exportFileName([...partsKey.split('/'), chartId], 'png')))
      .catch((e: unknown) => notifyError('perf.exportFailed', { code: 'COMMAND_FAILED', message: (e as Error).message }));
  }, [shown, series, visibleLimits, palette, metric, partsKey, chartId, t]);

  // Hover: the sample nearest the pointer, with every shown value and limit.
  const s = snap.current;
  const hi = hoverX === null ? -1 : nearestIndex(s.w, s.t1 + ((hoverX - g.left) / g.width - 1) * rangeS * 1000);
  const ht = hi >= 0 ? (s.w.t[hi] ?? 0) : 0;
  const hx = xOf(g, ht, s.t1, rangeS);
  const hover = hi >= 0 && ht >= s.t0 ? shown.map((x) => ({ ...x, v: s.w.v[x.k]?.[hi] ?? NaN })) : null;
  const yOf = (v: number) => g.top + g.height - (Math.min(v, yTop) / (yTop || 1)) * g.height;
  const onMove = (e: MouseEvent<HTMLDivElement>) => {
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    setHoverX(x >= g.left && x <= g.left + g.width ? x : null);
  };

  return (
    <figure
      ref={figRef}
      className={compact ? 'io-chart compact' : 'io-chart'}
      data-chart={chartId}
      data-limits={limits.map((l) => `${l.id}:${l.value}`).join(' ')}
      aria-label={a11yName}
    >
      <ChartHead
        title={title}
        series={series}
        hidden={hidden}
        palette={palette}
        onToggle={onToggle}
        onCsv={onCsv}
        onPng={onPng}
        onOpen={onOpen}
        openLabel={openLabel}
        openKey={partsKey}
        note={note}
      />
      <div ref={boxRef} className="io-chart-body" style={{ height }} onMouseMove={onMove} onMouseLeave={() => setHoverX(null)} aria-hidden="true">
        {chart}
        {width > 0 && !layer && <LinesCanvas g={g} canvasRef={canvasRef} />}
        {hover && (
          <>
            <svg className="io-hover" width={width} height={height} aria-hidden="true">
              <line x1={hx} x2={hx} y1={g.top} y2={g.top + g.height} stroke={palette.axis} strokeDasharray="2 2" />
              {hover.map((x) => (Number.isFinite(x.v) ? <circle key={x.id} cx={hx} cy={yOf(x.v)} r={3} fill={colorOf(palette, x.id)} stroke={palette.surface} strokeWidth={1} /> : null))}
            </svg>
            <div className="chart-tooltip" role="tooltip" style={hx > width / 2 ? { right: width - hx + 12, top: g.top } : { left: hx + 12, top: g.top }}>
              <div className="chart-tooltip-time">{clock.format(ht)}</div>
              {hover.map((x) => (
                <div key={x.id} className="chart-tooltip-row" data-series={x.id}>
                  <span className="legend-swatch" style={{ background: colorOf(palette, x.id) }} />
                  <span className="chart-tooltip-name">{series[x.k]?.label}</span>
                  <span className="chart-tooltip-value">{formatRate(x.v, metric)}</span>
                </div>
              ))}
              {visibleLimits.map((l) => (
                <div key={l.id} className="chart-tooltip-row limit">
                  <span className="legend-swatch dashed" style={{ borderColor: colorOf(palette, l.id) }} />
                  <span className="chart-tooltip-name">{l.label}</span>
                  <span className="chart-tooltip-value">{formatRate(l.value, metric)}</span>
                </div>
              ))}
            </div>
          </>
        )}
      </div>
    </figure>
  );
}

export const IoChart = memo(IoChartImpl);
