// The face of the disks feature: what the rest of Spindle may use of it.
export { AttachDiskWizard } from './AttachDiskWizard.tsx';
export { ModeField } from './AttachOptionsStep.tsx';
export { folderOf, imageDir } from './image-dirs.ts';
export { BackingChain } from './BackingChain.tsx';
export { CdromWizard } from './CdromWizard.tsx';
export { DetachDiskWizard } from './DetachDiskWizard.tsx';
export { ImageInfoLine } from './ImageInfoLine.tsx';
export { ResizeDiskWizard } from './ResizeDiskWizard.tsx';
export { PendingDisksBadge, PendingDisksBanner, PendingDisksMark } from './PendingDisks.tsx';
export { pendingSummary, type PendingSummary } from './pending.ts';
