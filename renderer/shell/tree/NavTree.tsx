// The navigation tree: host -> Virtual machines -> VM -> disks, host ->
// Storage pools -> pool -> volumes. Focus stays on the tree element and the
// active row is named by aria-activedescendant, which keeps keyboard focus
// valid while rows scroll in and out of the virtualized list.
import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ContextMenu } from '../../platform/components/ContextMenu.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { nodeKey, type NodeRef } from '../../platform/model/node-ref.ts';
import { treeKey, typeAhead } from '../model/tree-keys.ts';
import { buildTreeRows, type TreeRow } from '../model/tree.ts';
import { useHostsStore } from '../../platform/store/hosts.ts';
import { useInventoryStore } from '../../platform/store/inventory.ts';
import { isExpanded, useSelectionStore } from '../../platform/store/selection.ts';
import { nodeMenu } from '../node-menu.ts';
import { TreeNodeLabel, treeRowLabel, treeRowTitle } from './TreeNodeLabel.tsx';
import { useRowVirtualizer } from '../../platform/components/use-row-virtualizer.ts';

const ROW_HEIGHT = 28;
const INDENT = 16;
const TYPEAHEAD_RESET_MS = 700;

function useTreeRows(): TreeRow[] {
  const hosts = useHostsStore((s) => s.hosts);
  const byHost = useInventoryStore((s) => s.byHost);
  const expanded = useSelectionStore((s) => s.expanded);
  return useMemo(() => buildTreeRows(hosts, byHost, (ref) => isExpanded(expanded, ref)), [hosts, byHost, expanded]);
}

export function NavTree() {
  const { t } = useTranslation();
  const rows = useTreeRows();
  const hosts = useHostsStore((s) => s.hosts);
  // States under a host that is not online are last known, not current.
  const staleHosts = useMemo(() => new Set(hosts.filter((h) => h.status !== 'online').map((h) => h.config.name)), [hosts]);
  const selected = useSelectionStore((s) => s.selected);
  const select = useSelectionStore((s) => s.select);
  const setExpanded = useSelectionStore((s) => s.setExpanded);
  const selectedKey = selected ? nodeKey(selected) : null;
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ ref: NodeRef; x: number; y: number } | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const typed = useRef({ text: '', at: 0 });

  const activeIndex = useMemo(() => {
    const byActive = activeKey === null ? -1 : rows.findIndex((r) => r.key === activeKey);
    if (byActive >= 0) return byActive;
    const bySelected = selectedKey === null ? -1 : rows.findIndex((r) => r.key === selectedKey);
    return bySelected >= 0 ? bySelected : 0;
  }, [rows, activeKey, selectedKey]);

  const virtualizer = useRowVirtualizer(rows.length, treeRef, ROW_HEIGHT, 12);

  const focusRow = useCallback(
    (index: number) => {
      const row = rows[index];
      if (!row) return;
      setActiveKey(row.key);
      virtualizer.scrollToIndex(index, { align: 'auto' });
    },
    [rows, virtualizer],
  );

  const openMenuAt = (row: TreeRow, x: number, y: number) => setMenu({ ref: row.ref, x, y });

  const openMenuForIndex = (index: number) => {
    const row = rows[index];
    const el = row ? document.getElementById(domId(index)) : null;
    if (!row || !el) return;
    const r = el.getBoundingClientRect();
    openMenuAt(row, r.left + 24 + row.level * INDENT, r.bottom);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const action = treeKey(rows, activeIndex, e.key, e.shiftKey);
    if (action.type === 'none') {
      // Type-ahead on printable characters.
      if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' ') {
        const now = Date.now();
        typed.current = { text: now - typed.current.at > TYPEAHEAD_RESET_MS ? e.key : typed.current.text + e.key, at: now };
        const j = typeAhead(
          rows.map((r) => treeRowLabel(r, t)),
          typed.current.text.length > 1 ? activeIndex - 1 : activeIndex,
          typed.current.text,
        );
        if (j >= 0) focusRow(j);
      }
      return;
    }
    e.preventDefault();
    const row = rows[action.index];
    if (!row) return;
    if (action.type === 'move') focusRow(action.index);
    else if (action.type === 'expand') setExpanded(row.ref, action.open);
    else if (action.type === 'select') {
      setActiveKey(row.key);
      select(row.ref);
    } else if (action.type === 'menu') openMenuForIndex(action.index);
  };

  const onRowClick = (e: MouseEvent, row: TreeRow) => {
    setActiveKey(row.key);
    select(row.ref);
    // A click anywhere keeps keyboard focus on the tree itself.
    treeRef.current?.focus({ preventScroll: true });
    if (e.detail === 2 && row.expandable) setExpanded(row.ref, !row.expanded);
  };

  const onTwistyClick = (e: MouseEvent, row: TreeRow) => {
    e.stopPropagation();
    setActiveKey(row.key);
    setExpanded(row.ref, !row.expanded);
    treeRef.current?.focus({ preventScroll: true });
  };

  const onContextMenu = (e: MouseEvent, row: TreeRow) => {
    e.preventDefault();
    setActiveKey(row.key);
    openMenuAt(row, e.clientX, e.clientY);
  };

  const closeMenu = useCallback(() => setMenu(null), []);
  const items = virtualizer.getVirtualItems();

  return (
    <>
      <div
        ref={treeRef}
        className="tree"
        role="tree"
        aria-label={t('tree.label')}
        tabIndex={0}
        aria-activedescendant={rows.length ? domId(activeIndex) : undefined}
        onKeyDown={onKeyDown}
      >
        <div className="tree-inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const isSelected = row.key === selectedKey;
            const isActive = item.index === activeIndex;
            return (
              <div
                key={row.key}
                id={domId(item.index)}
                role="treeitem"
                aria-level={row.level}
                aria-posinset={row.posinset}
                aria-setsize={row.setsize}
                aria-expanded={row.expandable ? row.expanded : undefined}
                aria-selected={isSelected}
                aria-label={treeRowLabel(row, t)}
                data-kind={row.type}
                data-host={row.ref.host}
                title={treeRowTitle(row, t)}
                className={`tree-row${isSelected ? ' selected' : ''}${isActive ? ' active' : ''}${row.type !== 'host' && staleHosts.has(row.ref.host) ? ' stale' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, paddingInlineStart: 6 + (row.level - 1) * INDENT }}
                onClick={(e) => onRowClick(e, row)}
                onContextMenu={(e) => onContextMenu(e, row)}
              >
                <span className={`twisty${row.expandable ? '' : ' leaf'}${row.expanded ? ' open' : ''}`} onClick={row.expandable ? (e) => onTwistyClick(e, row) : undefined} aria-hidden="true">
                  {row.expandable && <Icon name="chevron" size={12} />}
                </span>
                <TreeNodeLabel row={row} />
              </div>
            );
          })}
        </div>
      </div>
      {menu && <ContextMenu x={menu.x} y={menu.y} items={nodeMenu(menu.ref)} labelKey="menu.label" onClose={closeMenu} returnFocus={treeRef.current} />}
    </>
  );
}

function domId(index: number): string {
  return `tree-item-${index}`;
}
