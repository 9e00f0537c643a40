// The long lists (the tree, the tables) render only the rows in view: rows of
// one fixed height, and scroll updates not forced through flushSync (React
// batches them: a flushSync on every scroll event costs frames).
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';

export function useRowVirtualizer(count: number, scrollRef: RefObject<HTMLElement | null>, rowHeight: number, overscan: number) {
  return useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    useFlushSync: false,
  });
}
