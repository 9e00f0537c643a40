// The table's search box. Escape clears it.
import { useTranslation } from 'react-i18next';
import { Icon } from '../../platform/components/Icon.tsx';

export function FilterBox({ value, onChange }: { value: string; onChange(v: string): void }) {
  const { t } = useTranslation();
  return (
    <div className="filter-box">
      <Icon name="search" className="filter-icon" />
      <input
        type="search"
        value={value}
        placeholder={t('table.filterPlaceholder')}
        aria-label={t('table.filterLabel')}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.stopPropagation();
            onChange('');
          }
        }}
      />
      {value && (
        <button type="button" className="icon-btn" aria-label={t('table.clearFilter')} title={t('table.clearFilter')} onClick={() => onChange('')}>
          <Icon name="close" size={12} />
        </button>
      )}
    </div>
  );
}
