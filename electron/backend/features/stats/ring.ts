// A fixed-size history: the newest `capacity` items, oldest first.
export class Ring<T> {
  private items: T[] = [];
  private start = 0;
  constructor(private capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  /** The newest items for which `keep` holds, oldest first (walks back from the newest; stops at the first that fails). */
  newest(keep: (item: T) => boolean): T[] {
    const out: T[] = [];
    const n = this.items.length;
    for (let i = n - 1; i >= 0; i--) {
      const item = this.items[(this.start + i) % n] as T;
      if (!keep(item)) break;
      out.push(item);
    }
    return out.reverse();
  }

  /** The newest item. */
  last(): T | undefined {
    const n = this.items.length;
    return n ? this.items[(this.start + n - 1) % n] : undefined;
  }

  /** Replaces the newest item (a newer reading of the same moment). */
  replaceLast(item: T): void {
    const n = this.items.length;
    if (n) this.items[(this.start + n - 1) % n] = item;
    else this.items.push(item);
  }

  /** A new capacity keeps the newest items. */
  resize(capacity: number): void {
    const all = this.toArray();
    this.capacity = Math.max(1, capacity);
    this.items = all.slice(-this.capacity);
    this.start = 0;
  }

  get size(): number {
    return this.items.length;
  }
}
