// The volumes feature in the service: it plans new volumes (thin ones in an LVM thin pool too) and new LVM thin pools.
import { defineFeature } from '../feature.ts';
import { planNewVolume } from './thin-volume.ts';
import { planCreateThinPool } from './thin-pool-create.ts';
import type { VolumesOperationKind } from '../../../../shared/contract/features/volumes.ts';

export const volumesFeature = defineFeature<never, VolumesOperationKind>('volumes', () => ({
  handlers: {},
  planners: {
    'volume.create': (session, inv, req) => planNewVolume(session, inv, session.config.uri, req),
    'volume.createThinPool': (session, inv, req) => planCreateThinPool(session, inv, session.config.uri, req),
  },
}));
