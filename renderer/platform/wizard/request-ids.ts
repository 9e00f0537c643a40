// Names a wizard chooses once and sends with both ops.plan and ops.start, so
// what the review shows (the new filesystem's UUID in the fstab line, the
// fstab backup file, a host mount's id and directory) is what runs.
export interface RequestIds {
  /** 6-32 lower-case letters and digits. */
  requestId: string;
  /** A new filesystem's UUID (ext4, xfs, btrfs). */
  fsUuid: string;
  /** A new vfat volume id, XXXX-XXXX. */
  vfatId: string;
}

export function newRequestIds(): RequestIds {
  const u = crypto.randomUUID();
  const hex = crypto.randomUUID().replace(/-/g, '');
  return { requestId: hex.slice(0, 12), fsUuid: u, vfatId: `${hex.slice(12, 16)}-${hex.slice(16, 20)}`.toUpperCase() };
}
