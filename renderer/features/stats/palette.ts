// Chart colours as literal values: SVG presentation attributes cannot read
// CSS variables, and an exported PNG must carry its colours with it. They
// follow the same light/dark switch as the stylesheet.
import { useSyncExternalStore } from 'react';

export interface ChartPalette {
  rd: string;
  wr: string;
  fl: string;
  total: string;
  grid: string;
  axis: string;
  text: string;
  surface: string;
  /** The alert levels' colours (app.css --alert-warning, --alert-critical): fill-level lines. */
  warning: string;
  critical: string;
}

const LIGHT: ChartPalette = { rd: '#2d6cdf', wr: '#d9730d', fl: '#7b5cd6', total: '#5d6878', grid: '#e6e9ee', axis: '#5d6878', text: '#1b2230', surface: '#ffffff', warning: '#b45309', critical: '#d1392b' };
const DARK: ChartPalette = { rd: '#5b8cf0', wr: '#f0a04b', fl: '#a08bf0', total: '#b5bfcc', grid: '#2a313c', axis: '#9ba6b5', text: '#e5e9f0', surface: '#171b21', warning: '#e3a82b', critical: '#f0675b' };

const QUERY = '(prefers-color-scheme: dark)';

// One query object: asking matchMedia again on every render costs more than the render.
const mq: MediaQueryList | null = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(QUERY) : null;

function subscribe(cb: () => void): () => void {
  if (!mq) return () => undefined;
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}

const isDark = (): boolean => Boolean(mq?.matches);

export function usePalette(): ChartPalette {
  return useSyncExternalStore(subscribe, isDark, () => false) ? DARK : LIGHT;
}
