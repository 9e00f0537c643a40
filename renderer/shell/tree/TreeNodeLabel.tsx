// What one tree row shows: icon, name, a muted detail and a state marker.
import { errorText } from '../../platform/i18n/msg.ts';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../../shared/core/units.ts';
import { Icon } from '../../platform/components/Icon.tsx';
import { DomainStateBadge, HostStatusBadge, PoolStateBadge } from '../../platform/components/StateBadge.tsx';
import { baseName, hostAddress } from '../../platform/model/lookup.ts';
import type { TreeRow } from '../model/tree.ts';
import { NodeMarks } from '../NodeMarks.tsx';
import { PendingDisksBadge } from '../../features/disks/index.ts';

export function treeRowLabel(row: TreeRow, t: (k: string) => string): string {
  switch (row.type) {
    case 'host':
      return row.host.config.name;
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
    return err ? t('tree.hostTitleError', { name: row.host.config.name, status, reason: errorText(err) }) : t('tree.hostTitle', { name: row.host.config.name, status, address: hostAddress(row.host) });
  }
  if (row.type === 'disk') return row.disk.sourceLabel;
  if (row.type === 'volume') return row.volume.path;
  return undefined;
}

export const TreeNodeLabel = memo(function TreeNodeLabel({ row }: { row: TreeRow }) {
  const { t } = useTranslation();
  switch (row.type) {
    case 'host': {
      const local = row.host.config.kind === 'local';
      return (
        <>
          <Icon name={local ? 'laptop' : 'server'} className="node-icon" />
          <span className="node-name">{row.host.config.name}</span>
          <span className="node-meta">{hostAddress(row.host)}</span>
          <NodeMarks nodeRef={row.ref} />
          <HostStatusBadge status={row.host.status} compact title={treeRowTitle(row, t)} />
        </>
      );
    }
    case 'vms':
    case 'pools':
      return (
        <>
          <Icon name={row.type === 'vms' ? 'monitor' : 'database'} className="node-icon group" />
          <span className="node-name">{treeRowLabel(row, t)}</span>
          {row.count !== null && <span className="count-pill">{row.count}</span>}
        </>
      );
    case 'vm': {
      return (
        <>
          <Icon name="monitor" className={`node-icon state-fg-${row.domain.state}`} />
          <span className="node-name">{row.domain.name}</span>
          <NodeMarks nodeRef={row.ref} />
          <PendingDisksBadge domain={row.domain} />
          <DomainStateBadge state={row.domain.state} compact />
        </>
      );
    }
    case 'disk':
      return (
        <>
          <Icon name="disk" className="node-icon" />
          <span className="node-name mono">{row.disk.target}</span>
          <span className="node-meta">{baseName(row.disk.sourceLabel)}</span>
          <NodeMarks nodeRef={row.ref} />
          <span className="node-size">{formatBytes(row.disk.capacity)}</span>
        </>
      );
    case 'pool':
      return (
        <>
          <Icon name="database" className={row.pool.active ? 'node-icon' : 'node-icon inactive'} />
          <span className={row.pool.active ? 'node-name' : 'node-name inactive'}>{row.pool.name}</span>
          <NodeMarks nodeRef={row.ref} />
          <PoolStateBadge active={row.pool.active} compact />
        </>
      );
    case 'volume':
      return (
        <>
          <Icon name="file" className="node-icon" />
          <span className="node-name">{row.volume.name}</span>
          <span className="node-size">{formatBytes(row.volume.capacity)}</span>
        </>
      );
  }
});
