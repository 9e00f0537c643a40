// A keyboard-operable context menu (role=menu) at a screen position. It takes
// focus when it opens and gives it back to `returnFocus` when it closes.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from './Icon.tsx';

export type MenuItem =
  | { type: 'item'; id: string; labelKey: string; icon?: IconName; danger?: boolean; disabled?: boolean; run: () => void }
  | { type: 'separator'; id: string };

export interface ContextMenuProps {
  x: number;
  y: number;
  items: MenuItem[];
  labelKey: string;
  onClose: () => void;
  returnFocus?: HTMLElement | null;
}

export function ContextMenu({ x, y, items, labelKey, onClose, returnFocus }: ContextMenuProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: x, top: y });
  const actionable = items.flatMap((it, i) => (it.type === 'item' && !it.disabled ? [i] : []));
  const [active, setActive] = useState(actionable[0] ?? -1);

  // Keep the menu inside the window.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    setPos({ left: Math.max(4, Math.min(x, window.innerWidth - r.width - 4)), top: Math.max(4, Math.min(y, window.innerHeight - r.height - 4)) });
  }, [x, y]);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.focus();
  }, [active]);

  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const onBlur = () => onClose();
    document.addEventListener('pointerdown', onDown, true);
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [onClose]);

  const close = (): void => {
    onClose();
    returnFocus?.focus();
  };

  const activate = (i: number): void => {
    const it = items[i];
    if (it?.type !== 'item' || it.disabled) return;
    close();
    it.run();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const pos = actionable.indexOf(active);
    const move = (to: number) => {
      e.preventDefault();
      const next = actionable[(to + actionable.length) % actionable.length];
      if (next !== undefined) setActive(next);
    };
    switch (e.key) {
      case 'ArrowDown':
        return move(pos + 1);
      case 'ArrowUp':
        return move(pos - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(actionable.length - 1);
      case 'Enter':
      case ' ':
        e.preventDefault();
        return activate(active);
      case 'Escape':
      case 'Tab':
        e.preventDefault();
        return close();
    }
  };

  return createPortal(
    <div ref={ref} className="context-menu" role="menu" aria-label={t(labelKey)} style={pos} onKeyDown={onKeyDown} onContextMenu={(e) => e.preventDefault()}>
      {items.map((it, i) =>
        it.type === 'separator' ? (
          <div key={it.id} role="separator" className="menu-separator" />
        ) : (
          <button
            key={it.id}
            type="button"
            role="menuitem"
            data-index={i}
            tabIndex={i === active ? 0 : -1}
            className={it.danger ? 'menu-item danger' : 'menu-item'}
            aria-disabled={it.disabled || undefined}
            onClick={() => activate(i)}
            onPointerEnter={() => !it.disabled && setActive(i)}
          >
            <span className="menu-icon">{it.icon && <Icon name={it.icon} />}</span>
            {t(it.labelKey)}
          </button>
        ),
      )}
    </div>,
    document.body,
  );
}
