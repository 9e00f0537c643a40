// Every field of the selected host, VM, disk, pool or volume (the table row
// when one is selected, else the tree node).
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostEntry } from '../../../shared/contract/api.ts';
import type { Disk, DiskSource, Domain, Inventory, Pool, Volume } from '../../../shared/contract/models.ts';
import { EmptyState } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { Icon, type IconName } from '../../platform/components/Icon.tsx';
import { DomainStateBadge, HostStatusBadge, PoolStateBadge } from '../../platform/components/StateBadge.tsx';
import { resolveRef } from '../../platform/model/lookup.ts';
import type { NodeRef } from '../../platform/model/node-ref.ts';
import { copyText } from '../../platform/store/actions.ts';
import { useHostsStore } from '../../platform/store/hosts.ts';
import { useInventoryStore } from '../../platform/store/inventory.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { UsageBar } from '../table/cells.tsx';
import { totalCapacity } from '../table/rows.ts';
import { storageActions } from '../storage-actions.ts';
import { isRunning } from '../../platform/wizard/inventory-hooks.ts';
import { usePrefsStore, type DetailsTab } from '../../platform/store/prefs.ts';
import { nodeKey } from '../../platform/model/node-ref.ts';
import type { DetailsNode } from '../../platform/contributions.ts';
import { UI_FEATURES } from '../../features/index.ts';
import { NodeMarks } from '../NodeMarks.tsx';
import { PendingDisksBanner } from '../../features/disks/index.ts';
import { Field, Section } from '../../platform/components/Fields.tsx';
import { formatDateTime } from '../../platform/i18n/format.ts';
import { hostLabel } from '../../platform/i18n/host-label.ts';

export function DetailsPanel() {
  const { t } = useTranslation();
  const ref = useSelectionStore((s) => s.row ?? s.selected);
  const hosts = useHostsStore((s) => s.hosts);
  const byHost = useInventoryStore((s) => s.byHost);
  const resolved = ref ? resolveRef(ref, hosts, byHost) : null;
  if (!resolved) return <EmptyState icon="info" title={t('details.nothing')} />;
  switch (resolved.kind) {
    case 'host':
      return <HostDetails host={resolved.host} inventory={resolved.inventory} />;
    case 'vm':
      return <DomainDetails host={resolved.host.config.name} domain={resolved.domain} />;
    case 'disk':
      return <DiskDetails host={resolved.host.config.name} domain={resolved.domain} disk={resolved.disk} />;
    case 'pool':
      return <PoolDetails host={resolved.host.config.name} pool={resolved.pool} />;
    case 'volume':
      return <VolumeDetails host={resolved.host.config.name} volume={resolved.volume} />;
  }
}

/** Buttons for the node's storage workflows (attach, resize, detach, new volume...). */
function Actions({ nodeRef }: { nodeRef: NodeRef }) {
  const { t } = useTranslation();
  const actions = storageActions(nodeRef).filter((a) => a.id !== 'view-diff');
  if (actions.length === 0) return null;
  return (
    <div className="details-actions" role="group" aria-label={t('details.actions')}>
      {actions.map((a) => (
        <button key={a.id} type="button" className={a.danger ? 'btn small danger-outline' : 'btn small'} disabled={a.disabled} data-action={a.id} onClick={a.run}>
          <Icon name={a.icon} />
          {t(a.labelKey)}
        </button>
      ))}
    </div>
  );
}

function Header({ icon, name, kindKey, badge, nodeRef, alertRef }: { icon: IconName; name: string; kindKey: string; badge?: ReactNode; nodeRef?: NodeRef; alertRef?: NodeRef }) {
  const { t } = useTranslation();
  return (
    <header className="details-header">
      <Icon name={icon} size={20} className="details-icon" />
      <div className="details-titles">
        <h2 className="details-name">{name}</h2>
        <span className="details-kind">{t(kindKey)}</span>
      </div>
      {badge}
      {(alertRef ?? nodeRef) && <NodeMarks nodeRef={(alertRef ?? nodeRef) as NodeRef} withLabel />}
      {nodeRef && <Actions nodeRef={nodeRef} />}
      <button type="button" className="icon-btn" title={t('menu.copyName')} aria-label={t('menu.copyName')} onClick={() => void copyText(name)}>
        <Icon name="copy" />
      </button>
    </header>
  );
}

const TAB_ICONS: Record<DetailsTab, IconName> = { properties: 'info', performance: 'activity', filesystems: 'folder', snapshots: 'layers' };

/** The features' tabs offered for this kind of node. */
const tabsFor = (node: DetailsNode) => UI_FEATURES.flatMap((f) => f.detailsTabs ?? []).filter((c) => !c.kinds || c.kinds.includes(node.kind));

/** Properties, then the tabs the features contribute (Performance, Filesystems...), remembered across selections. */
function DetailsTabs({ name, node, active }: { name: string; node: DetailsNode; active: DetailsTab }) {
  const { t } = useTranslation();
  const tab = active;
  const setTab = usePrefsStore((s) => s.setDetailsTab);
  const tabs: { id: DetailsTab; labelKey: string }[] = [
    { id: 'properties', labelKey: 'details.tab.properties' },
    ...tabsFor(node).map((c) => ({ id: c.tab, labelKey: c.labelKey?.(node.kind) ?? `details.tab.${c.tab}` })),
  ];
  return (
    <div className="details-tabs" role="tablist" aria-label={t('details.tabsOf', { name })}>
      {tabs.map(({ id, labelKey }) => (
        <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'tab active' : 'tab'} data-details-tab={id} onClick={() => setTab(id)}>
          <Icon name={TAB_ICONS[id]} size={14} />
          {t(labelKey)}
        </button>
      ))}
    </div>
  );
}

/** The content a feature gives for a tab other than Properties. */
function featureTab(tab: DetailsTab, node: DetailsNode, key: string): ReactNode {
  const c = tabsFor(node).find((x) => x.tab === tab);
  return c ? c.render(node, key) : null;
}

/** The tabs, then the one chosen: Properties (the children, in the details grid) or a feature's tab. */
function TabbedDetails({ name, node, tabKey, children }: { name: string; node: DetailsNode; tabKey: string; children: ReactNode }) {
  const chosen = usePrefsStore((s) => s.detailsTab);
  // A tab this kind of node does not offer (Snapshots, remembered from a VM, on a host) shows Properties.
  const tab = chosen === 'properties' || tabsFor(node).some((c) => c.tab === chosen) ? chosen : 'properties';
  return (
    <>
      <DetailsTabs name={name} node={node} active={tab} />
      {tab !== 'properties' ? featureTab(tab, node, tabKey) : <div className="details-grid">{children}</div>}
    </>
  );
}

/** The features' sections of a node's Properties (I/O limits, backing chain...), in their order. */
function PropertySections({ node }: { node: DetailsNode }) {
  const sections = UI_FEATURES.flatMap((f) => f.propertySections ?? []).sort((a, b) => a.order - b.order);
  return (
    <>
      {sections.map((x, i) => (
        <Fragment key={i}>{x.render(node)}</Fragment>
      ))}
    </>
  );
}

function HostDetails({ host, inventory }: { host: HostEntry; inventory: Inventory | null }) {
  const { t } = useTranslation();
  const c = host.config;
  const node: DetailsNode = { kind: 'host', host: c.name, online: host.status === 'online' };
  return (
    <div className="details" data-kind="host">
      <Header icon={c.kind === 'local' ? 'laptop' : 'server'} name={hostLabel(c.name, t)} kindKey="details.kind.host" badge={<HostStatusBadge status={host.status} />} alertRef={{ kind: 'host', host: c.name }} />
      {host.error && <ErrorCallout error={host.error} compact />}
      <TabbedDetails name={c.name} node={node} tabKey={c.name}>
        <Section titleKey="details.connection">
          <Field labelKey="fields.connectionKind" v={t(`hostKind.${c.kind}`)} />
          <Field labelKey="fields.uri" mono v={c.uri} />
          {c.kind === 'ssh' && (
            <>
              <Field labelKey="fields.address" mono v={c.host} />
              <Field labelKey="fields.port" v={c.port} />
              <Field labelKey="fields.user" mono v={c.user} />
              <Field labelKey="fields.auth" v={t(`auth.${c.auth}`)} />
              <Field labelKey="fields.keyPath" mono v={c.keyPath} />
            </>
          )}
          <Field labelKey="fields.sudo" bool={c.sudo} />
          <Field labelKey="fields.builtIn" bool={host.builtIn ?? false} />
        </Section>
        <Section titleKey="details.inventory">
          <Field labelKey="fields.reportedUri" mono v={inventory?.uri} />
          <Field labelKey="fields.loadedAt" v={inventory ? formatDateTime(inventory.loadedAt) : undefined} />
          <Field labelKey="fields.duration" v={inventory ? t('units.ms', { value: inventory.durationMs }) : undefined} />
          <Field labelKey="fields.vmCount" v={inventory?.domains.length} />
          <Field labelKey="fields.diskCount" v={inventory?.domains.reduce((n, d) => n + d.disks.length, 0)} />
          <Field labelKey="fields.poolCount" v={inventory?.pools.length} />
        </Section>
      </TabbedDetails>
    </div>
  );
}

function DomainDetails({ host, domain: d }: { host: string; domain: Domain }) {
  const ref: NodeRef = { kind: 'vm', host, vm: d.name };
  const node: DetailsNode = { kind: 'vm', host, domain: d, running: isRunning(d) };
  return (
    <div className="details" data-kind="vm">
      <Header icon="monitor" name={d.name} kindKey="details.kind.vm" badge={<DomainStateBadge state={d.state} />} nodeRef={ref} />
      <PendingDisksBanner host={host} domain={d} />
      <TabbedDetails name={d.name} node={node} tabKey={nodeKey(ref)}>
        <Section titleKey="details.general">
          <Field labelKey="fields.uuid" mono v={d.uuid} />
          <Field labelKey="fields.id" v={d.id} />
          <Field labelKey="fields.domainType" v={d.domainType} />
          <Field labelKey="fields.autostart" bool={d.autostart} />
          <Field labelKey="fields.persistent" bool={d.persistent} />
        </Section>
        <Section titleKey="details.resources">
          <Field labelKey="fields.vcpus" v={d.vcpus} />
          <Field labelKey="fields.memory" size={d.memoryKiB * 1024} />
          <Field labelKey="fields.currentMemory" size={d.currentMemoryKiB === undefined ? undefined : d.currentMemoryKiB * 1024} />
          <Field labelKey="fields.diskCount" v={d.disks.length} />
          <Field labelKey="fields.storage" size={totalCapacity(d)} />
        </Section>
      </TabbedDetails>
    </div>
  );
}

/** The optional parts of a disk's source, in the order shown: [field, label, monospace]. */
const SOURCE_FIELDS = [
  ['file', 'fields.sourceFile', true],
  ['dev', 'fields.sourceDev', true],
  ['dir', 'fields.sourceDir', true],
  ['pool', 'fields.sourcePool', false],
  ['volume', 'fields.sourceVolume', false],
  ['protocol', 'fields.sourceProtocol', false],
  ['name', 'fields.sourceName', true],
] as const satisfies readonly (readonly [keyof DiskSource, string, boolean])[];

/** Size of a disk or a volume: virtual size, what is allocated, what the file takes. */
function SizeSection({ of }: { of: { capacity?: number | undefined; allocation?: number | undefined; physical?: number | undefined } }) {
  return (
    <Section titleKey="details.size">
      <Field labelKey="fields.capacity" size={of.capacity} />
      <Field labelKey="fields.allocation" size={of.allocation} />
      <Field labelKey="fields.physical" size={of.physical} />
    </Section>
  );
}

function DiskDetails({ host, domain, disk: k }: { host: string; domain: Domain; disk: Disk }) {
  const s = k.source;
  const ref: NodeRef = { kind: 'disk', host, vm: domain.name, disk: k.target };
  const node: DetailsNode = { kind: 'disk', host, domain, disk: k, running: isRunning(domain) };
  return (
    <div className="details" data-kind="disk">
      <Header icon="disk" name={k.target} kindKey="details.kind.disk" badge={<span className="badge neutral">{domain.name}</span>} nodeRef={ref} />
      <TabbedDetails name={k.target} node={node} tabKey={nodeKey(ref)}>
        <Section titleKey="details.general">
          <Field labelKey="fields.vm" v={domain.name} />
          <Field labelKey="fields.target" mono v={k.target} />
          <Field labelKey="fields.device" v={k.device} />
          <Field labelKey="fields.bus" v={k.bus} />
          <Field labelKey="fields.alias" mono v={k.alias} />
          <Field labelKey="fields.bootOrder" v={k.bootOrder} />
          <Field labelKey="fields.serial" mono v={k.serial} />
        </Section>
        <Section titleKey="details.source">
          <Field labelKey="fields.sourceLabel" mono v={k.sourceLabel} />
          <Field labelKey="fields.sourceType" v={s.type} />
          {SOURCE_FIELDS.map(([key, labelKey, mono]) => s[key] !== undefined && <Field key={key} labelKey={labelKey} mono={mono} v={s[key]} />)}
          {s.hosts !== undefined && (
            <Field labelKey="fields.sourceHosts" mono v={s.hosts.map((h) => (h.port ? `${h.name ?? ''}:${h.port}` : (h.name ?? ''))).join(', ')} />
          )}
        </Section>
        <Section titleKey="details.driver">
          <Field labelKey="fields.driverName" v={k.driverName} />
          <Field labelKey="fields.format" v={k.format} />
          <Field labelKey="fields.cache" v={k.cache} />
          <Field labelKey="fields.io" v={k.io} />
          <Field labelKey="fields.discard" v={k.discard} />
          <Field labelKey="fields.detectZeroes" v={k.detectZeroes} />
          <Field labelKey="fields.readonly" bool={k.readonly} />
          <Field labelKey="fields.shareable" bool={k.shareable} />
        </Section>
        <SizeSection of={k} />
        <PropertySections node={node} />
      </TabbedDetails>
    </div>
  );
}

function PoolDetails({ host, pool: p }: { host: string; pool: Pool }) {
  return (
    <div className="details" data-kind="pool">
      <Header icon="database" name={p.name} kindKey="details.kind.pool" badge={<PoolStateBadge active={p.active} />} nodeRef={{ kind: 'pool', host, pool: p.name }} />
      <div className="details-grid">
        <Section titleKey="details.general">
          <Field labelKey="fields.uuid" mono v={p.uuid} />
          <Field labelKey="fields.poolType" v={p.type} />
          <Field labelKey="fields.autostart" bool={p.autostart} />
          <Field labelKey="fields.targetPath" mono v={p.targetPath} />
          <Field labelKey="fields.poolSource" mono v={p.sourceDescription} />
          <Field labelKey="fields.volumeCount" v={p.volumes.length} />
        </Section>
        <Section titleKey="details.size">
          <Field labelKey="fields.capacity" size={p.capacity} />
          <Field labelKey="fields.allocation" size={p.allocation} />
          <Field labelKey="fields.available" size={p.available} />
          <Field labelKey="fields.usage">
            <UsageBar used={p.allocation} total={p.capacity} />
          </Field>
        </Section>
        <PropertySections node={{ kind: 'pool', host, pool: p }} />
      </div>
    </div>
  );
}

function VolumeDetails({ host, volume: v }: { host: string; volume: Volume }) {
  return (
    <div className="details" data-kind="volume">
      <Header icon="file" name={v.name} kindKey="details.kind.volume" badge={<span className="badge neutral">{v.pool}</span>} />
      <div className="details-grid">
        <Section titleKey="details.general">
          <Field labelKey="fields.pool" v={v.pool} />
          <Field labelKey="fields.path" mono v={v.path} />
          <Field labelKey="fields.key" mono v={v.key} />
          <Field labelKey="fields.volumeType" v={v.type} />
          <Field labelKey="fields.format" v={v.format} />
        </Section>
        <SizeSection of={v} />
        <PropertySections node={{ kind: 'volume', host, volume: v }} />
      </div>
    </div>
  );
}
