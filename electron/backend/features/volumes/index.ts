// The face of the volumes feature: what the rest of Spindle may use of it.
export { type Allocation, type VolumePlanOptions, planCreateVolume, unlistedVolumeError } from './volume-create.ts';
export { planCreateThinVolume, planNewVolume, planThinVolume, thinLvcreateArgv, type ThinFacts } from './thin-volume.ts';
export { planCreateThinPool, planThinPool, thinPoolLvcreateArgv, type VgFacts } from './thin-pool-create.ts';
export { VOLUMES_CLI } from './cli.ts';
