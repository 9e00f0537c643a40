// Live I/O statistics per host. The samples live in HostStats ring buffers
// (renderer/stats/series.ts) outside React; this store only carries a version
// per host, so a tick of one host re-renders only the views of that host.
//
// Watching is leased: a view that shows a host's statistics acquires it
// (useStatsWatch); the first acquirer starts stats.watch, which is renewed
// every RENEW_MS while any view of the host is mounted and the window is
// visible (the backend's lease is 30 s); the last release sends
// stats.unwatch and drops the history.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ApiMethod, ApiParams, CallOutcome } from '../../../shared/contract/api.ts';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { STATS_INTERVAL, type StatsTick } from '../../../shared/contract/features/stats.ts';
import { api } from '../../platform/api/instance.ts';
import { HostStats } from './series.ts';
import { usePrefsStore } from '../../platform/store/prefs.ts';

export const RENEW_MS = 10_000;
/** A release waits this long before unwatching, so switching between views of one host keeps the feed. */
export const RELEASE_GRACE_MS = 1_500;
export const STATS_INTERVALS = [1, 2, 5, 10, 30, 60] as const;

interface StatsState {
  /** HostStats.version per watched host. */
  versions: Record<string, number>;
  /** Why stats.watch failed for a host (null once it answers). */
  errors: Record<string, ErrorInfo | null>;
  /** The interval the backend reports for the host's samples. */
  intervals: Record<string, number>;
}

export const useStatsStore = create<StatsState>()(() => ({ versions: {}, errors: {}, intervals: {} }));

interface Caller {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<CallOutcome<M>>;
}

interface Lease {
  count: number;
  timer: ReturnType<typeof setInterval> | null;
  releaseTimer: ReturnType<typeof setTimeout> | null;
}

const data = new Map<string, HostStats>();
const leases = new Map<string, Lease>();
/**
 * Ticks that arrived before the first history of a lease: the history is
 * older than they are, so it goes in first and they follow.
 */
const early = new Map<string, StatsTick[]>();
let caller: Caller | null = null;

/** Tests and the benchmark inject their own client; the app uses the shared one. */
export function setStatsClient(c: Caller | null): void {
  caller = c;
}
const client = (): Caller => caller ?? api();

export function hostStats(host: string): HostStats | undefined {
  return data.get(host);
}

export function statsIntervalPref(): number {
  const v = usePrefsStore.getState().statsIntervalS;
  return Math.min(STATS_INTERVAL.max, Math.max(STATS_INTERVAL.min, Math.round(v)));
}

function publish(hs: HostStats): void {
  useStatsStore.setState((s) => ({
    versions: { ...s.versions, [hs.host]: hs.version },
    intervals: s.intervals[hs.host] === hs.intervalS ? s.intervals : { ...s.intervals, [hs.host]: hs.intervalS },
  }));
}

function hidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

async function renew(host: string, force = false): Promise<void> {
  if (!force && hidden()) return; // the lease lapses while nobody can see it
  // A renewal asks only for what this page has not seen (the whole history is 200 disks x 10 min).
  const have = data.get(host)?.lastT ?? -Infinity;
  const since = Number.isFinite(have) ? { since: have } : {};
  const out = await client().call('stats.watch', { host, intervalS: statsIntervalPref(), ...since });
  if (!leases.has(host)) return;
  const pending = early.get(host);
  early.delete(host);
  let hs = data.get(host);
  if (!hs) {
    hs = new HostStats(host, out.ok ? out.result.intervalS : statsIntervalPref());
    data.set(host, hs);
  }
  if (out.ok) {
    hs.intervalS = out.result.intervalS;
    hs.merge(out.result);
  }
  for (const tick of pending ?? []) hs.applyTick(tick);
  publish(hs);
  if (!out.ok) {
    useStatsStore.setState((s) => ({ errors: { ...s.errors, [host]: out.error } }));
    return;
  }
  if (useStatsStore.getState().errors[host]) useStatsStore.setState((s) => ({ errors: { ...s.errors, [host]: null } }));
}

/** One more view shows the host; returns its release. */
export function acquireStats(host: string): () => void {
  let lease = leases.get(host);
  if (lease) {
    lease.count++;
    if (lease.releaseTimer) {
      clearTimeout(lease.releaseTimer);
      lease.releaseTimer = null;
    }
  } else {
    lease = { count: 1, timer: null, releaseTimer: null };
    leases.set(host, lease);
    if (!data.has(host)) early.set(host, []);
    lease.timer = setInterval(() => void renew(host), RENEW_MS);
    void renew(host, true);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const l = leases.get(host);
    if (!l) return;
    l.count--;
    if (l.count > 0) return;
    l.releaseTimer = setTimeout(() => endLease(host), RELEASE_GRACE_MS);
  };
}

function endLease(host: string): void {
  const l = leases.get(host);
  if (!l || l.count > 0) return;
  if (l.timer) clearInterval(l.timer);
  leases.delete(host);
  data.delete(host);
  early.delete(host);
  useStatsStore.setState((s) => {
    const versions = { ...s.versions };
    delete versions[host];
    const errors = { ...s.errors };
    delete errors[host];
    return { versions, errors };
  });
  void client().call('stats.unwatch', { host });
}

/** Hosts with a lease (for tests and the interval switch). */
export function watchedHosts(): string[] {
  return [...leases.keys()];
}

/** A new sampling interval: saved, and every watched host is asked at once. */
export function setStatsInterval(seconds: number): void {
  usePrefsStore.getState().setStatsInterval(seconds);
  for (const host of leases.keys()) void renew(host, true);
}

/** A "stats" event: appended when a view watches that host, ignored otherwise. O(disks). */
export function applyStatsTick(tick: StatsTick): void {
  if (!leases.has(tick.host)) return;
  const pending = early.get(tick.host);
  if (pending) {
    pending.push(tick);
    return;
  }
  let hs = data.get(tick.host);
  if (!hs) {
    hs = new HostStats(tick.host, tick.intervalS);
    data.set(tick.host, hs);
  }
  if (hs.applyTick(tick)) publish(hs);
}

/** Back in view: renew at once (the lease may have lapsed while hidden). */
export function onVisible(): void {
  for (const host of leases.keys()) void renew(host, true);
}

if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') onVisible();
  });
}

/** Stops everything (tests). */
export function resetStats(): void {
  for (const l of leases.values()) {
    if (l.timer) clearInterval(l.timer);
    if (l.releaseTimer) clearTimeout(l.releaseTimer);
  }
  leases.clear();
  data.clear();
  early.clear();
  useStatsStore.setState({ versions: {}, errors: {}, intervals: {} });
}

/** Keeps the host's statistics flowing while the calling view is mounted. */
export function useStatsWatch(host: string | null | undefined): void {
  useEffect(() => {
    if (!host) return;
    return acquireStats(host);
  }, [host]);
}

/** The host's version (re-renders on its ticks only) and its HostStats. */
export function useHostStats(host: string): { version: number; stats: HostStats | undefined; error: ErrorInfo | null } {
  const version = useStatsStore((s) => s.versions[host] ?? 0);
  const error = useStatsStore((s) => s.errors[host] ?? null);
  return { version, stats: data.get(host), error };
}
