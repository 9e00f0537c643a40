// Catalog fragments (platform, shell, each feature) merged into one tree per
// language. Two fragments defining the same key is a mistake: it throws.
type Tree = { [k: string]: unknown };

export function mergeCatalogs(parts: readonly object[], path = ''): Tree {
  const out: Tree = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      const key = path ? `${path}.${k}` : k;
      const prev = out[k];
      if (prev === undefined) out[k] = v;
      else if (typeof prev === 'object' && typeof v === 'object' && prev && v) out[k] = mergeCatalogs([prev, v], key);
      else throw new Error(`Catalog key ${key} is defined twice.`);
    }
  }
  return out;
}
