// The face of the stats feature: what the rest of Spindle may use of it.
export { AlertEngine } from './alerts.ts';
export { parseIoTune, planIoTune } from './iotune.ts';
export { STATS_CLI } from './cli.ts';
export { StatsHub } from './stats-hub.ts';
