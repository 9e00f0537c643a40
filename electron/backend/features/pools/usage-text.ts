// `spindle pool usage` as text: libvirt's numbers and overcommit, then what
// the back-end reports (the VG and its PVs and thin pools as tables, the
// zpool, the Ceph pool and the cluster's health), the alerts (thresholds of
// shared/core/fill-levels.ts) and what could not be read. Words come from the
// catalogs (pools.usage.*); names print as they are, control characters escaped.
import { formatBytes } from '../../../../shared/core/units.ts';
import { msg, type Text } from '../../../../shared/core/messages.ts';
import { usageAlerts, type PoolUsage } from '../../../../shared/contract/features/pools.usage.ts';
import { printable, printTable } from '../../cli/format.ts';

const pct = (n: number | null): string => (n === null ? '—' : String(Math.round(n * 100) / 100));

export function usageText(u: PoolUsage, say: (t: Text) => string): string {
  const p = printable;
  const lines: string[] = [];
  const out = (s: string): void => void lines.push(s.replace(/\n$/, ''));
  const t = (key: Parameters<typeof msg>[0], params?: Parameters<typeof msg>[1]): string => say(msg(key, params));
  out(t('pools.usage.cli.heading', { pool: p(u.pool), type: u.type, host: p(u.host), at: u.readAt }));
  out(t('pools.usage.cli.libvirt', { capacity: formatBytes(u.capacity), allocation: formatBytes(u.allocation), available: formatBytes(u.available) }));
  const o = u.overcommit;
  out(o.ratio === null ? t('pools.usage.cli.overcommitNone', { count: o.volumes, sum: formatBytes(o.sumCapacityBytes) }) : t('pools.usage.cli.overcommit', { count: o.volumes, sum: formatBytes(o.sumCapacityBytes), ratio: pct(o.ratio) }));
  if (u.lvm) {
    const { vg, thinPools } = u.lvm;
    out('');
    out(t('pools.usage.cli.vg', { vg: p(vg.name), size: formatBytes(vg.sizeBytes), free: formatBytes(vg.freeBytes), extents: vg.extents, extent: formatBytes(vg.extentBytes), freeExtents: vg.freeExtents }));
    const col = (k: 'pv' | 'size' | 'free' | 'thinPool' | 'data' | 'meta' | 'metaSize' | 'volumes' | 'virtual' | 'level'): string => t(`pools.usage.cli.col.${k}`);
    printTable(out, [col('pv'), col('size'), col('free')], vg.pvs.map((pv) => [p(pv.path), formatBytes(pv.sizeBytes), formatBytes(pv.freeBytes)]));
    out('');
    if (!thinPools.length) out(t('pools.usage.cli.noThinPools', { vg: p(vg.name) }));
    else {
      printTable(
        out,
        [col('thinPool'), col('size'), col('data'), col('meta'), col('metaSize'), col('volumes'), col('virtual'), col('level')],
        thinPools.map((tp) => [
          p(tp.name),
          formatBytes(tp.sizeBytes),
          pct(tp.dataPercent),
          pct(tp.metadataPercent),
          tp.metadataSizeBytes === null ? '—' : formatBytes(tp.metadataSizeBytes),
          String(tp.volumes),
          formatBytes(tp.virtualBytes),
          !tp.active ? t('pools.usage.cli.inactiveThin') : tp.level ? t(`pools.usage.level.${tp.level}`) : t('pools.usage.cli.ok'),
        ]),
      );
    }
  }
  if (u.zfs) {
    const z = u.zfs;
    out('');
    out(
      t('pools.usage.cli.zfs', {
        name: p(z.name),
        health: p(z.health),
        size: formatBytes(z.sizeBytes),
        allocated: formatBytes(z.allocatedBytes),
        free: formatBytes(z.freeBytes),
        capacity: pct(z.capacityPercent),
        fragmentation: z.fragmentationPercent === null ? t('pools.usage.cli.unknown') : `${pct(z.fragmentationPercent)} %`,
        dedup: z.dedupRatio === null ? t('pools.usage.cli.unknown') : `${z.dedupRatio.toFixed(2)}x`,
      }),
    );
  }
  if (u.ceph) {
    const c = u.ceph;
    out('');
    out(t('pools.usage.cli.ceph', { pool: p(c.pool), stored: formatBytes(c.storedBytes), used: formatBytes(c.usedBytes), maxAvail: formatBytes(c.maxAvailBytes), percent: pct(c.percentUsed), objects: c.objects, keyFrom: msg(`pools.usage.keyFrom.${c.keyFrom}`) }));
    out(t('pools.usage.cli.cephCluster', { status: p(c.health.status), total: formatBytes(c.cluster.totalBytes), avail: formatBytes(c.cluster.availBytes) }));
    for (const check of c.health.checks) out(t('pools.usage.cli.cephCheck', { severity: p(check.severity), code: p(check.code), summary: p(check.summary) }));
  }
  const alerts = usageAlerts(u);
  if (alerts.length) {
    out('');
    out(t('pools.usage.cli.alerts'));
    for (const a of alerts) out(t('pools.usage.cli.item', { text: say(a) }));
  }
  if (u.problems.length) {
    out('');
    out(t('pools.usage.cli.problems'));
    for (const m of u.problems) out(t('pools.usage.cli.item', { text: say(m) }));
  }
  return lines.join('\n');
}
