// A VM's snapshot tree: one row per snapshot, indented under its parent,
// children in time order, with a "Now" row where the VM currently is. Each
// row: the kind as a badge, the state it was taken in, the date, the
// description, the disks (and each overlay file) it holds, its size on disk.
// Virtualized: a VM with hundreds of snapshots draws only what is visible.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SnapshotInfo, SnapshotTree } from '../../../shared/contract/features/snapshots.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { formatDateTime } from '../../platform/i18n/format.ts';
import { treeRows, type TreeRow } from './tree-rows.ts';

const ROW_PX = 56;
const INDENT_PX = 20;

function SnapshotRow({ s }: { s: SnapshotInfo }) {
  const { t } = useTranslation();
  const files = s.disks.filter((d) => d.mode !== 'no').map((d) => (d.mode === 'external' ? `${d.target}: ${d.overlay ?? t('common.notReported')}` : `${d.target}: ${t('snapshots.mode.internal')}`));
  return (
    <>
      <div className="snap-line">
        <span className="snap-name mono">{s.name}</span>
        <span className={`badge neutral snap-kind kind-${s.kind}`}>{t(`snapshots.kind.${s.kind}`)}</span>
        <span className="muted small">{t(`snapshots.state.${s.state}`, { defaultValue: s.state })}</span>
        <span className="muted small">{formatDateTime(s.createdAt * 1000)}</span>
        <span className="muted small">{s.sizeBytes === null ? t('snapshots.sizeUnknown') : formatBytes(s.sizeBytes)}</span>
        {s.current && <span className="badge neutral">{t('snapshots.current')}</span>}
      </div>
      <div className="snap-line small">
        {/* The description is the user's own text, in whatever language they wrote it. */}
        {s.description === '' ? <span className="muted">{t('snapshots.noDescription')}</span> : <span data-english-ok="">{s.description}</span>}
        <span className="muted mono">{files.join(' · ')}</span>
      </div>
    </>
  );
}

function Row({ row }: { row: TreeRow }) {
  const { t } = useTranslation();
  if (row.kind === 'now') return <div className="snap-now" data-testid="snapshot-now">{t('snapshots.now')}</div>;
  return <SnapshotRow s={row.snapshot} />;
}

export function SnapshotTreeView({ tree, onTake }: { tree: SnapshotTree; onTake?: () => void }) {
  const { t } = useTranslation();
  const rows = treeRows(tree);
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 8 });
  if (tree.snapshots.length === 0)
    return (
      <div className="empty-state" data-testid="snapshots-empty">
        <p>{t('snapshots.empty')}</p>
        {onTake && (
          <button type="button" className="primary" onClick={onTake}>
            {t('snapshots.take')}
          </button>
        )}
      </div>
    );
  return (
    <div ref={scroller} className="snap-tree" role="tree" aria-label={t('snapshots.tree')} style={{ overflow: 'auto', maxHeight: '60vh' }}>
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((it) => {
          const row = rows[it.index];
          if (!row) return null;
          return (
            <div
              key={it.key}
              role="treeitem"
              aria-level={row.depth + 1}
              data-snapshot={row.kind === 'snapshot' ? row.snapshot.name : undefined}
              className={`snap-row${row.depth > 0 ? ' child' : ''}`}
              style={{ position: 'absolute', top: it.start, left: 0, right: 0, height: ROW_PX, paddingLeft: row.depth * INDENT_PX, borderLeft: row.depth > 0 ? '1px solid var(--border, #8884)' : undefined }}
            >
              <Row row={row} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
