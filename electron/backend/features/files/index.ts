// The face of the files feature: what the rest of Spindle may use of it.
export { type HostPathFacts, type HostPathKind, browse, checkHostPath, hostPathFacts, imageInfo, resolveHostPath } from './files.ts';
