// Which modal is open. One at a time, like a desktop app.
import { create } from 'zustand';
import type { HostMountSource } from '../../../shared/contract/mount.ts';
import type { AlertScope } from '../../../shared/contract/stats.ts';

export type DialogState =
  | { kind: 'none' }
  | { kind: 'add-host' }
  | { kind: 'remove-host'; host: string }
  | { kind: 'credentials'; host: string; need: 'password' | 'passphrase' }
  /** New volume; `pool` preselected when opened from a pool. */
  | { kind: 'create-volume'; host: string; pool?: string | undefined }
  | { kind: 'attach-disk'; host: string; vm: string }
  | { kind: 'detach-disk'; host: string; vm: string; target: string }
  | { kind: 'resize-disk'; host: string; vm: string; target: string }
  | { kind: 'grow-fs'; host: string; vm: string; target: string }
  /** Insert, change or eject the medium of a CD-ROM drive (`target` preselected). */
  | { kind: 'cdrom'; host: string; vm: string; target?: string | undefined }
  /** Saved vs live XML of a running VM. */
  | { kind: 'xml-diff'; host: string; vm: string }
  /** A disk's I/O limits (blkdeviotune). */
  | { kind: 'io-limits'; host: string; vm: string; target: string }
  /** The alert rules; `scope` starts a new rule for that disk, VM or pool. */
  | { kind: 'alert-rules'; scope?: AlertScope | undefined }
  /** Mount a filesystem inside a running guest (`device` preselected, or the devices of `target`). */
  | { kind: 'guest-mount'; host: string; vm: string; device?: string | undefined; target?: string | undefined }
  /** Unmount a filesystem inside a running guest, optionally removing its /etc/fstab lines. */
  | { kind: 'guest-umount'; host: string; vm: string; mountpoint: string }
  /** Add the QEMU guest agent's channel to a VM. */
  | { kind: 'agent-channel'; host: string; vm: string }
  /** Mount an image on the host (a volume, or a file picked on the host when `source` is absent). */
  | { kind: 'host-mount'; host: string; source?: HostMountSource | undefined }
  /** Unmount an image Spindle mounted on the host. */
  | { kind: 'host-umount'; host: string; id: string };

interface DialogStore {
  dialog: DialogState;
  open(d: DialogState): void;
  close(): void;
}

export const useDialogStore = create<DialogStore>()((set) => ({
  dialog: { kind: 'none' },
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: { kind: 'none' } }),
}));

export const openDialog = (d: DialogState): void => useDialogStore.getState().open(d);
