// The VM's pending disk changes (pending.ts says what they mean): a badge
// for its tree row and a banner for its details, with "View differences".
import { useTranslation } from 'react-i18next';
import type { Domain } from '../../../shared/contract/models.ts';
import { Icon } from '../../platform/components/Icon.tsx';
import type { NodeRef } from '../../platform/model/node-ref.ts';
import { useDomain } from '../../platform/wizard/inventory-hooks.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { pendingSummary } from './pending.ts';

/** The tree row's mark: what waits for a restart, and what goes away at the next shutdown. */
export function PendingDisksBadge({ domain }: { domain: Pick<Domain, 'pendingDisks'> }) {
  const { t } = useTranslation();
  const s = pendingSummary(domain.pendingDisks);
  if (!s) return null;
  const label = s.badge.map((b) => t(b.key, { count: b.count })).join('; ');
  return (
    <span className={`pending-mark${s.waiting ? '' : ' live-only'}`} role="img" data-pending-count={s.waiting} data-live-only-count={s.liveOnly} aria-label={label} title={label}>
      <Icon name={s.waiting ? 'alert' : 'info'} size={12} />
    </span>
  );
}

/** The details banner: one line per disk, and the XML differences. */
export function PendingDisksBanner({ host, domain }: { host: string; domain: Pick<Domain, 'name' | 'pendingDisks'> }) {
  const { t } = useTranslation();
  const s = pendingSummary(domain.pendingDisks);
  if (!s) return null;
  return (
    <div className="callout pending" role="note" data-pending="disks" data-pending-count={s.waiting} data-live-only-count={s.liveOnly}>
      <Icon name={s.waiting ? 'alert' : 'info'} />
      <div className="pending-body">
        <strong>{t(s.titleKey)}</strong>
        <ul>
          {s.lines.map((l) => (
            <li key={`${l.key} ${l.target}`}>{t(l.key, { target: l.target })}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="btn small" data-action="view-diff" onClick={() => openDialog({ kind: 'xml-diff', host, vm: domain.name })}>
        <Icon name="diff" />
        {t('actions.viewDiff')}
      </button>
    </div>
  );
}

/** The badge as a node mark (UiFeature.nodeMark): for a VM node, its pending disk changes; nothing for other nodes. */
export function PendingDisksMark({ nodeRef }: { nodeRef: NodeRef }) {
  const domain = useDomain(nodeRef.host, nodeRef.kind === 'vm' ? nodeRef.vm : '');
  return nodeRef.kind === 'vm' && domain ? <PendingDisksBadge domain={domain} /> : null;
}
