// The face of the block jobs feature: what the rest of Spindle may use of it.
export { readDiskChain, parseQemuImgChain } from './chain.ts';
export { planCommit, planPull } from './chain-plans.ts';
export { planMove, usersOf } from './move-plan.ts';
export { BLOCKJOBS_CLI } from './cli.ts';
