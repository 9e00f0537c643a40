// A sortable, virtualized data grid (TanStack Table + react-virtual). Only the
// rows in view are in the DOM, rows are memoized and recycled by slot, cells
// are plain functions (cells.tsx), and handlers are delegated from the body,
// so a 10,000-row table scrolls without re-rendering the rows that stay.
import { getCoreRowModel, getSortedRowModel, useReactTable, type Cell, type Header, type Row, type SortingState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useId, useMemo, useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../platform/components/Icon.tsx';
import { usePrefsStore } from '../../platform/store/prefs.ts';
import type { CellT } from './cells.tsx';
import { rowId, type TableSpec } from './specs.tsx';

const ROW_HEIGHT = 30;

export interface DataTableProps<T extends object> {
  spec: TableSpec<T>;
  rows: T[];
  /** Accessible name of the grid. */
  label: string;
  selectedId: string | null;
  onSelect(row: T): void;
  onOpen?(row: T): void;
  onMenu?(row: T, x: number, y: number, el: HTMLElement): void;
  empty: string;
  /** When this changes (a new filter), the grid scrolls back to the top. */
  scrollResetKey?: string;
}

export function useColumnVisibility<T>(spec: TableSpec<T>): Record<string, boolean> {
  const hidden = usePrefsStore((s) => s.hiddenColumns[spec.id]) ?? spec.defaultHidden;
  return useMemo(() => Object.fromEntries(hidden.map((id) => [id, false])), [hidden]);
}

export function DataTable<T extends object>({ spec, rows, label, selectedId, onSelect, onOpen, onMenu, empty, scrollResetKey }: DataTableProps<T>) {
  const { t } = useTranslation();
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const sorting = usePrefsStore((s) => s.sorting[spec.id]) ?? spec.defaultSort;
  const setSorting = usePrefsStore((s) => s.setSorting);
  const columnVisibility = useColumnVisibility(spec);

  const table = useReactTable<T>({
    data: rows,
    columns: spec.columns,
    state: { sorting, columnVisibility },
    onSortingChange: (u: Updater<SortingState>) => setSorting(spec.id, typeof u === 'function' ? u(sorting) : u),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (r) => rowId(spec, r),
    sortDescFirst: false,
    enableSortingRemoval: false,
    isMultiSortEvent: (e) => (e as MouseEvent).shiftKey,
    meta: { t },
  });

  const tableRows = table.getRowModel().rows;
  const columns = table.getVisibleLeafColumns();
  const template = columns.map((c) => (c.columnDef.meta?.grow ? `minmax(${c.getSize()}px, 1fr)` : `${c.getSize()}px`)).join(' ');
  const minWidth = columns.reduce((w, c) => w + c.getSize(), 0);
  const colsKey = columns.map((c) => c.id).join(',');
  const selectedIndex = selectedId === null ? -1 : tableRows.findIndex((r) => r.id === selectedId);

  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // 8 rows above and below the view: enough for a brisk wheel (bench:ui
    // scrolls 8 rows a frame); each extra row is layout and paint every frame.
    overscan: 8,
    useFlushSync: false,
  });

  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [scrollResetKey]);

  // Bring the selection into view when it changes from outside (tree, sort).
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const rowAt = (target: EventTarget): Row<T> | undefined => {
    const el = (target as HTMLElement).closest<HTMLElement>('[data-row-index]');
    return el ? tableRows[Number(el.dataset.rowIndex)] : undefined;
  };

  const onBodyClick = (e: MouseEvent) => {
    const row = rowAt(e.target);
    if (!row) return;
    onSelect(row.original);
    scrollRef.current?.focus({ preventScroll: true });
    if (e.detail === 2) onOpen?.(row.original);
  };

  // Tooltips are set when the pointer reaches a cell, not rendered into every
  // cell of every row that scrolls by (see cells.tsx).
  const onBodyMouseOver = (e: MouseEvent) => {
    const cellEl = (e.target as HTMLElement).closest<HTMLElement>('[role="gridcell"]');
    const rowEl = cellEl?.parentElement;
    if (!cellEl || !rowEl?.dataset.rowIndex) return;
    const cell = tableRows[Number(rowEl.dataset.rowIndex)]?.getVisibleCells()[Array.prototype.indexOf.call(rowEl.children, cellEl)];
    const title = cell?.column.columnDef.meta?.title ? cell.column.columnDef.meta.title(cell.getValue(), t) : cellEl.textContent;
    if (title && cellEl.title !== title) cellEl.title = title;
  };

  const onBodyContextMenu = (e: MouseEvent) => {
    const row = rowAt(e.target);
    if (!row || !onMenu) return;
    e.preventDefault();
    onSelect(row.original);
    onMenu(row.original, e.clientX, e.clientY, scrollRef.current as HTMLElement);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || tableRows.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 2);
    const last = tableRows.length - 1;
    const cur = selectedIndex;
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = cur < 0 ? 0 : Math.min(cur + 1, last);
        break;
      case 'ArrowUp':
        next = cur < 0 ? 0 : Math.max(cur - 1, 0);
        break;
      case 'PageDown':
        next = Math.min(Math.max(cur, 0) + page, last);
        break;
      case 'PageUp':
        next = Math.max(cur - page, 0);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      case 'Enter': {
        const row = tableRows[cur];
        if (row && onOpen) {
          e.preventDefault();
          onOpen(row.original);
        }
        return;
      }
      case 'ContextMenu':
      case 'F10': {
        if (e.key === 'F10' && !e.shiftKey) return;
        const row = tableRows[cur];
        const el = document.getElementById(`${gridId}-r${cur}`);
        if (row && el && onMenu) {
          e.preventDefault();
          const r = el.getBoundingClientRect();
          onMenu(row.original, r.left + 40, r.bottom, scrollRef.current as HTMLElement);
        }
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    const row = tableRows[next];
    if (row) {
      onSelect(row.original);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    }
  };

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  // Rows are keyed by slot, not by row id: a row that scrolls out hands its
  // elements to the one scrolling in (index + slots), so scrolling updates
  // text in place instead of removing and creating rows (bench:ui: less
  // style, layout and garbage per frame). Slots only grow, so the indices in
  // view (consecutive, never more than slots) keep distinct keys.
  const items = virtualizer.getVirtualItems();
  const slotsRef = useRef(1);
  if (items.length > slotsRef.current) slotsRef.current = items.length;
  const slots = slotsRef.current;
  return (
    <div
      ref={scrollRef}
      className="grid"
      role="grid"
      aria-label={label}
      aria-rowcount={tableRows.length + 1}
      aria-colcount={columns.length}
      aria-activedescendant={selectedIndex >= 0 ? `${gridId}-r${selectedIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className="grid-inner" style={{ minWidth }}>
        <GridHeader headers={headers} sorting={sorting} template={template} t={t} />
        <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }} onClick={onBodyClick} onContextMenu={onBodyContextMenu} onMouseOver={onBodyMouseOver}>
          {items.map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            return (
              <GridRow
                key={item.index % slots}
                row={row}
                index={item.index}
                start={item.start}
                selected={item.index === selectedIndex}
                template={template}
                colsKey={colsKey}
                t={t}
                domId={`${gridId}-r${item.index}`}
              />
            );
          })}
        </div>
      </div>
      {tableRows.length === 0 && <div className="grid-empty">{empty}</div>}
    </div>
  );
}

interface GridRowProps<T> {
  row: Row<T>;
  index: number;
  start: number;
  selected: boolean;
  template: string;
  /** Changes when the visible columns change, so the memo lets the row update. */
  colsKey: string;
  /** Changes with the language: the row's texts are rendered again. */
  t: CellT;
  domId: string;
}

/** A column's cell function, called as a plain function (cells use no hooks; see cells.tsx). */
function renderCell<T>(cell: Cell<T, unknown>): ReactNode {
  const def = cell.column.columnDef.cell;
  return typeof def === 'function' ? (def(cell.getContext()) as ReactNode) : (def ?? null);
}

function GridRowImpl<T>({ row, index, start, selected, template, domId }: GridRowProps<T>) {
  return (
    <div
      id={domId}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-row-index={index}
      className={`grid-row${selected ? ' selected' : ''}${index % 2 ? ' odd' : ''}`}
      style={{ gridTemplateColumns: template, transform: `translateY(${start}px)` }}
    >
      {row.getVisibleCells().map((cell) => {
        const meta = cell.column.columnDef.meta;
        return (
          <div key={cell.id} role="gridcell" className={`grid-cell${meta?.align === 'end' ? ' end' : ''}${meta?.mono ? ' mono' : ''}`}>
            {renderCell(cell)}
          </div>
        );
      })}
    </div>
  );
}

const GridRow = memo(GridRowImpl) as typeof GridRowImpl;

interface GridHeaderProps<T> {
  headers: Header<T, unknown>[];
  sorting: SortingState;
  template: string;
  t: CellT;
}

/** The header row: memoized, so scrolling (which re-renders the table) leaves it alone. */
function GridHeaderImpl<T>({ headers, sorting, template, t }: GridHeaderProps<T>) {
  return (
    <div role="rowgroup" className="grid-head">
      <div role="row" aria-rowindex={1} className="grid-row head" style={{ gridTemplateColumns: template }}>
        {headers.map((h, i) => {
          const sorted = h.column.getIsSorted();
          const meta = h.column.columnDef.meta;
          const multi = sorting.length > 1 ? h.column.getSortIndex() : -1;
          return (
            <div
              key={h.id}
              role="columnheader"
              aria-colindex={i + 1}
              aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
              className={`grid-cell head${meta?.align === 'end' ? ' end' : ''}`}
            >
              <button type="button" className="sort-button" onClick={h.column.getToggleSortingHandler()} title={t('table.sortHint')}>
                <span className="truncate">{meta ? t(meta.labelKey) : h.id}</span>
                <span className={`sort-icon${sorted ? ` ${sorted}` : ''}`} aria-hidden="true">
                  <Icon name="arrowDown" size={12} />
                  {multi >= 0 && <sub>{multi + 1}</sub>}
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}

const GridHeader = memo(GridHeaderImpl) as typeof GridHeaderImpl;
