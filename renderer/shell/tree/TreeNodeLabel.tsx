// What one tree row shows: icon, name, a muted detail and a state marker.
import { hostLabel } from '../../platform/i18n/host-label.ts';
import { errorText } from '../../platform/i18n/msg.ts';
import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../../shared/core/units.ts';
import { Icon, type IconName } from '../../platform/components/Icon.tsx';
import { DomainStateBadge, HostStatusBadge, PoolStateBadge } from '../../platform/components/StateBadge.tsx';
import { baseName, hostAddress } from '../../platform/model/lookup.ts';
import type { TreeRow } from '../model/tree.ts';
import { NodeMarks } from '../NodeMarks.tsx';
import { PendingDisksBadge } from '../../features/disks/index.ts';

export function treeRowLabel(row: TreeRow, t: (k: string) => string): string {
  switch (row.type) {
    case 'host':
      return hostLabel(row.host.config.name, t);
    case 'vms':
      return t('tree.vms');
    case 'pools':
      return t('tree.pools');
    case 'vm':
      return row.domain.name;
    case 'disk':
      return row.disk.target;
    case 'pool':
      return row.pool.name;
    case 'volume':
      return row.volume.name;
  }
}

/** Hover text: a host's state with the reason it is not online. */
export function treeRowTitle(row: TreeRow, t: (k: string, o?: Record<string, string>) => string): string | undefined {
  if (row.type === 'host') {
    const status = t(`state.host.${row.host.status}`);
    const err = row.host.error;
    return err ? t('tree.hostTitleError', { name: hostLabel(row.host.config.name, t), status, reason: errorText(err) }) : t('tree.hostTitle', { name: hostLabel(row.host.config.name, t), status, address: hostAddress(row.host) });
  }
  if (row.type === 'disk') return row.disk.sourceLabel;
  if (row.type === 'volume') return row.volume.path;
  return undefined;
}

/** What every node's label starts with: its icon and its name; then what its kind shows (address, size, marks, state). */
function Label({ icon, iconClass = 'node-icon', name, nameClass = 'node-name', children }: { icon: IconName; iconClass?: string; name: string; nameClass?: string; children?: ReactNode }) {
  return (
    <>
      <Icon name={icon} className={iconClass} />
      <span className={nameClass}>{name}</span>
      {children}
    </>
  );
}

export const TreeNodeLabel = memo(function TreeNodeLabel({ row }: { row: TreeRow }) {
  const { t } = useTranslation();
  switch (row.type) {
    case 'host':
      return (
        <Label icon={row.host.config.kind === 'local' ? 'laptop' : 'server'} name={treeRowLabel(row, t)}>
          <span className="node-meta">{hostAddress(row.host)}</span>
          <NodeMarks nodeRef={row.ref} />
          <HostStatusBadge status={row.host.status} compact title={treeRowTitle(row, t)} />
        </Label>
      );
    case 'vms':
    case 'pools':
      return (
        <Label icon={row.type === 'vms' ? 'monitor' : 'database'} iconClass="node-icon group" name={treeRowLabel(row, t)}>
          {row.count !== null && <span className="count-pill">{row.count}</span>}
        </Label>
      );
    case 'vm':
      return (
        <Label icon="monitor" iconClass={`node-icon state-fg-${row.domain.state}`} name={row.domain.name}>
          <NodeMarks nodeRef={row.ref} />
          <PendingDisksBadge domain={row.domain} />
          <DomainStateBadge state={row.domain.state} compact />
        </Label>
      );
    case 'disk':
      return (
        <Label icon="disk" name={row.disk.target} nameClass="node-name mono">
          <span className="node-meta">{baseName(row.disk.sourceLabel)}</span>
          <NodeMarks nodeRef={row.ref} />
          <span className="node-size">{formatBytes(row.disk.capacity)}</span>
        </Label>
      );
    case 'pool':
      return (
        <Label icon="database" iconClass={row.pool.active ? 'node-icon' : 'node-icon inactive'} name={row.pool.name} nameClass={row.pool.active ? 'node-name' : 'node-name inactive'}>
          <NodeMarks nodeRef={row.ref} />
          <PoolStateBadge active={row.pool.active} compact />
        </Label>
      );
    case 'volume':
      return (
        <Label icon="file" name={row.volume.name}>
          <span className="node-size">{formatBytes(row.volume.capacity)}</span>
        </Label>
      );
  }
});
