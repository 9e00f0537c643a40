// What the user is looking at: the tree's selected node, the table's selected
// row (the details panel shows the row when there is one) and which tree
// nodes are expanded.
import { create } from 'zustand';
import { ancestors, nodeKey, type NodeKind, type NodeRef } from '../model/node-ref.ts';

const OPEN_BY_DEFAULT: ReadonlySet<NodeKind> = new Set(['host', 'vms', 'pools']);

interface SelectionState {
  selected: NodeRef | null;
  row: NodeRef | null;
  /** Only nodes the user toggled; the rest follow OPEN_BY_DEFAULT. */
  expanded: Record<string, boolean>;
  select(ref: NodeRef | null): void;
  selectRow(ref: NodeRef | null): void;
  setExpanded(ref: NodeRef, open: boolean): void;
  /** Selects a node and opens everything above it. */
  reveal(ref: NodeRef): void;
  /** A disk or volume is gone (detached, deleted): where the selection or the table row showed it, its VM or pool is shown instead. */
  forget(ref: NodeRef): void;
}

export function isExpanded(expanded: Record<string, boolean>, ref: NodeRef): boolean {
  return expanded[nodeKey(ref)] ?? OPEN_BY_DEFAULT.has(ref.kind);
}

/** A disk or volume node is shown as its row in the parent's table. */
function rowFor(ref: NodeRef | null): NodeRef | null {
  return ref && (ref.kind === 'disk' || ref.kind === 'volume') ? ref : null;
}

export const useSelectionStore = create<SelectionState>()((set) => ({
  selected: null,
  row: null,
  expanded: {},
  select: (ref) => set({ selected: ref, row: rowFor(ref) }),
  selectRow: (row) => set({ row }),
  setExpanded: (ref, open) => set((s) => ({ expanded: { ...s.expanded, [nodeKey(ref)]: open } })),
  forget: (ref) =>
    set((s) => {
      const gone = nodeKey(ref);
      const parent = ancestors(ref).at(-1) ?? null;
      const selected = s.selected && nodeKey(s.selected) === gone ? parent : s.selected;
      const row = s.row && nodeKey(s.row) === gone ? null : s.row;
      return selected === s.selected && row === s.row ? s : { selected, row: row ?? rowFor(selected) };
    }),
  reveal: (ref) =>
    set((s) => {
      const expanded = { ...s.expanded };
      for (const a of ancestors(ref)) expanded[nodeKey(a)] = true;
      return { expanded, selected: ref, row: rowFor(ref) };
    }),
}));
