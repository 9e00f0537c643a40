// UI preferences that survive a restart: pane sizes, hidden columns and sort
// order per table, which table a host node shows.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type TableId = 'vms' | 'disks' | 'hostDisks' | 'pools' | 'volumes' | 'busiest';
export type HostView = 'vms' | 'hostDisks' | 'pools' | 'io';
export type DetailsTab = 'properties' | 'performance' | 'filesystems' | 'snapshots';
export type BusiestMetric = 'iops' | 'bps' | 'lat';
export interface SortPref {
  id: string;
  desc: boolean;
}

interface PrefsState {
  treeWidth: number;
  detailsHeight: number;
  hostView: HostView;
  hiddenColumns: Partial<Record<TableId, string[]>>;
  sorting: Partial<Record<TableId, SortPref[]>>;
  /** Details area: the object's properties, its I/O charts, or its filesystems (a host: images mounted on it). */
  detailsTab: DetailsTab;
  /** Sampling interval asked of stats.watch (s). */
  statsIntervalS: number;
  /** Time window of the charts (s): 60, 300 or 600. */
  statsRangeS: number;
  /** How many of the host's busiest disks get a chart, and which metric they show. */
  busiestCount: number;
  busiestMetric: BusiestMetric;
  setDetailsTab(tab: DetailsTab): void;
  setStatsInterval(s: number): void;
  setStatsRange(s: number): void;
  setBusiest(count: number, metric: BusiestMetric): void;
  setTreeWidth(px: number): void;
  setDetailsHeight(px: number): void;
  setHostView(v: HostView): void;
  setHiddenColumns(table: TableId, ids: string[]): void;
  setSorting(table: TableId, sorting: SortPref[]): void;
}

export const TREE_WIDTH = { min: 200, max: 560, initial: 280 } as const;
export const DETAILS_HEIGHT = { min: 120, max: 640, initial: 360 } as const;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

export const usePrefsStore = create<PrefsState>()(
  persist(
    (set) => ({
      treeWidth: TREE_WIDTH.initial,
      detailsHeight: DETAILS_HEIGHT.initial,
      hostView: 'vms',
      hiddenColumns: {},
      sorting: {},
      detailsTab: 'properties',
      statsIntervalS: 2,
      statsRangeS: 300,
      busiestCount: 8,
      busiestMetric: 'iops',
      setDetailsTab: (detailsTab) => set({ detailsTab }),
      setStatsInterval: (statsIntervalS) => set({ statsIntervalS }),
      setStatsRange: (statsRangeS) => set({ statsRangeS }),
      setBusiest: (busiestCount, busiestMetric) => set({ busiestCount, busiestMetric }),
      setTreeWidth: (px) => set({ treeWidth: clamp(px, TREE_WIDTH.min, TREE_WIDTH.max) }),
      setDetailsHeight: (px) => set({ detailsHeight: clamp(px, DETAILS_HEIGHT.min, DETAILS_HEIGHT.max) }),
      setHostView: (hostView) => set({ hostView }),
      setHiddenColumns: (table, ids) => set((s) => ({ hiddenColumns: { ...s.hiddenColumns, [table]: ids } })),
      setSorting: (table, sorting) => set((s) => ({ sorting: { ...s.sorting, [table]: sorting } })),
    }),
    { name: 'spindle.prefs', version: 1, storage: createJSONStorage(() => localStorage) },
  ),
);
