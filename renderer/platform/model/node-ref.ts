// What a tree node or table row points at. Names can hold almost anything
// (quotes, spaces, unicode), so keys are JSON, never string concatenation.
export type NodeRef =
  | { kind: 'host'; host: string }
  | { kind: 'vms'; host: string }
  | { kind: 'vm'; host: string; vm: string }
  | { kind: 'disk'; host: string; vm: string; disk: string }
  | { kind: 'pools'; host: string }
  | { kind: 'pool'; host: string; pool: string }
  | { kind: 'volume'; host: string; pool: string; volume: string };

export type NodeKind = NodeRef['kind'];

export function nodeKey(ref: NodeRef): string {
  switch (ref.kind) {
    case 'host':
    case 'vms':
    case 'pools':
      return JSON.stringify([ref.kind, ref.host]);
    case 'vm':
      return JSON.stringify([ref.kind, ref.host, ref.vm]);
    case 'disk':
      return JSON.stringify([ref.kind, ref.host, ref.vm, ref.disk]);
    case 'pool':
      return JSON.stringify([ref.kind, ref.host, ref.pool]);
    case 'volume':
      return JSON.stringify([ref.kind, ref.host, ref.pool, ref.volume]);
  }
}

/** The chain of nodes above `ref`, outermost first (used to reveal a node). */
export function ancestors(ref: NodeRef): NodeRef[] {
  const host: NodeRef = { kind: 'host', host: ref.host };
  switch (ref.kind) {
    case 'host':
      return [];
    case 'vms':
    case 'pools':
      return [host];
    case 'vm':
      return [host, { kind: 'vms', host: ref.host }];
    case 'disk':
      return [host, { kind: 'vms', host: ref.host }, { kind: 'vm', host: ref.host, vm: ref.vm }];
    case 'pool':
      return [host, { kind: 'pools', host: ref.host }];
    case 'volume':
      return [host, { kind: 'pools', host: ref.host }, { kind: 'pool', host: ref.host, pool: ref.pool }];
  }
}

/** The name a person would copy for this node. */
export function nodeName(ref: NodeRef): string {
  switch (ref.kind) {
    case 'host':
    case 'vms':
    case 'pools':
      return ref.host;
    case 'vm':
      return ref.vm;
    case 'disk':
      return ref.disk;
    case 'pool':
      return ref.pool;
    case 'volume':
      return ref.volume;
  }
}

export function sameRef(a: NodeRef | null, b: NodeRef | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return nodeKey(a) === nodeKey(b);
}
