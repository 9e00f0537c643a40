// The face of the pools feature: what the rest of Spindle may use of it.
export { poolOperation, type PoolAction } from './PoolActionWizard.tsx';
