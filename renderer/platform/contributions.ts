// What a UI feature gives the shell: its dialogs, the actions it offers on a
// node (context menus, toolbar, details header), its details tabs and
// property sections, a mark beside a node's name, and its reactions to
// backend events. The shell renders only what the registry
// (renderer/features/index.ts) collects; it never imports a feature's insides.
import type { ComponentType, ReactNode } from 'react';
import type { Disk, Domain, Pool, Volume } from '../../shared/contract/models.ts';
import type { Job } from '../../shared/contract/ops.ts';
import type { ApiEventMessage, SpindleClient } from './api/client.ts';
import type { IconName } from './components/Icon.tsx';
import type { Resolved } from './model/lookup.ts';
import type { NodeRef } from './model/node-ref.ts';
import type { DialogKind, DialogParams } from './store/dialogs.ts';
import type { DetailsTab } from './store/prefs.ts';

export type DialogRenderers<K extends DialogKind> = { [P in K]: (params: DialogParams[P], close: () => void) => ReactNode };

export interface NodeAction {
  id: string;
  labelKey: string;
  icon: IconName;
  /** Where it stands among all features' actions (lower first). */
  order: number;
  danger?: boolean;
  disabled?: boolean;
  /** Left out of the toolbar (menus and the details panel only). */
  menuOnly?: boolean;
  run(): void;
}

/** The node a details tab or section is shown for. */
export type DetailsNode =
  | { kind: 'host'; host: string; online: boolean }
  | { kind: 'vm'; host: string; domain: Domain; running: boolean }
  | { kind: 'disk'; host: string; domain: Domain; disk: Disk; running: boolean }
  | { kind: 'pool'; host: string; pool: Pool }
  | { kind: 'volume'; host: string; volume: Volume };

export interface DetailsTabContribution {
  tab: Exclude<DetailsTab, 'properties'>;
  /** The kinds of node it is offered for (default: every node that has tabs). */
  kinds?: readonly DetailsNode['kind'][];
  /** The tab's label for this kind of node (default details.tab.<tab>). */
  labelKey?(kind: DetailsNode['kind']): string;
  /** The tab's content; `key` is unique per node (remounts it when the node changes). */
  render(node: DetailsNode, key: string): ReactNode;
}

export interface PropertySection {
  order: number;
  /** A section of the Properties tab, or null when it has nothing for this node. */
  render(node: DetailsNode): ReactNode;
}

export interface UiFeature<K extends DialogKind = never> {
  id: string;
  dialogs: DialogRenderers<K>;
  actions?(r: Resolved, ref: NodeRef): NodeAction[];
  detailsTabs?: DetailsTabContribution[];
  propertySections?: PropertySection[];
  /** Shown beside a node's name in the details header and the tree (e.g. its active alerts). */
  nodeMark?: ComponentType<{ nodeRef: NodeRef; withLabel?: boolean }>;
  /** Each backend event, after the shell's own stores took it. */
  onEvent?(client: SpindleClient, msg: ApiEventMessage): void;
  /** A job ended (once per job). */
  onJobEnded?(job: Job): void;
}

export function defineUiFeature<K extends DialogKind = never>(f: UiFeature<K>): UiFeature<K> {
  return f;
}
