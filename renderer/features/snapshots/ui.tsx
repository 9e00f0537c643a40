// The snapshots feature in the shell: a VM's Snapshots tab (the tree).
import { defineUiFeature } from '../../platform/contributions.ts';
import { SnapshotsTab } from './SnapshotsTab.tsx';

export const snapshotsUi = defineUiFeature({
  id: 'snapshots',
  dialogs: {},
  detailsTabs: [{ tab: 'snapshots', kinds: ['vm'], render: (n, key) => (n.kind === 'vm' ? <SnapshotsTab key={key} host={n.host} vm={n.domain.name} /> : null) }],
});
