// One canvas for the lines of many charts (the host's grid of busiest
// disks). Every canvas costs the browser a frame of its own each time it
// changes (about a quarter of a millisecond each, software-rendered); twenty
// charts that all change on every tick share one canvas instead: each chart
// says what to draw, the layer repaints them all once, after the tick.
import { createContext, useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';

export interface LayerEntry {
  /** The chart body the lines belong to (positioned inside the layer's container). */
  body: HTMLElement;
  /** Draws the chart's lines; the context is translated to the body's top left corner. */
  paint(ctx: CanvasRenderingContext2D): void;
}

export class LinesLayer {
  private readonly entries = new Set<LayerEntry>();
  private container: HTMLElement | null = null;
  private canvas: HTMLCanvasElement | null = null;
  private pending = false;

  attach(container: HTMLElement | null, canvas: HTMLCanvasElement | null): void {
    this.container = container;
    this.canvas = canvas;
    this.invalidate();
  }

  add(e: LayerEntry): () => void {
    this.entries.add(e);
    this.invalidate();
    return () => {
      this.entries.delete(e);
      this.invalidate();
    };
  }

  /** Repaints once, after the current task (all charts of a tick draw first). */
  invalidate(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.repaint();
    });
  }

  private repaint(): void {
    const { container, canvas } = this;
    const ctx = canvas?.getContext('2d');
    if (!container || !canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(container.clientWidth * dpr);
    const h = Math.round(container.clientHeight * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      canvas.style.width = `${container.clientWidth}px`;
      canvas.style.height = `${container.clientHeight}px`;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    for (const e of this.entries) {
      if (!e.body.isConnected) continue;
      // Offsets up to the container (positioned, so it is an offsetParent):
      // plain numbers, where getBoundingClientRect would allocate a DOMRect
      // per chart per tick on the DOM's garbage-collected heap.
      let x = 0;
      let y = 0;
      let el: HTMLElement | null = e.body;
      while (el && el !== container) {
        x += el.offsetLeft;
        y += el.offsetTop;
        el = el.offsetParent as HTMLElement | null;
      }
      if (el !== container) continue;
      ctx.setTransform(dpr, 0, 0, dpr, x * dpr, y * dpr);
      e.paint(ctx);
    }
  }
}

export const LinesLayerContext = createContext<LinesLayer | null>(null);

/** A container whose charts draw their lines on one shared canvas laid over them. */
export function SharedLines({ className, role, ariaLabel, children }: { className: string; role?: string; ariaLabel?: string; children: ReactNode }) {
  const layer = useMemo(() => new LinesLayer(), []);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    layer.attach(box.current, canvas.current);
    return () => layer.attach(null, null);
  }, [layer]);
  // Charts move when the container is resized (columns change): repaint.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => layer.invalidate());
    ro.observe(el);
    return () => ro.disconnect();
  }, [layer]);
  return (
    <div ref={box} className={`${className} shared-lines`} role={role} aria-label={ariaLabel}>
      <LinesLayerContext.Provider value={layer}>{children}</LinesLayerContext.Provider>
      <canvas ref={canvas} className="io-lines-shared" aria-hidden="true" />
    </div>
  );
}
