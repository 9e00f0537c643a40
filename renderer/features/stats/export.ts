// Saving a chart: its window as CSV, or its picture as PNG (the recharts SVG
// serialized, drawn on a canvas under a title and legend). Saved with
// components/download.ts, like the exported scripts.

/** "spindle-io-web1-vdb-iops-20261125-190818" style, ASCII only. */
export function exportFileName(parts: string[], ext: string, at = new Date()): string {
  const slug = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return `spindle-io-${slug || 'chart'}-${stamp}.${ext}`;
}

export interface PngOptions {
  title: string;
  /** Right of the legend (the time range). */
  note?: string;
  legend: { label: string; color: string; dashed?: boolean }[];
  background: string;
  text: string;
  scale?: number;
  /** Draws the series lines (they are not in the SVG), in chart-body coordinates. */
  paintLines?: (ctx: CanvasRenderingContext2D) => void;
}

const HEADER = 48;

function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > width) t = t.slice(0, -1);
  return `${t}…`;
}

/** The chart as a PNG: its SVG (grid, axes, limit lines) and its lines, under a title line and a legend line. */
export async function chartPng(container: HTMLElement, opts: PngOptions): Promise<Blob> {
  const svg = container.querySelector<SVGSVGElement>('svg.recharts-surface');
  if (!svg) throw new Error('no chart to export');
  const box = svg.getBoundingClientRect();
  const w = Math.max(1, Math.round(box.width));
  const h = Math.max(1, Math.round(box.height));
  const font = getComputedStyle(document.body).fontFamily;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  clone.setAttribute('style', `font-family: ${font}; font-size: 11px`);
  const xml = new XMLSerializer().serializeToString(clone);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
  await img.decode();

  const scale = opts.scale ?? 2;
  const canvas = document.createElement('canvas');
  canvas.width = w * scale;
  canvas.height = (h + HEADER) * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.fillStyle = opts.background;
  ctx.fillRect(0, 0, w, h + HEADER);
  ctx.fillStyle = opts.text;
  ctx.textBaseline = 'middle';
  ctx.font = `600 13px ${font}`;
  ctx.fillText(fit(ctx, opts.title, w - 16), 8, 14);
  let x = 8;
  const ly = 34;
  ctx.font = `12px ${font}`;
  for (const item of opts.legend) {
    ctx.strokeStyle = item.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(item.dashed ? [4, 3] : []);
    ctx.beginPath();
    ctx.moveTo(x, ly);
    ctx.lineTo(x + 16, ly);
    ctx.stroke();
    x += 20;
    ctx.fillStyle = opts.text;
    ctx.fillText(item.label, x, ly);
    x += ctx.measureText(item.label).width + 14;
  }
  ctx.setLineDash([]);
  if (opts.note) {
    ctx.fillStyle = opts.text;
    ctx.textAlign = 'right';
    ctx.fillText(opts.note, w - 8, ly);
    ctx.textAlign = 'left';
  }
  ctx.drawImage(img, 0, HEADER, w, h);
  // The series lines are drawn on a canvas over the SVG: draw them again here.
  if (opts.paintLines) {
    ctx.save();
    ctx.translate(0, HEADER);
    opts.paintLines(ctx);
    ctx.restore();
  }
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}
