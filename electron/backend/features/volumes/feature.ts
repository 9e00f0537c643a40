// The volumes feature in the service: it plans new volumes.
import { defineFeature } from '../feature.ts';
import { planCreateVolume } from './volume-create.ts';
import type { VolumesOperationKind } from '../../../../shared/contract/features/volumes.ts';

export const volumesFeature = defineFeature<never, VolumesOperationKind>('volumes', () => ({
  handlers: {},
  planners: {
    'volume.create': (session, inv, req) => planCreateVolume(inv, session.config.uri, req),
  },
}));
