// What our tables add to TanStack's column definitions and table options.
import '@tanstack/react-table';
import type { CellT } from './cells.tsx';

declare module '@tanstack/react-table' {
  interface ColumnMeta<TData, TValue> {
    /** i18n key of the header. */
    labelKey: string;
    align?: 'start' | 'end';
    /** Takes the remaining width (paths, sources). */
    grow?: boolean;
    mono?: boolean;
    /** A cell's tooltip from its value (default: the cell's own text). */
    title?: (value: unknown, t: CellT) => string | undefined;
    /** The text a filter matches for this cell. */
    text: (row: TData, t: (key: string) => string) => string;
    /** Unused; keeps TValue referenced for the interface merge. */
    _value?: TValue;
  }
  // Column `cell` functions are called as plain functions (no hooks in them):
  // they take the language's t from here.
  interface TableMeta<TData> {
    t: CellT;
    /** Unused; keeps TData referenced for the interface merge. */
    _row?: TData;
  }
}
