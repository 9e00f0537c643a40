// The face of the volumes feature: what the rest of Spindle may use of it.
export { type Allocation, type VolumePlanOptions, planCreateVolume, unlistedVolumeError } from './volume-create.ts';
export { VOLUMES_CLI } from './cli.ts';
