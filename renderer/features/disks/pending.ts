// What a VM's pendingDisks mean for the user, written once for the tree's
// badge and the details banner. Only a change in the saved configuration (a
// disk it adds, or one it changes) waits for a restart; a disk only in the
// running VM ("Now only" attach) waits for nothing: it goes away at the next
// shutdown, and that is all that is said about it.
import type { Domain } from '../../../shared/contract/models.ts';

export interface PendingPart {
  /** i18n key (plural by count). */
  key: string;
  count: number;
}

export interface PendingLine {
  key: string;
  target: string;
}

export interface PendingSummary {
  /** Changes in the saved configuration that apply at the next start (configOnly and changed disks). */
  waiting: number;
  /** Disks only in the running VM: gone at the next shutdown. */
  liveOnly: number;
  /** The badge's text, one part per kind, the waiting changes first. */
  badge: PendingPart[];
  /** The banner's title. */
  titleKey: string;
  /** One line per disk, the running-VM-only ones first. */
  lines: PendingLine[];
}

export function pendingSummary(p: Domain['pendingDisks']): PendingSummary | null {
  if (!p) return null;
  const waiting = p.configOnly.length + p.changed.length;
  const liveOnly = p.liveOnly.length;
  if (waiting === 0 && liveOnly === 0) return null;
  const badge: PendingPart[] = [];
  if (waiting) badge.push({ key: 'diskPending.badge.waiting', count: waiting });
  if (liveOnly) badge.push({ key: 'diskPending.badge.liveOnly', count: liveOnly });
  return {
    waiting,
    liveOnly,
    badge,
    titleKey: waiting && liveOnly ? 'diskPending.title.both' : waiting ? 'diskPending.title.waiting' : 'diskPending.title.liveOnly',
    lines: [
      ...p.liveOnly.map((target) => ({ key: 'diskPending.line.liveOnly', target })),
      ...p.configOnly.map((target) => ({ key: 'diskPending.line.configOnly', target })),
      ...p.changed.map((target) => ({ key: 'diskPending.line.changed', target })),
    ],
  };
}
