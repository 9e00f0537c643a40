// The block jobs feature in the service: a disk's chain, and the planners of
// commit, pull (flatten) and move.
import { defineFeature } from '../feature.ts';
import { readDiskChain } from './chain.ts';
import { planCommit, planPull } from './chain-plans.ts';
import { planMove } from './move-plan.ts';
import type { BlockjobsMethod, BlockjobsOperationKind } from '../../../../shared/contract/features/blockjobs.ts';

export const blockjobsFeature = defineFeature<BlockjobsMethod, BlockjobsOperationKind>('blockjobs', (host) => ({
  handlers: {
    'disk.chain': async ({ host: name, domain, target }) => {
      const { session, inv } = await host.loaded(name);
      return readDiskChain(session, inv, domain, target);
    },
  },
  planners: {
    'disk.commit': (session, inv, req) => planCommit(session, inv, req),
    'disk.pull': (session, inv, req) => planPull(session, inv, req),
    'disk.move': (session, inv, req) => planMove(session, inv, req),
  },
}));
