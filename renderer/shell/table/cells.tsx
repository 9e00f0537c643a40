// Cell renderers of the tables. Plain functions of a value and the table's
// `t`, with no hooks and no components of their own: they run for every row
// that scrolls into view, and a useTranslation() per cell (each one builds an
// i18n wrapper and subscribes to i18next on mount, unsubscribes on unmount)
// was most of a scroll frame's script time in bench:ui. Text and sizes are
// bare text in the cell (no element of their own, no title): a span with a
// title per cell cost another quarter of a frame's main-thread time; the
// table sets a cell's tooltip when the pointer reaches it (cellTitle).
import type { ReactNode } from 'react';
import { formatBytes } from '../../../shared/core/units.ts';
import { StateMark } from '../../platform/components/StateBadge.tsx';

export type CellT = (key: string, opts?: Record<string, unknown>) => string;

const exact = new Intl.NumberFormat();

/** Fixed words (dash, yes, no) looked up once per language: t() costs microseconds, and cells call it by the hundred. */
let wordsOf: CellT | null = null;
const words = new Map<string, string>();
function word(t: CellT, key: string): string {
  if (wordsOf !== t) {
    words.clear();
    wordsOf = t;
  }
  let w = words.get(key);
  if (w === undefined) {
    w = t(key);
    words.set(key, w);
  }
  return w;
}

const dash = (t: CellT): ReactNode => <span className="muted">{word(t, 'common.dash')}</span>;

/** A size's tooltip: the exact number of bytes. */
export function bytesTitle(value: unknown, t: CellT): string | undefined {
  return typeof value === 'number' ? t('units.bytesExact', { value: exact.format(value) }) : undefined;
}

export function bytesCell(value: number | undefined, t: CellT): ReactNode {
  return value === undefined ? dash(t) : formatBytes(value);
}

/** Text as it is; the cell's tooltip repeats it (long paths are cut with an ellipsis). */
export function textCell(value: string | number | undefined, t: CellT): ReactNode {
  return value === undefined || value === '' ? dash(t) : value;
}

export function yesNoCell(value: boolean | undefined, t: CellT): ReactNode {
  if (value === undefined) return <span className="muted">{word(t, 'common.notReported')}</span>;
  return word(t, value ? 'common.yes' : 'common.no');
}

export function domainStateCell(state: string, t: CellT): ReactNode {
  return <StateMark state={state} label={t(`state.domain.${state}`)} compact={false} />;
}

export function poolStateCell(active: boolean, t: CellT): ReactNode {
  const state = active ? 'active' : 'inactive';
  return <StateMark state={state} label={t(`state.pool.${state}`)} compact={false} />;
}

export { usageBar, UsageBar } from '../../platform/components/UsageBar.tsx';
