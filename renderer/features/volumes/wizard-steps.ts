// Which step of the New volume wizard asks which request field (a refusal
// names its field; shared/contract/features/volumes.ts lists them): pool, name, format and
// size on "volume"; allocation, backing file and encryption on "options".
import type { CreateVolumeField } from '../../../shared/contract/features/volumes.ts';
import { blameBy } from '../../platform/wizard/blame.ts';

export const CREATE_VOLUME_STEPS: Readonly<Record<CreateVolumeField, 'volume' | 'options'>> = {
  pool: 'volume',
  name: 'volume',
  format: 'volume',
  capacityBytes: 'volume',
  allocation: 'options',
  backingVolume: 'options',
  encryption: 'options',
  thinPool: 'options',
};

/** An unknown pool or a bad name, said by the code alone, is about the first step. */
export const blameCreateVolume = blameBy(CREATE_VOLUME_STEPS, { UNKNOWN_POOL: 'volume', INVALID_NAME: 'volume' });
