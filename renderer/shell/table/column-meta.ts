// What our tables add to TanStack's column definitions.
import '@tanstack/react-table';

declare module '@tanstack/react-table' {
  interface ColumnMeta<TData, TValue> {
    /** i18n key of the header. */
    labelKey: string;
    align?: 'start' | 'end';
    /** Takes the remaining width (paths, sources). */
    grow?: boolean;
    mono?: boolean;
    /** The text a filter matches for this cell. */
    text: (row: TData, t: (key: string) => string) => string;
    /** Unused; keeps TValue referenced for the interface merge. */
    _value?: TValue;
  }
}
