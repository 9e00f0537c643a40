// A running pool's usage beyond libvirt's three numbers (pool.usage): how far
// its volumes overcommit it, and what the back-end says: the LVM volume
// group with its physical volumes and every thin pool's data and metadata
// fill, the zpool's health and fragmentation, the Ceph pool and cluster
// health. Bars and alerts follow the one fill rule (shared/core/fill-levels.ts).
import { useTranslation } from 'react-i18next';
import { usageAlerts, type PoolUsage } from '../../../shared/contract/features/pools.usage.ts';
import type { Pool } from '../../../shared/contract/models.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { useRead } from '../../platform/api/use-read.ts';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { Field, Section } from '../../platform/components/Fields.tsx';
import { PercentBar } from '../../platform/components/UsageBar.tsx';
import { formatDateTime } from '../../platform/i18n/format.ts';
import { tmsg } from '../../platform/i18n/msg.ts';
import { PoolHistoryChart } from './PoolHistoryChart.tsx';

const pct = (n: number | null): string => (n === null ? '—' : `${Math.round(n * 10) / 10} %`);

function Overcommit({ u }: { u: PoolUsage }) {
  const { t } = useTranslation();
  const { ratio, sumCapacityBytes, volumes } = u.overcommit;
  return (
    <Field labelKey="pool.usage.overcommit">
      <span data-testid="pool-overcommit" className={ratio !== null && ratio > 1 ? 'warn-text' : undefined}>
        {t('pool.usage.overcommitValue', { count: volumes, sum: formatBytes(sumCapacityBytes), capacity: formatBytes(u.capacity), ratio: ratio === null ? '—' : (Math.round(ratio * 100) / 100).toString() })}
      </span>
    </Field>
  );
}

function LvmPart({ u }: { u: PoolUsage }) {
  const { t } = useTranslation();
  if (!u.lvm) return null;
  const { vg, thinPools } = u.lvm;
  return (
    <>
      <Field labelKey="pool.usage.vg">
        <span className="mono">{vg.name}</span> · {t('pool.usage.vgValue', { size: formatBytes(vg.sizeBytes), free: formatBytes(vg.freeBytes), extent: formatBytes(vg.extentBytes) })}
      </Field>
      <Field labelKey="pool.usage.pvs">
        <span className="mono">{vg.pvs.map((p) => `${p.path} (${formatBytes(p.sizeBytes)})`).join(', ')}</span>
      </Field>
      {thinPools.length === 0 && <Field labelKey="pool.usage.thinPools" v={t('pool.usage.noThinPools')} />}
      {thinPools.map((tp) => (
        <div className="thin-pool" key={tp.name} data-thin-pool={tp.name} data-level={tp.level ?? 'ok'}>
          <Field labelKey="pool.usage.thinPool">
            <span className="mono">{tp.name}</span> · {t('pool.usage.thinValue', { size: formatBytes(tp.sizeBytes), count: tp.volumes, virtual: formatBytes(tp.virtualBytes) })}
          </Field>
          <Field labelKey="pool.usage.thinData">{tp.dataPercent === null ? t('pool.usage.inactive') : <PercentBar percent={tp.dataPercent} title={pct(tp.dataPercent)} />}</Field>
          <Field labelKey="pool.usage.thinMetadata">{tp.metadataPercent === null ? t('pool.usage.inactive') : <PercentBar percent={tp.metadataPercent} title={pct(tp.metadataPercent)} />}</Field>
        </div>
      ))}
    </>
  );
}

function ZfsPart({ u }: { u: PoolUsage }) {
  const { t } = useTranslation();
  if (!u.zfs) return null;
  const z = u.zfs;
  return (
    <>
      <Field labelKey="pool.usage.zpool">
        <span className="mono">{z.name}</span> · <span className={z.health === 'ONLINE' ? undefined : 'warn-text'}>{z.health}</span>
      </Field>
      <Field labelKey="pool.usage.zpoolFill">
        <PercentBar percent={z.capacityPercent} title={t('units.usedOf', { used: formatBytes(z.allocatedBytes), total: formatBytes(z.sizeBytes) })} />
      </Field>
      <Field labelKey="pool.usage.fragmentation" v={pct(z.fragmentationPercent)} />
    </>
  );
}

function CephPart({ u }: { u: PoolUsage }) {
  const { t } = useTranslation();
  if (!u.ceph) return null;
  const c = u.ceph;
  return (
    <>
      <Field labelKey="pool.usage.cephPool">
        <span className="mono">{c.pool}</span> · {t('pool.usage.cephValue', { stored: formatBytes(c.storedBytes), used: formatBytes(c.usedBytes), avail: formatBytes(c.maxAvailBytes), objects: c.objects })}
      </Field>
      <Field labelKey="pool.usage.cephFill">
        <PercentBar percent={c.percentUsed} />
      </Field>
      <Field labelKey="pool.usage.cephHealth">
        <span className={c.health.status === 'HEALTH_OK' ? undefined : 'warn-text'}>{c.health.status}</span>
        {c.health.checks.map((x) => (
          <div key={x.code} className="muted">
            {x.code}: {x.summary}
          </div>
        ))}
      </Field>
    </>
  );
}

export function PoolUsageSection({ host, pool }: { host: string; pool: Pool }) {
  const { t, i18n } = useTranslation();
  // Read again when libvirt's numbers change (a volume made, a refresh).
  const usage = useRead('pool.usage', { host, pool: pool.name }, pool.active ? JSON.stringify([host, pool.name, pool.allocation, pool.volumes.length]) : '');
  if (!pool.active) return null;
  const u = usage.data;
  const alerts = u ? usageAlerts(u) : [];
  return (
    <Section titleKey="pool.usage.title">
      <div className="usage-fields" data-testid="pool-usage">
        {usage.error && <ErrorCallout error={usage.error} titleKey="pool.usage.failed" />}
        {!u && !usage.error && <Field labelKey="pool.usage.title" v={t('pool.usage.reading')} />}
        {u && (
          <>
            {alerts.map((m, i) => (
              <p key={i} className="warn-text" data-testid="pool-usage-alert">
                {tmsg(m)}
              </p>
            ))}
            <Overcommit u={u} />
            <LvmPart u={u} />
            <ZfsPart u={u} />
            <CephPart u={u} />
            {u.problems.map((m, i) => (
              <p key={`p${i}`} className="muted" data-testid="pool-usage-problem">
                {tmsg(m)}
              </p>
            ))}
            <div className="muted usage-read-at">
              {t('pool.usage.readAt', { time: formatDateTime(u.readAt, i18n.language) })}{' '}
              <button type="button" className="link-btn" onClick={usage.reload}>
                {t('pool.usage.reload')}
              </button>
            </div>
            <PoolHistoryChart host={host} pool={pool.name} />
          </>
        )}
      </div>
    </Section>
  );
}
