// Every UI feature, one line each: the shell renders their dialogs, actions,
// tabs and sections from here. DIALOGS is typed against every dialog kind a
// feature declares, so a kind without a renderer is a compile error.
import type { DialogRenderers, UiFeature } from '../platform/contributions.ts';
import type { DialogKind } from '../platform/store/dialogs.ts';
import { disksUi } from './disks/ui.tsx';
import { hostsUi } from './hosts/ui.tsx';
import { mountsUi } from './mounts/ui.tsx';
import { poolsUi } from './pools/ui.tsx';
import { snapshotsUi } from './snapshots/ui.tsx';
import { statsUi } from './stats/ui.tsx';
import { volumesUi } from './volumes/ui.tsx';

// The order is the order of their details tabs (Performance before Filesystems) and of their marks.
export const UI_FEATURES: readonly UiFeature<DialogKind>[] = [hostsUi, volumesUi, poolsUi, disksUi, statsUi, mountsUi, snapshotsUi] as UiFeature<DialogKind>[];

export const DIALOGS: DialogRenderers<DialogKind> = { ...hostsUi.dialogs, ...volumesUi.dialogs, ...poolsUi.dialogs, ...disksUi.dialogs, ...mountsUi.dialogs, ...statsUi.dialogs };
