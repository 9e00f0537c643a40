// Keyboard behaviour of the tree (WAI-ARIA tree pattern), as a pure function
// so it can be tested without a browser.
import type { TreeRow } from './tree.ts';

export type TreeKeyResult =
  | { type: 'move'; index: number }
  | { type: 'expand'; index: number; open: boolean }
  | { type: 'select'; index: number }
  | { type: 'menu'; index: number }
  | { type: 'none' };

export function treeKey(rows: readonly TreeRow[], active: number, key: string, shiftKey = false): TreeKeyResult {
  const last = rows.length - 1;
  if (last < 0) return { type: 'none' };
  const i = Math.min(Math.max(active, 0), last);
  const row = rows[i];
  if (!row) return { type: 'none' };
  switch (key) {
    case 'ArrowDown':
      return { type: 'move', index: Math.min(i + 1, last) };
    case 'ArrowUp':
      return { type: 'move', index: Math.max(i - 1, 0) };
    case 'Home':
      return { type: 'move', index: 0 };
    case 'End':
      return { type: 'move', index: last };
    case 'ArrowRight':
      if (row.expandable && !row.expanded) return { type: 'expand', index: i, open: true };
      if (row.expandable && row.expanded) return { type: 'move', index: Math.min(i + 1, last) };
      return { type: 'none' };
    case 'ArrowLeft': {
      if (row.expandable && row.expanded) return { type: 'expand', index: i, open: false };
      const parent = row.parentKey === null ? -1 : rows.findIndex((r) => r.key === row.parentKey);
      return parent >= 0 ? { type: 'move', index: parent } : { type: 'none' };
    }
    case 'Enter':
    case ' ':
      return { type: 'select', index: i };
    case 'ContextMenu':
      return { type: 'menu', index: i };
    case 'F10':
      return shiftKey ? { type: 'menu', index: i } : { type: 'none' };
    default:
      return { type: 'none' };
  }
}

/** Type-ahead: the next row after `active` whose label starts with `prefix`. */
export function typeAhead(labels: readonly string[], active: number, prefix: string): number {
  const p = prefix.toLocaleLowerCase();
  for (let step = 1; step <= labels.length; step++) {
    const j = (active + step) % labels.length;
    if (labels[j]?.toLocaleLowerCase().startsWith(p)) return j;
  }
  return -1;
}
