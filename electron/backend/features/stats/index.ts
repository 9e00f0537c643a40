// The face of the stats feature: what the rest of Spindle may use of it.
export { AlertEngine } from './alerts.ts';
export { parseIoTune, planIoTune } from './iotune.ts';
export { IOTUNE_OPTIONS, iotuneCommand, statsCommand } from './stats-commands.ts';
export { StatsHub } from './stats-hub.ts';
