// "View differences": the saved configuration of a running VM against its
// live definition, line by line (− only in the saved XML, + only in the
// running VM), unchanged stretches folded.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { api } from '../api/instance.ts';
import { Spinner } from '../components/EmptyState.tsx';
import { ErrorCallout } from '../components/ErrorCallout.tsx';
import { Icon } from '../components/Icon.tsx';
import { Modal } from '../components/Modal.tsx';
import { Segmented } from '../components/FormFields.tsx';
import { diffStats, diskSections, foldUnchanged, lineDiff, type DiffLine } from './xml-diff.ts';

function Line({ l }: { l: DiffLine }) {
  const sign = l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ' ';
  return (
    <div className={`diff-line ${l.kind}`}>
      <span className="diff-no">{l.oldNo ?? ''}</span>
      <span className="diff-no">{l.newNo ?? ''}</span>
      <span className="diff-sign" aria-hidden="true">
        {sign}
      </span>
      <span className="diff-text">{l.text}</span>
    </div>
  );
}

export function XmlDiffDialog({ host, vm, onClose }: { host: string; vm: string; onClose(): void }) {
  const { t } = useTranslation();
  const [xml, setXml] = useState<{ live: string | null; config: string } | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [scope, setScope] = useState<'disks' | 'all'>('disks');

  const load = async () => {
    setError(null);
    const out = await api().call('domain.xml', { host, domain: vm });
    if (out.ok) setXml(out.result);
    else setError(out.error);
  };
  useEffect(() => {
    void load();
  }, [host, vm]);

  const lines = useMemo(() => {
    if (!xml?.live) return [];
    return scope === 'disks' ? lineDiff(diskSections(xml.config), diskSections(xml.live)) : lineDiff(xml.config, xml.live);
  }, [xml, scope]);
  const blocks = useMemo(() => foldUnchanged(lines), [lines]);
  const stats = diffStats(lines);

  let body;
  if (error) body = <ErrorCallout error={error} />;
  else if (!xml) body = <Spinner label={t('diff.loading')} />;
  else if (xml.live === null) body = <p className="muted">{t('diff.notRunning', { vm })}</p>;
  else if (stats.added === 0 && stats.removed === 0) body = <p className="muted">{t('diff.same')}</p>;
  else
    body = (
      <>
        <div className="diff-legend">
          <span className="diff-key del">{t('diff.legendDel')}</span>
          <span className="diff-key add">{t('diff.legendAdd')}</span>
          <span className="muted small">{t('diff.stats', { added: stats.added, removed: stats.removed })}</span>
        </div>
        <div className="diff-view mono" role="region" aria-label={t('diff.regionLabel', { vm })} tabIndex={0}>
          {blocks.map((b, i) =>
            b.kind === 'lines' || open.has(i) ? (
              b.lines.map((l, j) => <Line key={`${i}-${j}`} l={l} />)
            ) : (
              <button key={i} type="button" className="diff-fold" onClick={() => setOpen(new Set(open).add(i))}>
                <Icon name="chevronDown" size={12} />
                {t('diff.fold', { count: b.lines.length })}
              </button>
            ),
          )}
        </div>
      </>
    );

  return (
    <Modal
      title={t('diff.title', { vm })}
      onClose={onClose}
      className="xml-diff"
      footer={
        <>
          <button type="button" className="btn ghost" onClick={() => void load()}>
            <Icon name="refresh" />
            {t('menu.refresh')}
          </button>
          <span className="spacer" />
          <button type="button" className="btn primary" onClick={onClose} autoFocus>
            {t('common.close')}
          </button>
        </>
      }
    >
      <p className="muted small">{t('diff.intro')}</p>
      <Segmented
        name="diffScope"
        label={t('diff.scope')}
        value={scope}
        onChange={(v) => {
          setScope(v);
          setOpen(new Set());
        }}
        options={[
          { value: 'disks', label: t('diff.scopeDisks') },
          { value: 'all', label: t('diff.scopeAll') },
        ]}
        help={t(scope === 'disks' ? 'diff.scopeDisksHelp' : 'diff.scopeAllHelp')}
      />
      {body}
    </Modal>
  );
}
