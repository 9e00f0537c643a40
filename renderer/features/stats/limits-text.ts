// A disk's I/O limits as one line of text: "write 50 IOPS (burst 100), total 100 MiB/s".
import type { IoTune } from '../../../shared/contract/features/stats.ts';
import { formatRate } from './chart-data.ts';

const ROWS = [
  ['total', 'totalBytesSec', 'totalBytesSecMax', 'bps'],
  ['read', 'readBytesSec', 'readBytesSecMax', 'bps'],
  ['write', 'writeBytesSec', 'writeBytesSecMax', 'bps'],
  ['total', 'totalIopsSec', 'totalIopsSecMax', 'iops'],
  ['read', 'readIopsSec', 'readIopsSecMax', 'iops'],
  ['write', 'writeIopsSec', 'writeIopsSecMax', 'iops'],
] as const;

export function hasLimits(io: IoTune | null | undefined): boolean {
  return Boolean(io && Object.values(io).some((v) => typeof v === 'number' && v > 0));
}

export function describeLimits(io: IoTune | null | undefined, t: (k: string, o?: Record<string, string>) => string): string {
  if (!io || !hasLimits(io)) return t('iotune.none');
  const parts: string[] = [];
  for (const [who, base, max, metric] of ROWS) {
    const v = io[base] ?? 0;
    const m = io[max] ?? 0;
    if (v <= 0 && m <= 0) continue;
    const value = formatRate(v, metric);
    parts.push(m > 0 ? t('iotune.partBurst', { who: t(`iotune.who.${who}`), value, burst: formatRate(m, metric) }) : t('iotune.part', { who: t(`iotune.who.${who}`), value }));
  }
  return parts.join(t('iotune.separator'));
}
