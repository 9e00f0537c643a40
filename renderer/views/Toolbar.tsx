// The top bar: product name, the main actions for the selected host, language.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import { connectHost, refreshHost } from '../store/actions.ts';
import { useDialogStore } from '../store/dialogs.ts';
import { useInventoryStore } from '../store/inventory.ts';
import { useSelectionStore } from '../store/selection.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

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
      </div>
      <span className="spacer" />
      <LanguageSwitch />
    </header>
  );
}
