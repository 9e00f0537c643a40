// The face of the volumes feature: what the rest of Spindle may use of it.
export { CreateVolumeWizard } from './CreateVolumeWizard.tsx';
export { VolumeBasicsFields, VolumeOptionsFields } from './VolumeFields.tsx';
export { VolumePicker } from './VolumePicker.tsx';
export { type VolumeForm, emptyVolumeForm, freeVolumeName, toCreateRequest, validateVolume, withVolumeChange } from './volume-form.ts';
export { volumeUses } from './volume-usage.ts';
