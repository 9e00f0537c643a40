// "Columns" button with a popover of checkboxes; the choice is saved per table.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../platform/components/Icon.tsx';
import { usePrefsStore } from '../../platform/store/prefs.ts';
import type { TableSpec } from './specs.tsx';

export function ColumnChooser<T>({ spec }: { spec: TableSpec<T> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const popId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const hidden = usePrefsStore((s) => s.hiddenColumns[spec.id]) ?? spec.defaultHidden;
  const setHidden = usePrefsStore((s) => s.setHiddenColumns);
  const visibleCount = spec.columns.length - hidden.length;

  useEffect(() => {
    if (!open) return;
    wrapRef.current?.querySelector<HTMLInputElement>('input')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!wrapRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [open]);

  const toggle = (id: string, show: boolean) => {
    // Never hide the last visible column: an empty table looks broken.
    if (!show && visibleCount <= 1) return;
    setHidden(spec.id, show ? hidden.filter((h) => h !== id) : [...hidden, id]);
  };

  return (
    <div
      className="popover-anchor"
      ref={wrapRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button ref={buttonRef} type="button" className="btn ghost" aria-haspopup="true" aria-expanded={open} aria-controls={popId} onClick={() => setOpen((o) => !o)}>
        <Icon name="columns" />
        {t('table.columns')}
      </button>
      {open && (
        <div id={popId} className="popover column-chooser" role="group" aria-label={t('table.chooseColumns')}>
          <div className="popover-title">{t('table.chooseColumns')}</div>
          <div className="column-list">
            {spec.columns.map((c) => {
              const id = c.id ?? '';
              const shown = !hidden.includes(id);
              return (
                <label key={id} className="check">
                  <input type="checkbox" checked={shown} disabled={shown && visibleCount <= 1} onChange={(e) => toggle(id, e.target.checked)} />
                  {c.meta ? t(c.meta.labelKey) : id}
                </label>
              );
            })}
          </div>
          <div className="popover-actions">
            <button type="button" className="btn small" onClick={() => setHidden(spec.id, spec.defaultHidden)}>
              {t('table.resetColumns')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
