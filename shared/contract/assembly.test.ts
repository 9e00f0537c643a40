// The API and the operations are assembled from the core and one line per
// feature: the type checker holds each feature's names to its methods, but a
// name two features both claim would pass it (a spread keeps the last one).
// This catches that, for methods and operation kinds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API, API_METHODS } from './api.ts';
import { API_METHOD_NAMES } from './api-names.ts';
import { OperationSchema } from './ops.ts';

const dups = (xs: readonly string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

test('every method name once, and the names are exactly the methods', () => {
  assert.deepEqual(dups(API_METHOD_NAMES), []);
  assert.deepEqual([...API_METHOD_NAMES].sort(), [...API_METHODS].sort());
  for (const m of API_METHODS) assert.ok(API[m].params && API[m].result, m);
});

test('every operation kind once', () => {
  const kinds = OperationSchema.options.map((o) => o.shape.kind.value);
  assert.deepEqual(dups(kinds), []);
  // A duplicate kind would only throw at the first parse: parse one.
  assert.equal(OperationSchema.safeParse({ kind: 'nope', host: 'h', request: {} }).success, false);
});
