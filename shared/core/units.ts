// Size units: libvirt reports sizes with a unit attribute; people read them in
// binary units (GiB, not bytes).
const UNIT_FACTORS: Record<string, number> = {
  b: 1,
  byte: 1,
  bytes: 1,
  k: 1024,
  kib: 1024,
  kb: 1000,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1000 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
  tb: 1000 ** 4,
  p: 1024 ** 5,
  pib: 1024 ** 5,
  pb: 1000 ** 5,
  e: 1024 ** 6,
  eib: 1024 ** 6,
  eb: 1000 ** 6,
};

/** Converts a libvirt (value, unit) pair to bytes; libvirt's default unit is bytes. */
export function toBytes(value: string | number, unit: string | undefined = 'bytes'): number {
  const n = typeof value === 'number' ? value : Number(value.trim());
  const f = UNIT_FACTORS[unit.toLowerCase()];
  if (!Number.isFinite(n) || f === undefined) return NaN;
  return n * f;
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** 1536 -> "1.5 KiB"; three significant digits, binary units. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 0) return `-${formatBytes(-bytes)}`;
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < BINARY.length - 1) {
    v /= 1024;
    i += 1;
  }
  const digits = i === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${BINARY[i]}`;
}

/**
 * Parses a size typed by a person: "10G", "512 MiB", "1.5TB", "4096" (bytes).
 * Single letters and IEC units are binary (G = GiB), SI units decimal (GB).
 * Returns NaN for anything else.
 */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return NaN;
  const unit = (m[2] ?? '') || 'b';
  const bytes = toBytes(m[1] ?? '', unit);
  return Number.isFinite(bytes) ? Math.round(bytes) : NaN;
}
