// A small table's column headings, from catalog keys: numeric columns are
// right-aligned, and a last heading, read by screen readers only, names the
// column of row buttons.
import { useTranslation } from 'react-i18next';

export type HeadColumn = string | { key: string; num: true };

export function TableHead({ columns, actionsKey }: { columns: readonly HeadColumn[]; actionsKey?: string }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        {columns.map((c) => {
          const key = typeof c === 'string' ? c : c.key;
          return (
            <th key={key} scope="col" className={typeof c === 'string' ? undefined : 'num'}>
              {t(key)}
            </th>
          );
        })}
        {actionsKey && (
          <th scope="col">
            <span className="sr-only">{t(actionsKey)}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
