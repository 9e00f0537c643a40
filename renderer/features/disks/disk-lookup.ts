// Which modes a detach can use (shared/contract/disk-facts.ts: the rule the
// backend planner checks), and the one sentence that says why there are fewer.
import type { ChangeMode } from '../../../shared/core/domain-rules.ts';
import { diskModes, type DiskModeLimit } from '../../../shared/contract/disk-facts.ts';
import type { Disk, Domain } from '../../../shared/contract/models.ts';

const REASONS: Record<DiskModeLimit, string> = {
  liveOnly: 'wizard.detach.liveOnly',
  configOnly: 'wizard.detach.configOnly',
  notRunning: 'wizard.mode.offReason',
  transient: 'wizard.detach.transient',
  noHotplug: 'wizard.mode.noHotplugReason',
};

export interface DetachModes {
  allowed: ChangeMode[];
  initial: ChangeMode;
  /** Why fewer than three modes (an i18n key with {{target}} and {{bus}}), or null. */
  reasonKey: string | null;
  /**
   * The disk is on one side only: the reason is the whole story (a disk only
   * in the running VM goes away at the next shutdown), shown instead of the
   * mode's general help.
   */
  reasonIsHelp: boolean;
}

/** Modes a detach can use: a disk in one configuration only can leave only that one; a bus that cannot hot-plug, only the saved one. */
export function detachModes(domain: Domain, target: string, disk: Disk | undefined): DetachModes {
  const { modes, limit } = diskModes(domain, disk ?? { target }, { hotplug: true });
  const allowed = modes.length ? modes : (['persistent'] as ChangeMode[]);
  return { allowed, initial: allowed[0] ?? 'persistent', reasonKey: limit ? REASONS[limit] : null, reasonIsHelp: limit === 'liveOnly' || limit === 'configOnly' };
}
