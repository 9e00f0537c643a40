// Picks a file or block device on the host (host.browse): a breadcrumb of
// the current directory, Up, a path box, and the entries. "iso" shows ISO
// images first but can show every file; "block" looks for block devices.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { BrowseResult } from '../../../shared/contract/features/files.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { api } from '../api/instance.ts';
import { Spinner } from '../components/EmptyState.tsx';
import { ErrorCallout } from '../components/ErrorCallout.tsx';
import { Icon, type IconName } from '../components/Icon.tsx';
import { compareNames } from '../model/collate.ts';
import { onListKeyDown } from './list-keys.ts';

export type BrowseMode = 'file' | 'iso' | 'block';
type Entry = BrowseResult['entries'][number];

export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** "/a/b/c" -> [["/", "/"], ["a", "/a"], ["b", "/a/b"], ["c", "/a/b/c"]] */
export function crumbs(path: string): [string, string][] {
  const out: [string, string][] = [['/', '/']];
  let acc = '';
  for (const part of path.split('/').filter(Boolean)) {
    acc += `/${part}`;
    out.push([part, acc]);
  }
  return out;
}

function selectable(e: Entry, mode: BrowseMode): boolean {
  if (mode === 'block') return e.kind === 'block' || e.kind === 'link';
  return e.kind === 'file' || e.kind === 'link';
}

function visible(e: Entry, mode: BrowseMode, showAll: boolean): boolean {
  if (e.kind === 'dir') return true;
  if (showAll) return true;
  if (mode === 'iso') return /\.iso$/i.test(e.name);
  if (mode === 'block') return e.kind === 'block' || e.kind === 'link';
  return e.kind !== 'block' && e.kind !== 'other';
}

const ICONS: Record<Entry['kind'], IconName> = { dir: 'folder', file: 'file', block: 'disk', link: 'link', other: 'file' };

export interface HostFileBrowserProps {
  host: string;
  start: string;
  mode: BrowseMode;
  selected: string | null;
  onSelect(path: string, entry: Entry | null): void;
}

export function HostFileBrowser({ host, start, mode, selected, onSelect }: HostFileBrowserProps) {
  const { t } = useTranslation();
  const [path, setPath] = useState(start);
  const [typed, setTyped] = useState(start);
  const [listing, setListing] = useState<BrowseResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [loading, setLoading] = useState(false);
  const [showAll, setShowAll] = useState(false);
  // Only the latest listing asked for may land: the first folder's answer can
  // arrive after the user has already typed and opened another one.
  const latest = useRef(0);
  // What the path box holds now: a listing that lands must not overwrite what the user typed while it was on its way.
  const typedNow = useRef(start);
  const edit = (v: string) => {
    typedNow.current = v;
    setTyped(v);
  };

  /** Asks for a listing and shows it; null when a later one was asked for meanwhile. */
  const list = useCallback(
    async (p: string) => {
      const ticket = ++latest.current;
      const typedBefore = typedNow.current;
      setLoading(true);
      const out = await api().call('host.browse', { host, path: p });
      if (ticket !== latest.current) return null;
      setLoading(false);
      if (out.ok) {
        setListing(out.result);
        setPath(out.result.path);
        if (typedNow.current === typedBefore) edit(out.result.path);
        setError(null);
      }
      return out;
    },
    [host],
  );

  const open = useCallback(
    async (p: string) => {
      setError(null);
      const out = await list(p);
      if (out && !out.ok) setError(out.error);
    },
    [list],
  );

  useEffect(() => {
    void open(start);
  }, [open, start]);

  const entries = (listing?.entries ?? [])
    .filter((e) => visible(e, mode, showAll))
    .sort((a, b) => (a.kind === 'dir') === (b.kind === 'dir') ? compareNames(a.name, b.name) : a.kind === 'dir' ? -1 : 1);
  const hidden = (listing?.entries.length ?? 0) - entries.length;

  const activate = (e: Entry) => {
    const full = joinPath(path, e.name);
    if (e.kind === 'dir') void open(full);
    else if (selectable(e, mode) || showAll) onSelect(full, e);
  };

  /** A typed path: a directory opens; anything else is taken as the choice. */
  const go = async () => {
    const p = typed.trim();
    if (!p) return;
    const out = await list(p);
    if (!out || out.ok) return;
    if (out.error.msg?.key === 'files.browse.notFolder') {
      // A file: that is the choice.
      setError(null);
      onSelect(p, null);
    } else {
      setError(out.error);
    }
  };

  return (
    <div className="file-browser" data-browse-mode={mode}>
      <div className="file-browser-bar">
        <button type="button" className="icon-btn" title={t('browser.up')} aria-label={t('browser.up')} disabled={!listing?.parent || loading} onClick={() => listing?.parent && void open(listing.parent)}>
          <Icon name="arrowUp" />
        </button>
        <nav className="file-crumbs" aria-label={t('browser.location')}>
          {crumbs(path).map(([label, p], i, all) => (
            <span key={p} className="file-crumb">
              {i === all.length - 1 ? (
                <span className="mono" aria-current="location">
                  {label}
                </span>
              ) : (
                <button type="button" className="link-btn mono" onClick={() => void open(p)}>
                  {label}
                </button>
              )}
            </span>
          ))}
        </nav>
        {loading && <Spinner label={t('browser.loading')} />}
      </div>
      <form
        className="file-browser-path"
        onSubmit={(e) => {
          e.preventDefault();
          void go();
        }}
      >
        <input type="text" className="mono" value={typed} aria-label={t('browser.path')} spellCheck={false} onChange={(e) => edit(e.target.value)} />
        <button type="submit" className="btn small">
          {t('browser.go')}
        </button>
      </form>
      {error && <ErrorCallout error={error} compact />}
      <div className="file-list" role="listbox" aria-label={t('browser.entries', { path })} onKeyDown={onListKeyDown}>
        {entries.length === 0 && !loading && <div className="file-empty muted">{t(mode === 'block' ? 'browser.emptyBlock' : mode === 'iso' ? 'browser.emptyIso' : 'browser.empty')}</div>}
        {entries.map((e) => {
          const full = joinPath(path, e.name);
          const isSel = selected === full;
          const can = e.kind === 'dir' || selectable(e, mode) || showAll;
          return (
            <button
              key={e.name}
              type="button"
              role="option"
              aria-selected={isSel}
              aria-disabled={!can || undefined}
              className={`file-entry kind-${e.kind}${isSel ? ' selected' : ''}`}
              data-name={e.name}
              onClick={() => can && activate(e)}
              title={e.target ? `${full} → ${e.target}` : full}
            >
              <Icon name={ICONS[e.kind]} className="file-icon" />
              <span className="file-name">{e.name}</span>
              {e.target && <span className="file-target mono">→ {e.target}</span>}
              <span className="file-size">{e.kind === 'dir' ? '' : formatBytes(e.size)}</span>
            </button>
          );
        })}
      </div>
      <div className="file-browser-foot">
        {mode !== 'file' && (
          <label className="check small">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
            {t('browser.showAll')}
          </label>
        )}
        {hidden > 0 && !showAll && <span className="muted small">{t('browser.hidden', { count: hidden })}</span>}
        {listing?.truncated && <span className="muted small">{t('browser.truncated')}</span>}
      </div>
    </div>
  );
}
