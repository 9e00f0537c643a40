// Every field of the selected host, VM, disk, pool or volume (the table row
// when one is selected, else the tree node).
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostEntry } from '../../../shared/contract/api.ts';
import type { Disk, Domain, Inventory, Pool, Volume } from '../../../shared/contract/models.ts';
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
import { Bool, Field, Section, Size, Val } from './Fields.tsx';
import { formatDateTime } from '../../platform/i18n/format.ts';

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

const TAB_ICONS: Record<DetailsTab, IconName> = { properties: 'info', performance: 'activity', filesystems: 'folder' };

/** Properties, then the tabs the features contribute (Performance, Filesystems...), remembered across selections. */
function DetailsTabs({ name, node }: { name: string; node: DetailsNode }) {
  const { t } = useTranslation();
  const tab = usePrefsStore((s) => s.detailsTab);
  const setTab = usePrefsStore((s) => s.setDetailsTab);
  const tabs: { id: DetailsTab; labelKey: string }[] = [
    { id: 'properties', labelKey: 'details.tab.properties' },
    ...UI_FEATURES.flatMap((f) => f.detailsTabs ?? []).map((c) => ({ id: c.tab, labelKey: c.labelKey?.(node.kind) ?? `details.tab.${c.tab}` })),
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
  const c = UI_FEATURES.flatMap((f) => f.detailsTabs ?? []).find((x) => x.tab === tab);
  return c ? c.render(node, key) : null;
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
  const tab = usePrefsStore((s) => s.detailsTab);
  const node: DetailsNode = { kind: 'host', host: c.name, online: host.status === 'online' };
  return (
    <div className="details" data-kind="host">
      <Header icon={c.kind === 'local' ? 'laptop' : 'server'} name={c.name} kindKey="details.kind.host" badge={<HostStatusBadge status={host.status} />} alertRef={{ kind: 'host', host: c.name }} />
      {host.error && <ErrorCallout error={host.error} compact />}
      <DetailsTabs name={c.name} node={node} />
      {tab !== 'properties' ? (
        featureTab(tab, node, c.name)
      ) : (
      <div className="details-grid">
        <Section titleKey="details.connection">
          <Field labelKey="fields.connectionKind">
            <Val v={t(`hostKind.${c.kind}`)} />
          </Field>
          <Field labelKey="fields.uri" mono>
            <Val v={c.uri} />
          </Field>
          {c.kind === 'ssh' && (
            <>
              <Field labelKey="fields.address" mono>
                <Val v={c.host} />
              </Field>
              <Field labelKey="fields.port">
                <Val v={c.port} />
              </Field>
              <Field labelKey="fields.user" mono>
                <Val v={c.user} />
              </Field>
              <Field labelKey="fields.auth">
                <Val v={t(`auth.${c.auth}`)} />
              </Field>
              <Field labelKey="fields.keyPath" mono>
                <Val v={c.keyPath} />
              </Field>
            </>
          )}
          <Field labelKey="fields.sudo">
            <Bool v={c.sudo} />
          </Field>
          <Field labelKey="fields.builtIn">
            <Bool v={host.builtIn ?? false} />
          </Field>
        </Section>
        <Section titleKey="details.inventory">
          <Field labelKey="fields.reportedUri" mono>
            <Val v={inventory?.uri} />
          </Field>
          <Field labelKey="fields.loadedAt">
            <Val v={inventory ? formatDateTime(inventory.loadedAt) : undefined} />
          </Field>
          <Field labelKey="fields.duration">
            <Val v={inventory ? t('units.ms', { value: inventory.durationMs }) : undefined} />
          </Field>
          <Field labelKey="fields.vmCount">
            <Val v={inventory?.domains.length} />
          </Field>
          <Field labelKey="fields.diskCount">
            <Val v={inventory?.domains.reduce((n, d) => n + d.disks.length, 0)} />
          </Field>
          <Field labelKey="fields.poolCount">
            <Val v={inventory?.pools.length} />
          </Field>
        </Section>
      </div>
      )}
    </div>
  );
}

function DomainDetails({ host, domain: d }: { host: string; domain: Domain }) {
  const tab = usePrefsStore((s) => s.detailsTab);
  const ref: NodeRef = { kind: 'vm', host, vm: d.name };
  const node: DetailsNode = { kind: 'vm', host, domain: d, running: isRunning(d) };
  return (
    <div className="details" data-kind="vm">
      <Header icon="monitor" name={d.name} kindKey="details.kind.vm" badge={<DomainStateBadge state={d.state} />} nodeRef={ref} />
      <PendingDisksBanner host={host} domain={d} />
      <DetailsTabs name={d.name} node={node} />
      {tab !== 'properties' ? (
        featureTab(tab, node, nodeKey(ref))
      ) : (
      <div className="details-grid">
        <Section titleKey="details.general">
          <Field labelKey="fields.uuid" mono>
            <Val v={d.uuid} />
          </Field>
          <Field labelKey="fields.id">
            <Val v={d.id} />
          </Field>
          <Field labelKey="fields.domainType">
            <Val v={d.domainType} />
          </Field>
          <Field labelKey="fields.autostart">
            <Bool v={d.autostart} />
          </Field>
          <Field labelKey="fields.persistent">
            <Bool v={d.persistent} />
          </Field>
        </Section>
        <Section titleKey="details.resources">
          <Field labelKey="fields.vcpus">
            <Val v={d.vcpus} />
          </Field>
          <Field labelKey="fields.memory">
            <Size v={d.memoryKiB * 1024} />
          </Field>
          <Field labelKey="fields.currentMemory">
            <Size v={d.currentMemoryKiB === undefined ? undefined : d.currentMemoryKiB * 1024} />
          </Field>
          <Field labelKey="fields.diskCount">
            <Val v={d.disks.length} />
          </Field>
          <Field labelKey="fields.storage">
            <Size v={totalCapacity(d)} />
          </Field>
        </Section>
      </div>
      )}
    </div>
  );
}

function DiskDetails({ host, domain, disk: k }: { host: string; domain: Domain; disk: Disk }) {
  const s = k.source;
  const tab = usePrefsStore((st) => st.detailsTab);
  const ref: NodeRef = { kind: 'disk', host, vm: domain.name, disk: k.target };
  const node: DetailsNode = { kind: 'disk', host, domain, disk: k, running: isRunning(domain) };
  return (
    <div className="details" data-kind="disk">
      <Header icon="disk" name={k.target} kindKey="details.kind.disk" badge={<span className="badge neutral">{domain.name}</span>} nodeRef={ref} />
      <DetailsTabs name={k.target} node={node} />
      {tab !== 'properties' ? (
        featureTab(tab, node, nodeKey(ref))
      ) : (
      <div className="details-grid">
        <Section titleKey="details.general">
          <Field labelKey="fields.vm">
            <Val v={domain.name} />
          </Field>
          <Field labelKey="fields.target" mono>
            <Val v={k.target} />
          </Field>
          <Field labelKey="fields.device">
            <Val v={k.device} />
          </Field>
          <Field labelKey="fields.bus">
            <Val v={k.bus} />
          </Field>
          <Field labelKey="fields.alias" mono>
            <Val v={k.alias} />
          </Field>
          <Field labelKey="fields.bootOrder">
            <Val v={k.bootOrder} />
          </Field>
          <Field labelKey="fields.serial" mono>
            <Val v={k.serial} />
          </Field>
        </Section>
        <Section titleKey="details.source">
          <Field labelKey="fields.sourceLabel" mono>
            <Val v={k.sourceLabel} />
          </Field>
          <Field labelKey="fields.sourceType">
            <Val v={s.type} />
          </Field>
          {s.file !== undefined && (
            <Field labelKey="fields.sourceFile" mono>
              <Val v={s.file} />
            </Field>
          )}
          {s.dev !== undefined && (
            <Field labelKey="fields.sourceDev" mono>
              <Val v={s.dev} />
            </Field>
          )}
          {s.dir !== undefined && (
            <Field labelKey="fields.sourceDir" mono>
              <Val v={s.dir} />
            </Field>
          )}
          {s.pool !== undefined && (
            <Field labelKey="fields.sourcePool">
              <Val v={s.pool} />
            </Field>
          )}
          {s.volume !== undefined && (
            <Field labelKey="fields.sourceVolume">
              <Val v={s.volume} />
            </Field>
          )}
          {s.protocol !== undefined && (
            <Field labelKey="fields.sourceProtocol">
              <Val v={s.protocol} />
            </Field>
          )}
          {s.name !== undefined && (
            <Field labelKey="fields.sourceName" mono>
              <Val v={s.name} />
            </Field>
          )}
          {s.hosts !== undefined && (
            <Field labelKey="fields.sourceHosts" mono>
              <Val v={s.hosts.map((h) => (h.port ? `${h.name ?? ''}:${h.port}` : (h.name ?? ''))).join(', ')} />
            </Field>
          )}
        </Section>
        <Section titleKey="details.driver">
          <Field labelKey="fields.driverName">
            <Val v={k.driverName} />
          </Field>
          <Field labelKey="fields.format">
            <Val v={k.format} />
          </Field>
          <Field labelKey="fields.cache">
            <Val v={k.cache} />
          </Field>
          <Field labelKey="fields.io">
            <Val v={k.io} />
          </Field>
          <Field labelKey="fields.discard">
            <Val v={k.discard} />
          </Field>
          <Field labelKey="fields.detectZeroes">
            <Val v={k.detectZeroes} />
          </Field>
          <Field labelKey="fields.readonly">
            <Bool v={k.readonly} />
          </Field>
          <Field labelKey="fields.shareable">
            <Bool v={k.shareable} />
          </Field>
        </Section>
        <Section titleKey="details.size">
          <Field labelKey="fields.capacity">
            <Size v={k.capacity} />
          </Field>
          <Field labelKey="fields.allocation">
            <Size v={k.allocation} />
          </Field>
          <Field labelKey="fields.physical">
            <Size v={k.physical} />
          </Field>
        </Section>
        <PropertySections node={node} />
      </div>
      )}
    </div>
  );
}

function PoolDetails({ host, pool: p }: { host: string; pool: Pool }) {
  return (
    <div className="details" data-kind="pool">
      <Header icon="database" name={p.name} kindKey="details.kind.pool" badge={<PoolStateBadge active={p.active} />} nodeRef={{ kind: 'pool', host, pool: p.name }} />
      <div className="details-grid">
        <Section titleKey="details.general">
          <Field labelKey="fields.uuid" mono>
            <Val v={p.uuid} />
          </Field>
          <Field labelKey="fields.poolType">
            <Val v={p.type} />
          </Field>
          <Field labelKey="fields.autostart">
            <Bool v={p.autostart} />
          </Field>
          <Field labelKey="fields.targetPath" mono>
            <Val v={p.targetPath} />
          </Field>
          <Field labelKey="fields.poolSource" mono>
            <Val v={p.sourceDescription} />
          </Field>
          <Field labelKey="fields.volumeCount">
            <Val v={p.volumes.length} />
          </Field>
        </Section>
        <Section titleKey="details.size">
          <Field labelKey="fields.capacity">
            <Size v={p.capacity} />
          </Field>
          <Field labelKey="fields.allocation">
            <Size v={p.allocation} />
          </Field>
          <Field labelKey="fields.available">
            <Size v={p.available} />
          </Field>
          <Field labelKey="fields.usage">
            <UsageBar used={p.allocation} total={p.capacity} />
          </Field>
        </Section>
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
          <Field labelKey="fields.pool">
            <Val v={v.pool} />
          </Field>
          <Field labelKey="fields.path" mono>
            <Val v={v.path} />
          </Field>
          <Field labelKey="fields.key" mono>
            <Val v={v.key} />
          </Field>
          <Field labelKey="fields.volumeType">
            <Val v={v.type} />
          </Field>
          <Field labelKey="fields.format">
            <Val v={v.format} />
          </Field>
        </Section>
        <Section titleKey="details.size">
          <Field labelKey="fields.capacity">
            <Size v={v.capacity} />
          </Field>
          <Field labelKey="fields.allocation">
            <Size v={v.allocation} />
          </Field>
          <Field labelKey="fields.physical">
            <Size v={v.physical} />
          </Field>
        </Section>
        <PropertySections node={{ kind: 'volume', host, volume: v }} />
      </div>
    </div>
  );
}
