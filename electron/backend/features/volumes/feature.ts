// The volumes feature in the service: it plans new volumes (thin ones in an LVM thin pool too).
import { defineFeature } from '../feature.ts';
import { planNewVolume } from './thin-volume.ts';
import type { VolumesOperationKind } from '../../../../shared/contract/features/volumes.ts';

export const volumesFeature = defineFeature<never, VolumesOperationKind>('volumes', () => ({
  handlers: {},
  planners: {
    'volume.create': (session, inv, req) => planNewVolume(session, inv, session.config.uri, req),
  },
}));
