// A popover over a status-bar button (jobs, alerts): placed fixed above the
// button (the status bar clips anything that overflows it), closed by a click
// outside it or by Escape.
import { useEffect, useRef, useState } from 'react';

export function useStatusPopover() {
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState({ right: 12, bottom: 36 });
  const ref = useRef<HTMLDivElement>(null);
  const toggle = () => {
    const r = ref.current?.getBoundingClientRect();
    if (r) setPos({ right: Math.max(8, window.innerWidth - r.right), bottom: window.innerHeight - r.top + 6 });
    setOpen(!open);
  };

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  /** `ref` goes on the element holding the button and the popover. */
  return { open, setOpen, pos, ref, toggle };
}
