// Column sets of the five tables. Defined once at module level so TanStack
// sees stable column objects (no re-creation per render, which would defeat
// its memoized row models on 10,000-row tables).
import { createColumnHelper, type ColumnDef, type Row, type Table } from '@tanstack/react-table';
import { formatBytes } from '../../../shared/core/units.ts';
import { compareNames } from '../../platform/model/collate.ts';
import { nodeKey, type NodeRef } from '../../platform/model/node-ref.ts';
import type { TableId } from '../../platform/store/prefs.ts';
import { bytesCell, bytesTitle, domainStateCell, poolStateCell, textCell, usageBar, yesNoCell, type CellT } from './cells.tsx';
import './column-meta.ts';
import { totalCapacity, type DiskRow, type PoolRow, type VmRow, type VolumeRow } from './rows.ts';

/** TanStack's own advice: column arrays mix value types, so the value type is `any`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyColumn<T> = ColumnDef<T, any>;

export interface TableSpec<T> {
  id: TableId;
  columns: AnyColumn<T>[];
  rowRef(row: T): NodeRef;
  defaultSort: { id: string; desc: boolean }[];
  defaultHidden: string[];
}

export function rowId<T>(spec: TableSpec<T>, row: T): string {
  return nodeKey(spec.rowRef(row));
}

/** The language's t, from the table's options (cells are plain functions, see column-meta.ts). */
const tOf = <R,>(c: { table: Table<R> }): CellT => c.table.options.meta?.t ?? ((k: string) => k);

const natural = <R,>(a: Row<R>, b: Row<R>, id: string): number => compareNames(String(a.getValue(id) ?? ''), String(b.getValue(id) ?? ''));
const str = (v: string | number | undefined): string => (v === undefined ? '' : String(v));
const yesNo = (v: boolean, t: (k: string) => string) => (v ? t('common.yes') : t('common.no'));

// ---------------------------------------------------------------- VMs
const vm = createColumnHelper<VmRow>();
const vmColumns = [
  vm.accessor((r) => r.domain.name, { id: 'name', size: 220, sortingFn: natural, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.name', grow: true, text: (r) => r.domain.name } }),
  vm.accessor((r) => r.domain.state, {
    id: 'state',
    size: 120,
    cell: (c) => domainStateCell(c.getValue(), tOf(c)),
    meta: { labelKey: 'columns.state', text: (r, t) => t(`state.domain.${r.domain.state}`) },
  }),
  vm.accessor((r) => r.domain.vcpus, { id: 'vcpus', size: 90, cell: (c) => c.getValue(), meta: { labelKey: 'columns.vcpus', align: 'end', text: (r) => str(r.domain.vcpus) } }),
  vm.accessor((r) => r.domain.memoryKiB * 1024, { id: 'memory', size: 110, cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.memory', align: 'end', text: (r) => formatBytes(r.domain.memoryKiB * 1024) } }),
  vm.accessor((r) => (r.domain.currentMemoryKiB === undefined ? undefined : r.domain.currentMemoryKiB * 1024), {
    id: 'currentMemory',
    size: 130,
    sortUndefined: 'last',
    cell: (c) => bytesCell(c.getValue(), tOf(c)),
    meta: { title: bytesTitle, labelKey: 'columns.currentMemory', align: 'end', text: (r) => (r.domain.currentMemoryKiB === undefined ? '' : formatBytes(r.domain.currentMemoryKiB * 1024)) },
  }),
  vm.accessor((r) => r.domain.disks.length, { id: 'disks', size: 80, cell: (c) => c.getValue(), meta: { labelKey: 'columns.diskCount', align: 'end', text: (r) => str(r.domain.disks.length) } }),
  vm.accessor((r) => totalCapacity(r.domain), { id: 'storage', size: 150, cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.storage', align: 'end', text: (r) => formatBytes(totalCapacity(r.domain)) } }),
  vm.accessor((r) => r.domain.autostart, { id: 'autostart', size: 110, cell: (c) => yesNoCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.autostart', text: (r, t) => yesNo(r.domain.autostart, t) } }),
  vm.accessor((r) => r.domain.persistent, { id: 'persistent', size: 110, cell: (c) => yesNoCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.persistent', text: (r, t) => yesNo(r.domain.persistent, t) } }),
  vm.accessor((r) => r.domain.domainType, { id: 'domainType', size: 90, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.domainType', text: (r) => str(r.domain.domainType) } }),
  vm.accessor((r) => r.domain.id, { id: 'id', size: 70, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.id', align: 'end', text: (r) => str(r.domain.id) } }),
  vm.accessor((r) => r.domain.uuid, { id: 'uuid', size: 300, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.uuid', mono: true, text: (r) => r.domain.uuid } }),
] as AnyColumn<VmRow>[];

export const VM_TABLE: TableSpec<VmRow> = {
  id: 'vms',
  columns: vmColumns,
  rowRef: (r) => ({ kind: 'vm', host: r.host, vm: r.domain.name }),
  defaultSort: [{ id: 'name', desc: false }],
  defaultHidden: ['currentMemory', 'persistent', 'id', 'uuid'],
};

// ---------------------------------------------------------------- disks
const disk = createColumnHelper<DiskRow>();
const diskCols = (withVm: boolean) =>
  [
    ...(withVm ? [disk.accessor((r) => r.vm, { id: 'vm', size: 180, sortingFn: natural, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.vm', text: (r) => r.vm } })] : []),
    disk.accessor((r) => r.disk.target, { id: 'target', size: 90, sortingFn: natural, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.target', mono: true, text: (r) => r.disk.target } }),
    disk.accessor((r) => r.disk.device, { id: 'device', size: 90, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.device', text: (r) => r.disk.device } }),
    disk.accessor((r) => r.disk.bus, { id: 'bus', size: 80, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.bus', text: (r) => str(r.disk.bus) } }),
    disk.accessor((r) => r.disk.sourceLabel, { id: 'source', size: 200, sortingFn: natural, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.source', grow: true, mono: true, text: (r) => r.disk.sourceLabel } }),
    disk.accessor((r) => r.disk.format, { id: 'format', size: 90, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.format', text: (r) => str(r.disk.format) } }),
    disk.accessor((r) => r.disk.capacity, { id: 'capacity', size: 100, sortUndefined: 'last', cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.capacity', align: 'end', text: (r) => formatBytes(r.disk.capacity) } }),
    disk.accessor((r) => r.disk.allocation, { id: 'allocation', size: 110, sortUndefined: 'last', cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.allocation', align: 'end', text: (r) => formatBytes(r.disk.allocation) } }),
    disk.accessor((r) => r.disk.physical, { id: 'physical', size: 110, sortUndefined: 'last', cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.physical', align: 'end', text: (r) => formatBytes(r.disk.physical) } }),
    disk.accessor((r) => r.disk.cache, { id: 'cache', size: 90, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.cache', text: (r) => str(r.disk.cache) } }),
    disk.accessor((r) => r.disk.io, { id: 'io', size: 80, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.io', text: (r) => str(r.disk.io) } }),
    disk.accessor((r) => r.disk.discard, { id: 'discard', size: 100, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.discard', text: (r) => str(r.disk.discard) } }),
    disk.accessor((r) => r.disk.detectZeroes, { id: 'detectZeroes', size: 135, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.detectZeroes', text: (r) => str(r.disk.detectZeroes) } }),
    disk.accessor((r) => r.disk.readonly, { id: 'readonly', size: 110, cell: (c) => yesNoCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.readonly', text: (r, t) => yesNo(r.disk.readonly, t) } }),
    disk.accessor((r) => r.disk.shareable, { id: 'shareable', size: 110, cell: (c) => yesNoCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.shareable', text: (r, t) => yesNo(r.disk.shareable, t) } }),
    disk.accessor((r) => r.disk.serial, { id: 'serial', size: 140, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.serial', mono: true, text: (r) => str(r.disk.serial) } }),
    disk.accessor((r) => r.disk.bootOrder, { id: 'bootOrder', size: 80, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.bootOrder', align: 'end', text: (r) => str(r.disk.bootOrder) } }),
    disk.accessor((r) => r.disk.backingChain.length, {
      id: 'backing',
      size: 100,
      cell: (c) => textCell(c.getValue() || undefined, tOf(c)),
      meta: { labelKey: 'columns.backingDepth', align: 'end', text: (r) => r.disk.backingChain.map((b) => b.path ?? '').join(' ') },
    }),
    disk.accessor((r) => r.disk.driverName, { id: 'driver', size: 80, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.driver', text: (r) => str(r.disk.driverName) } }),
    disk.accessor((r) => r.disk.alias, { id: 'alias', size: 130, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.alias', mono: true, text: (r) => str(r.disk.alias) } }),
  ] as AnyColumn<DiskRow>[];

const DISK_HIDDEN = ['physical', 'detectZeroes', 'readonly', 'shareable', 'serial', 'bootOrder', 'driver', 'alias'];
const diskRef = (r: DiskRow): NodeRef => ({ kind: 'disk', host: r.host, vm: r.vm, disk: r.disk.target });

export const DISK_TABLE: TableSpec<DiskRow> = {
  id: 'disks',
  columns: diskCols(false),
  rowRef: diskRef,
  defaultSort: [{ id: 'target', desc: false }],
  defaultHidden: [...DISK_HIDDEN, 'discard'],
};

export const HOST_DISK_TABLE: TableSpec<DiskRow> = {
  id: 'hostDisks',
  columns: diskCols(true),
  rowRef: diskRef,
  defaultSort: [
    { id: 'vm', desc: false },
    { id: 'target', desc: false },
  ],
  defaultHidden: [...DISK_HIDDEN, 'bus', 'io', 'discard'],
};

// ---------------------------------------------------------------- pools
const pool = createColumnHelper<PoolRow>();
const poolColumns = [
  pool.accessor((r) => r.pool.name, { id: 'name', size: 200, sortingFn: natural, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.name', text: (r) => r.pool.name } }),
  pool.accessor((r) => (r.pool.active ? 1 : 0), {
    id: 'state',
    size: 110,
    cell: (c) => poolStateCell(c.getValue() === 1, tOf(c)),
    meta: { labelKey: 'columns.state', text: (r, t) => t(`state.pool.${r.pool.active ? 'active' : 'inactive'}`) },
  }),
  pool.accessor((r) => r.pool.type, { id: 'type', size: 80, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.type', text: (r) => r.pool.type } }),
  pool.accessor((r) => r.pool.capacity, { id: 'capacity', size: 100, cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.capacity', align: 'end', text: (r) => formatBytes(r.pool.capacity) } }),
  pool.accessor((r) => r.pool.allocation, { id: 'allocation', size: 110, cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.allocation', align: 'end', text: (r) => formatBytes(r.pool.allocation) } }),
  pool.accessor((r) => r.pool.available, { id: 'available', size: 110, cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.available', align: 'end', text: (r) => formatBytes(r.pool.available) } }),
  pool.accessor((r) => (r.pool.capacity > 0 ? r.pool.allocation / r.pool.capacity : 0), {
    id: 'usage',
    size: 140,
    cell: (c) => usageBar(c.row.original.pool.allocation, c.row.original.pool.capacity, tOf(c)),
    meta: { labelKey: 'columns.usage', text: () => '' },
  }),
  pool.accessor((r) => r.pool.volumes.length, { id: 'volumes', size: 100, cell: (c) => c.getValue(), meta: { labelKey: 'columns.volumeCount', align: 'end', text: (r) => str(r.pool.volumes.length) } }),
  pool.accessor((r) => r.pool.autostart, { id: 'autostart', size: 110, cell: (c) => yesNoCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.autostart', text: (r, t) => yesNo(r.pool.autostart, t) } }),
  pool.accessor((r) => r.pool.targetPath, { id: 'targetPath', size: 180, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.targetPath', grow: true, mono: true, text: (r) => str(r.pool.targetPath) } }),
  pool.accessor((r) => r.pool.sourceDescription, { id: 'source', size: 200, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.poolSource', mono: true, text: (r) => str(r.pool.sourceDescription) } }),
  pool.accessor((r) => r.pool.uuid, { id: 'uuid', size: 300, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.uuid', mono: true, text: (r) => r.pool.uuid } }),
] as AnyColumn<PoolRow>[];

export const POOL_TABLE: TableSpec<PoolRow> = {
  id: 'pools',
  columns: poolColumns,
  rowRef: (r) => ({ kind: 'pool', host: r.host, pool: r.pool.name }),
  defaultSort: [{ id: 'name', desc: false }],
  defaultHidden: ['allocation', 'autostart', 'source', 'uuid'],
};

// ---------------------------------------------------------------- volumes
const vol = createColumnHelper<VolumeRow>();
const volumeColumns = [
  vol.accessor((r) => r.volume.name, { id: 'name', size: 220, sortingFn: natural, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.name', text: (r) => r.volume.name } }),
  vol.accessor((r) => r.volume.format, { id: 'format', size: 90, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.format', text: (r) => str(r.volume.format) } }),
  vol.accessor((r) => r.volume.type, { id: 'type', size: 80, sortUndefined: 'last', cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.type', text: (r) => str(r.volume.type) } }),
  vol.accessor((r) => r.volume.capacity, { id: 'capacity', size: 100, cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.capacity', align: 'end', text: (r) => formatBytes(r.volume.capacity) } }),
  vol.accessor((r) => r.volume.allocation, { id: 'allocation', size: 110, cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.allocation', align: 'end', text: (r) => formatBytes(r.volume.allocation) } }),
  vol.accessor((r) => r.volume.physical, { id: 'physical', size: 110, sortUndefined: 'last', cell: (c) => bytesCell(c.getValue(), tOf(c)), meta: { title: bytesTitle, labelKey: 'columns.physical', align: 'end', text: (r) => formatBytes(r.volume.physical) } }),
  vol.accessor((r) => r.volume.path, { id: 'path', size: 300, sortingFn: natural, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.path', grow: true, mono: true, text: (r) => r.volume.path } }),
  vol.accessor((r) => r.volume.backingChain[0]?.path, {
    id: 'backing',
    size: 200,
    sortUndefined: 'last',
    cell: (c) => textCell(c.getValue(), tOf(c)),
    meta: { labelKey: 'columns.backingFile', mono: true, text: (r) => r.volume.backingChain.map((b) => b.path ?? '').join(' ') },
  }),
  vol.accessor((r) => r.volume.key, { id: 'key', size: 300, cell: (c) => textCell(c.getValue(), tOf(c)), meta: { labelKey: 'columns.key', mono: true, text: (r) => r.volume.key } }),
] as AnyColumn<VolumeRow>[];

export const VOLUME_TABLE: TableSpec<VolumeRow> = {
  id: 'volumes',
  columns: volumeColumns,
  rowRef: (r) => ({ kind: 'volume', host: r.host, pool: r.pool, volume: r.volume.name }),
  defaultSort: [{ id: 'name', desc: false }],
  defaultHidden: ['physical', 'key'],
};
