// A verdict of the shared mount checks (shared/contract/features/mounts.ts) in the
// user's language: the checks return messages of the backend's catalog
// (shared/i18n/*/mounts.json, mounts.check.*), the same text the planner's
// refusal carries, so the wizard and the backend say it once and alike.
import type { MountCheck } from '../../../shared/contract/features/mounts.ts';
import { tmsg } from '../../platform/i18n/msg.ts';

export function checkText(check: MountCheck | null | undefined): string | null {
  return check ? tmsg(check) : null;
}
