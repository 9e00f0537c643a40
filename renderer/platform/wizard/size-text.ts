// A size as a person would type it back: 64M, 2G, 1536M (exact when possible).
const UNITS: [string, number][] = [
  ['T', 1024 ** 4],
  ['G', 1024 ** 3],
  ['M', 1024 ** 2],
  ['K', 1024],
];

export function sizeText(bytes: number): string {
  for (const [u, f] of UNITS) if (bytes >= f && bytes % f === 0) return `${bytes / f}${u}`;
  for (const [u, f] of UNITS) if (bytes >= f) return `${Math.ceil(bytes / f)}${u}`;
  return String(bytes);
}
