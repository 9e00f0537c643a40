// A refusal of the shared mount checks (shared/mount.ts) in the user's
// language: the catalog's mount.check.<key> with the check's values, or the
// check's own English message for a key the catalog does not know yet.
import type { MountCheck } from '../../../shared/contract/mount.ts';

export function checkText(t: (k: string, o?: Record<string, string>) => string, check: MountCheck | null | undefined): string | null {
  if (!check) return null;
  return t(`mount.check.${check.key}`, { ...(check.values ?? {}), defaultValue: check.message });
}
