// A draggable, keyboard-adjustable divider between two panes (role=separator).
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface SplitterProps {
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  label: string;
  /** Positive when the pointer moves right (vertical) or down (horizontal). */
  onChange(next: number): void;
  /** The size grows as the pointer moves away from the start (true) or towards it. */
  invert?: boolean;
}

const STEP = 16;

export function Splitter({ orientation, value, min, max, label, onChange, invert = false }: SplitterProps) {
  const drag = useRef<{ start: number; value: number } | null>(null);
  const sign = invert ? -1 : 1;
  const pos = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { start: pos(e), value };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) onChange(drag.current.value + sign * (pos(e) - drag.current.start));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const less = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    const more = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    if (e.key === less) onChange(value - sign * STEP);
    else if (e.key === more) onChange(value + sign * STEP);
    else if (e.key === 'Home') onChange(min);
    else if (e.key === 'End') onChange(max);
    else return;
    e.preventDefault();
  };

  return (
    <div
      className={`splitter ${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
