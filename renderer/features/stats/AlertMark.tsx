// The worst active alert on a tree node (VM, disk, pool, host): a small
// coloured bell with the level as its accessible name, or a badge with text.
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../platform/components/Icon.tsx';
import type { NodeRef } from '../../platform/model/node-ref.ts';
import { useAlertLevel } from './store-alerts.ts';

export const AlertMark = memo(function AlertMark({ nodeRef, withLabel = false }: { nodeRef: NodeRef; withLabel?: boolean }) {
  const { t } = useTranslation();
  const level = useAlertLevel(nodeRef);
  if (!level) return null;
  const label = t('alerts.markTitle', { level: t(`alerts.level.${level}`) });
  if (withLabel) {
    return (
      <span className={`badge alert-badge level-${level}`} data-alert-level={level} title={label}>
        <Icon name="bell" size={12} />
        {t(`alerts.level.${level}`)}
      </span>
    );
  }
  return (
    <span className={`alert-mark level-${level}`} role="img" data-alert-level={level} aria-label={label} title={label}>
      <Icon name="bell" size={12} />
    </span>
  );
});
