// The face of the disks feature: what the rest of Spindle may use of it.
export { planCdrom } from './cdrom.ts';
export { type AttachSource, type ChangeMode, planAttachDisk, planDetachDisk } from './disk-attach.ts';
export { planResizeDisk } from './disk-resize.ts';
export { DISKS_CLI } from './cli.ts';
