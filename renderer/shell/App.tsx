// The main window: toolbar, tree | table over details, status bar.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Splitter } from '../platform/components/Splitter.tsx';
import { useConnectionStore } from '../platform/store/connection.ts';
import { DialogHost } from './DialogHost.tsx';
import { refreshHost } from '../platform/store/actions.ts';
import { useHostsStore } from '../platform/store/hosts.ts';
import { DETAILS_HEIGHT, TREE_WIDTH, usePrefsStore } from '../platform/store/prefs.ts';
import { useSelectionStore } from '../platform/store/selection.ts';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { DetailsPanel } from './details/DetailsPanel.tsx';
import { StatusBar } from './StatusBar.tsx';
import { TablePane } from './table/TablePane.tsx';
import { Toasts } from './Toasts.tsx';
import { Toolbar } from './Toolbar.tsx';
import { NavTree } from './tree/NavTree.tsx';

/** F5 refreshes the selected host; Ctrl/Cmd+F jumps to the table filter. */
function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      if (e.key === 'F5') {
        e.preventDefault();
        const host = useSelectionStore.getState().selected?.host;
        if (host) void refreshHost(host);
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        const box = document.querySelector<HTMLInputElement>('.filter-box input');
        if (box) {
          e.preventDefault();
          box.focus();
          box.select();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App() {
  const { t } = useTranslation();
  const treeWidth = usePrefsStore((s) => s.treeWidth);
  const detailsHeight = usePrefsStore((s) => s.detailsHeight);
  const setTreeWidth = usePrefsStore((s) => s.setTreeWidth);
  const setDetailsHeight = usePrefsStore((s) => s.setDetailsHeight);
  const hostCount = useHostsStore((s) => s.hosts.length);
  const live = useConnectionStore((s) => s.carrier.status === 'connected');
  useShortcuts();

  return (
    <div className={live ? 'app' : 'app stale'}>
      <Toolbar />
      <ConnectionBanner />
      <main className="workspace" style={{ gridTemplateColumns: `${treeWidth}px auto minmax(0, 1fr)` }}>
        <nav className="sidebar" aria-label={t('tree.navLabel')}>
          <div className="sidebar-header">
            <span>{t('tree.heading')}</span>
            <span className="count-pill">{hostCount}</span>
          </div>
          <NavTree />
        </nav>
        <Splitter orientation="vertical" value={treeWidth} min={TREE_WIDTH.min} max={TREE_WIDTH.max} label={t('layout.resizeTree')} onChange={setTreeWidth} />
        <div className="content" style={{ gridTemplateRows: `minmax(0, 1fr) auto ${detailsHeight}px` }}>
          <div className="table-area">
            <TablePane />
          </div>
          <Splitter orientation="horizontal" value={detailsHeight} min={DETAILS_HEIGHT.min} max={DETAILS_HEIGHT.max} label={t('layout.resizeDetails')} onChange={setDetailsHeight} invert />
          <aside className="details-area" aria-label={t('details.label')}>
            <DetailsPanel />
          </aside>
        </div>
      </main>
      <StatusBar />
      <Toasts />
      <DialogHost />
    </div>
  );
}
