// One table with its toolbar (title, filter, row count, column chooser) and a
// row context menu. Rows are filtered here, sorted by TanStack.
import { useCallback, useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ContextMenu } from '../../platform/components/ContextMenu.tsx';
import { nodeKey, type NodeRef } from '../../platform/model/node-ref.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { nodeMenu } from '../node-menu.ts';
import { ColumnChooser } from './ColumnChooser.tsx';
import { DataTable } from './DataTable.tsx';
import { FilterBox } from './FilterBox.tsx';
import { filterRows } from './filter.ts';
import type { TableSpec } from './specs.tsx';

export interface TableViewProps<T extends object> {
  spec: TableSpec<T>;
  rows: T[];
  label: string;
  header: ReactNode;
  emptyKey: string;
  /** Also called when a row is selected (e.g. to show its charts). */
  onRowSelect?: ((ref: NodeRef) => void) | undefined;
}

export function TableView<T extends object>({ spec, rows, label, header, emptyKey, onRowSelect }: TableViewProps<T>) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const filtered = useMemo(() => filterRows(spec, rows, deferredQuery, t, i18n.language), [spec, rows, deferredQuery, t, i18n.language]);
  const row = useSelectionStore((s) => s.row);
  const selectRow = useSelectionStore((s) => s.selectRow);
  const reveal = useSelectionStore((s) => s.reveal);
  const [menu, setMenu] = useState<{ ref: NodeRef; x: number; y: number; el: HTMLElement } | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);

  const onSelect = useCallback(
    (r: T) => {
      const ref = spec.rowRef(r);
      selectRow(ref);
      onRowSelect?.(ref);
    },
    [selectRow, spec, onRowSelect],
  );
  const onOpen = useCallback((r: T) => reveal(spec.rowRef(r)), [reveal, spec]);
  const onMenu = useCallback((r: T, x: number, y: number, el: HTMLElement) => setMenu({ ref: spec.rowRef(r), x, y, el }), [spec]);

  return (
    <section className="table-view" aria-label={label}>
      <div className="pane-toolbar">
        <div className="pane-title">{header}</div>
        <div className="pane-tools">
          <FilterBox value={query} onChange={setQuery} />
          <span className="row-count" aria-live="polite">
            {filtered.length === rows.length ? t('table.rowCount', { count: rows.length }) : t('table.rowCountFiltered', { shown: filtered.length, total: rows.length })}
          </span>
          <ColumnChooser spec={spec} />
        </div>
      </div>
      <DataTable
        spec={spec}
        rows={filtered}
        label={label}
        selectedId={row ? nodeKey(row) : null}
        onSelect={onSelect}
        onOpen={onOpen}
        onMenu={onMenu}
        empty={query ? t('table.noMatches') : t(emptyKey)}
        scrollResetKey={deferredQuery}
      />
      {menu && <ContextMenu x={menu.x} y={menu.y} items={nodeMenu(menu.ref)} labelKey="menu.label" onClose={closeMenu} returnFocus={menu.el} />}
    </section>
  );
}
