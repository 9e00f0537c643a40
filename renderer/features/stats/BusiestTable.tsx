// The host's "Busiest disks" table: every disk of every running VM with its
// current read/write IOPS, throughput and latency, sortable (busiest first by
// default), in the same virtualized grid as the other tables. Clicking a row
// opens that disk's charts in the details area.
import { createColumnHelper, type Row } from '@tanstack/react-table';
import { useCallback, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isActive } from '../../../shared/core/domain-rules.ts';
import type { Disk, Inventory } from '../../../shared/contract/models.ts';
import type { DiskRate } from '../../../shared/contract/features/stats.ts';
import { compareNames } from '../../platform/model/collate.ts';
import type { NodeRef } from '../../platform/model/node-ref.ts';
import { formatRate, type ChartMetric } from './chart-data.ts';
import { seriesKey } from './series.ts';
import { usePrefsStore } from '../../platform/store/prefs.ts';
import { useHostStats, useStatsWatch } from './store-stats.ts';
import '../../shell/table/column-meta.ts';
import type { AnyColumn, TableSpec } from '../../shell/table/specs.tsx';
import { TableView } from '../../shell/table/TableView.tsx';

export interface BusyRow {
  host: string;
  vm: string;
  disk: Disk;
  rate: DiskRate | null;
}

const natural = <R,>(a: Row<R>, b: Row<R>, id: string): number => compareNames(String(a.getValue(id) ?? ''), String(b.getValue(id) ?? ''));

// Cells without hooks: every visible row re-renders on every tick.
const DASH = '—';

function RateCell({ value, metric }: { value: number | null | undefined; metric: ChartMetric }) {
  if (value === null || value === undefined) return <span className="muted">{DASH}</span>;
  return <span className="rate-cell">{formatRate(value, metric)}</span>;
}

function PlainCell({ value, mono = false }: { value: string; mono?: boolean }) {
  return (
    <span className={mono ? 'mono truncate' : 'truncate'} title={value}>
      {value}
    </span>
  );
}

const col = createColumnHelper<BusyRow>();
const rate = (id: string, labelKey: string, metric: ChartMetric, get: (r: DiskRate) => number | null, size = 116) =>
  col.accessor((r) => (r.rate ? (get(r.rate) ?? undefined) : undefined), {
    id,
    size,
    sortUndefined: 'last',
    sortDescFirst: true,
    cell: (c) => <RateCell value={c.getValue() as number | undefined} metric={metric} />,
    meta: { labelKey, align: 'end', text: (r) => (r.rate ? formatRate(get(r.rate), metric) : '') },
  });

const busyColumns = [
  col.accessor((r) => r.vm, { id: 'vm', size: 140, sortingFn: natural, cell: (c) => <PlainCell value={c.getValue()} />, meta: { labelKey: 'columns.vm', grow: true, text: (r) => r.vm } }),
  col.accessor((r) => r.disk.target, { id: 'target', size: 84, sortingFn: natural, cell: (c) => <PlainCell value={c.getValue()} mono />, meta: { labelKey: 'columns.target', mono: true, text: (r) => r.disk.target } }),
  rate('totalIops', 'columns.totalIops', 'iops', (r) => r.rdIops + r.wrIops, 116),
  rate('rdIops', 'columns.rdIops', 'iops', (r) => r.rdIops),
  rate('wrIops', 'columns.wrIops', 'iops', (r) => r.wrIops),
  rate('rdBps', 'columns.rdBps', 'bps', (r) => r.rdBps, 112),
  rate('wrBps', 'columns.wrBps', 'bps', (r) => r.wrBps, 112),
  rate('rdLat', 'columns.rdLat', 'lat', (r) => r.rdLatMs, 108),
  rate('wrLat', 'columns.wrLat', 'lat', (r) => r.wrLatMs, 108),
  rate('flLat', 'columns.flLat', 'lat', (r) => r.flLatMs, 108),
  col.accessor((r) => r.disk.sourceLabel, { id: 'source', size: 220, sortingFn: natural, cell: (c) => <PlainCell value={c.getValue()} mono />, meta: { labelKey: 'columns.source', mono: true, text: (r) => r.disk.sourceLabel } }),
] as AnyColumn<BusyRow>[];

export const BUSIEST_TABLE: TableSpec<BusyRow> = {
  id: 'busiest',
  columns: busyColumns,
  rowRef: (r) => ({ kind: 'disk', host: r.host, vm: r.vm, disk: r.disk.target }),
  defaultSort: [{ id: 'totalIops', desc: true }],
  defaultHidden: ['flLat', 'source'],
};

/** Rows of the running (and paused) VMs' disks with their newest rates (O(disks) per tick). */
export function busyRows(host: string, inventory: Inventory, latest: (vm: string, target: string) => DiskRate | null): BusyRow[] {
  const rows: BusyRow[] = [];
  for (const d of inventory.domains) {
    if (!isActive(d.state)) continue;
    for (const disk of d.disks) rows.push({ host, vm: d.name, disk, rate: latest(d.name, disk.target) });
  }
  return rows;
}

export function BusiestTable({ host, inventory, header }: { host: string; inventory: Inventory; header: ReactNode }) {
  const { t } = useTranslation();
  useStatsWatch(host);
  const { version, stats } = useHostStats(host);
  const rows = useMemo(() => {
    void version;
    return busyRows(host, inventory, (vm, target) => {
      const s = stats?.series.get(seriesKey(vm, target));
      return s && !s.ended ? s.last : null;
    });
  }, [host, inventory, stats, version]);
  const setTab = usePrefsStore((s) => s.setDetailsTab);
  const onRowSelect = useCallback((_ref: NodeRef) => setTab('performance'), [setTab]);
  return <TableView key={`busy|${host}`} spec={BUSIEST_TABLE} rows={rows} label={t('view.busiestOf', { host })} header={header} emptyKey="empty.noRunningDisks" onRowSelect={onRowSelect} />;
}
