// Natural, case-insensitive ordering ("vm2" before "vm10"), shared by the tree
// and the tables so both list things the same way.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export const compareNames = (a: string, b: string): number => collator.compare(a, b);

export function byName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareNames(a.name, b.name));
}
