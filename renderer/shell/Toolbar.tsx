// The top bar: product name, the main actions for the selected host, language.
import { useTranslation } from 'react-i18next';
import { Icon } from '../platform/components/Icon.tsx';
import { connectHost, refreshHost } from '../platform/store/actions.ts';
import { useDialogStore } from '../platform/store/dialogs.ts';
import { useInventoryStore } from '../platform/store/inventory.ts';
import { useSelectionStore } from '../platform/store/selection.ts';
import { useHostsStore } from '../platform/store/hosts.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { storageActions } from './storage-actions.ts';
import { nodeName } from '../platform/model/node-ref.ts';

export function Toolbar() {
  const { t } = useTranslation();
  const host = useSelectionStore((s) => s.selected?.host ?? null);
  const loading = useInventoryStore((s) => (host ? (s.byHost[host]?.loading ?? false) : false));
  const openDialog = useDialogStore((s) => s.open);
  return (
    <header className="toolbar">
      <div className="brand">
        <Icon name="spindle" size={20} className="brand-icon" />
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <div className="toolbar-actions" role="toolbar" aria-label={t('toolbar.label')}>
        <button type="button" className="btn primary" onClick={() => openDialog({ kind: 'add-host' })}>
          <Icon name="plus" />
          {t('toolbar.addHost')}
        </button>
        <button type="button" className="btn" disabled={!host} onClick={() => host && void connectHost(host)} title={host ? t('toolbar.connectTitle', { host }) : undefined}>
          <Icon name="plug" />
          {t('menu.connect')}
        </button>
        <button type="button" className="btn" disabled={!host || loading} onClick={() => host && void refreshHost(host)} title={host ? t('toolbar.refreshTitle', { host }) : undefined}>
          <Icon name="refresh" className={loading ? 'spin' : undefined} />
          {t('menu.refresh')}
        </button>
        <StorageButtons />
      </div>
      <span className="spacer" />
      <LanguageSwitch />
    </header>
  );
}

/** The storage workflows of the selected row or node (new volume, attach, resize, detach...). */
function StorageButtons() {
  const { t } = useTranslation();
  const ref = useSelectionStore((s) => s.row ?? s.selected);
  // Re-render when what the actions depend on changes.
  useHostsStore((s) => s.hosts);
  useInventoryStore((s) => (ref ? s.byHost[ref.host] : undefined));
  const actions = ref ? storageActions(ref).filter((a) => !a.menuOnly) : [];
  if (!ref || actions.length === 0) return null;
  return (
    <div className="storage-actions" role="group" aria-label={t('toolbar.storageLabel')}>
      <span className="toolbar-divider" aria-hidden="true" />
      {actions.map((a) => (
        <button key={a.id} type="button" className="btn" disabled={a.disabled} data-action={a.id} title={t('toolbar.actionOn', { action: t(a.labelKey), name: nodeName(ref) })} onClick={a.run}>
          <Icon name={a.icon} />
          {t(a.labelKey)}
        </button>
      ))}
    </div>
  );
}
