// The face of the pools feature: what the rest of Spindle may use of it.
export { planCreatePool, planCreatePoolChecked, type CreatePoolRequest } from './pool-create.ts';
export { planPoolAutostart, planPoolDelete, planPoolRefresh, planPoolStart, planPoolStartChecked, planPoolStop, planPoolUndefine } from './pool-lifecycle.ts';
export { pSeparatedPartition, volumeDeleteSteps } from './pool-traps.ts';
export { poolTypes, readPoolTypes } from './pool-types.ts';
export { readPoolUsage, type UsageSession } from './pool-usage.ts';
export { poolUses, type PoolUse } from './pool-users.ts';
export { POOLS_CLI } from './cli.ts';
