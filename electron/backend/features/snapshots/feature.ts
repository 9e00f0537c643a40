// The snapshots feature in the service: a VM's snapshot tree, the overlays
// nobody uses, and the planners of a new snapshot, a new description, a
// revert and a delete.
import type { SnapshotsMethod, SnapshotsOperationKind } from '../../../../shared/contract/features/snapshots.ts';
import { defineFeature } from '../feature.ts';
import { readOrphanOverlays } from './orphans.ts';
import { planSnapshotCreate } from './snapshot-create.ts';
import { planSnapshotDelete } from './snapshot-delete.ts';
import { planSnapshotDescribe } from './snapshot-describe.ts';
import { planSnapshotRevert } from './snapshot-revert.ts';
import { readDeleteFacts, readRevertFacts } from './snapshot-facts.ts';
import { readSnapshotTree } from './snapshot-tree.ts';

export const snapshotsFeature = defineFeature<SnapshotsMethod, SnapshotsOperationKind>('snapshots', (host) => ({
  handlers: {
    'snapshot.list': async ({ host: name, domain }) => readSnapshotTree(host.session(name), domain),
    'snapshot.orphans': async ({ host: name }) => {
      const { session, inv } = await host.loaded(name);
      return readOrphanOverlays(session, inv);
    },
  },
  planners: {
    'snapshot.create': (session, inv, req) => planSnapshotCreate(session, inv, req),
    'snapshot.describe': (session, inv, req) => planSnapshotDescribe(session, inv, req),
    'snapshot.revert': async (session, inv, req) => planSnapshotRevert(req, await readRevertFacts(session, inv, req.domain, req.name)),
    'snapshot.delete': async (session, inv, req) => planSnapshotDelete(req, await readDeleteFacts(session, inv, req.domain)),
  },
}));
