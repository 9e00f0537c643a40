// The face of the hosts feature: what the rest of Spindle may use of it.
export { AddHostDialog } from './AddHostDialog.tsx';
export { CredentialsDialog } from './CredentialsDialog.tsx';
export { RemoveHostDialog } from './RemoveHostDialog.tsx';
export { nameProblemKey, nameProblemValues } from './host-form.ts';
