// The table filter: all terms must match some cell text, case-insensitively.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterRows } from './filter.ts';
import type { TableSpec } from './specs.tsx';

interface R {
  name: string;
  state: string;
}
const spec: TableSpec<R> = {
  id: 'vms',
  columns: [
    { id: 'name', meta: { labelKey: 'columns.name', text: (r: R) => r.name } },
    { id: 'state', meta: { labelKey: 'columns.state', text: (r: R, t: (k: string) => string) => t(`state.${r.state}`) } },
  ],
  rowRef: (r) => ({ kind: 'vm', host: 'h', vm: r.name }),
  defaultSort: [],
  defaultHidden: [],
};
const t = (k: string) => (k === 'state.running' ? 'Running' : 'Shut off');
const rows: R[] = [
  { name: 'web1', state: 'running' },
  { name: 'db1', state: 'shutoff' },
  { name: 'web2', state: 'shutoff' },
];

test('empty query keeps every row (same array)', () => {
  assert.equal(filterRows(spec, rows, '  ', t, 'en'), rows);
});

test('terms are ANDed across columns, case-insensitive, translated text included', () => {
  assert.deepEqual(
    filterRows(spec, rows, 'WEB', t, 'en').map((r) => r.name),
    ['web1', 'web2'],
  );
  assert.deepEqual(
    filterRows(spec, rows, 'web shut', t, 'en').map((r) => r.name),
    ['web2'],
  );
  assert.deepEqual(filterRows(spec, rows, 'nothing', t, 'en'), []);
});
