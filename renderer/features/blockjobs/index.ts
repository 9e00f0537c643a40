// The block jobs UI feature's face (the move wizard's pool picker so far).
export { moveTargets, type MoveTarget } from './move-targets.ts';
