// The disks feature's contract: attach (an existing or a new volume, a file,
// ISO or block device), detach, resize and CD-ROM operations, what the attach
// wizard may offer for a VM, and a VM's live and saved XML (the pending-change
// diff).
import { z } from 'zod';
import { ChangeModeSchema, DiskBusSchema, DiskDeviceSchema } from '../../core/domain-rules.ts';
import { name, operation, path, size, type Methods } from '../feature-contract.ts';
import type { DisksMethod } from './disks.names.ts';
// The one feature contract another may import (the layering rule's allow
// list): attaching a new volume carries the volumes feature's request.
import { CREATE_VOLUME_FIELDS, CreateVolumeRequestSchema, type CreateVolumeField } from './volumes.ts';

export const IMAGE_FORMATS = ['raw', 'qcow2', 'vmdk', 'vdi', 'vpc', 'qed'] as const;
export const ImageFormatSchema = z.enum(IMAGE_FORMATS);

export const AttachSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('volume'), pool: name, volume: name }).strict(),
  /** A volume created by the same job, just before the attach. */
  z.object({ kind: z.literal('new-volume'), volume: CreateVolumeRequestSchema }).strict(),
  z.object({ kind: z.literal('file'), path }).strict(),
  z.object({ kind: z.literal('block'), dev: path }).strict(),
  z.object({ kind: z.literal('iso'), path }).strict(),
]);
export type AttachSource = z.infer<typeof AttachSourceSchema>;

/** Driver options of a disk ("default": libvirt's choice, left out of the XML). */
export const DISK_CACHES = ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'] as const;
export const DISK_IOS = ['default', 'native', 'threads', 'io_uring'] as const;
export const DISK_DISCARDS = ['default', 'unmap', 'ignore'] as const;
export const DISK_DETECT_ZEROES = ['default', 'off', 'on', 'unmap'] as const;

export const DiskOptionsSchema = z
  .object({
    cache: z.enum(DISK_CACHES).optional(),
    io: z.enum(DISK_IOS).optional(),
    discard: z.enum(DISK_DISCARDS).optional(),
    detectZeroes: z.enum(DISK_DETECT_ZEROES).optional(),
    readonly: z.boolean().optional(),
    shareable: z.boolean().optional(),
    serial: z.string().max(64).optional(),
    bootOrder: z.number().int().optional(),
  })
  .strict();
export type DiskOptions = z.infer<typeof DiskOptionsSchema>;

export const AttachRequestSchema = z
  .object({
    domain: name,
    source: AttachSourceSchema,
    device: DiskDeviceSchema.optional(),
    bus: DiskBusSchema.optional(),
    /** Default: the first free name for the bus (vdb, sdc, nvme0n2...). */
    target: z.string().min(1).max(32).optional(),
    /** For files and devices outside pools (read it with host.imageInfo). */
    format: ImageFormatSchema.optional(),
    options: DiskOptionsSchema.optional(),
    /** Default: both when the VM runs, persistent when it does not. */
    mode: ChangeModeSchema.optional(),
  })
  .strict();
export type AttachRequest = z.infer<typeof AttachRequestSchema>;

export const DetachRequestSchema = z
  .object({
    domain: name,
    target: z.string().min(1).max(32),
    mode: ChangeModeSchema.optional(),
    /** Also delete the volume behind the disk (pool volumes only, never a backing file). */
    deleteVolume: z.boolean().optional(),
  })
  .strict();
export type DetachRequest = z.infer<typeof DetachRequestSchema>;

export const ResizeRequestSchema = z.object({ domain: name, target: z.string().min(1).max(32), newSizeBytes: size }).strict();
export type ResizeRequest = z.infer<typeof ResizeRequestSchema>;

export const CdromRequestSchema = z
  .object({
    domain: name,
    action: z.enum(['insert', 'eject']),
    /** The drive; default: the VM's first CD-ROM drive. */
    target: z.string().min(1).max(32).optional(),
    iso: path.optional(),
  })
  .strict();
export type CdromRequest = z.infer<typeof CdromRequestSchema>;

// The request fields a refusal of these operations names (SpindleError
// details.field), so a wizard returns to the step that asks it: a wizard maps
// each of them to one of its steps (the type checker says when one is missing).

/** Attach: its own fields, the disk options by name, and (for an inline new volume) the volume's. */
export const ATTACH_FIELDS = [
  ...CREATE_VOLUME_FIELDS,
  'source', 'device', 'bus', 'target', 'mode',
  'cache', 'io', 'discard', 'detectZeroes', 'readonly', 'shareable', 'serial', 'bootOrder',
] as const satisfies readonly (keyof AttachRequest | keyof DiskOptions | CreateVolumeField)[];
export type AttachField = (typeof ATTACH_FIELDS)[number];
export const DETACH_FIELDS = ['target', 'mode', 'deleteVolume'] as const satisfies readonly (keyof DetachRequest)[];
export type DetachField = (typeof DETACH_FIELDS)[number];
export const RESIZE_FIELDS = ['target', 'newSizeBytes'] as const satisfies readonly (keyof ResizeRequest)[];
export type ResizeField = (typeof RESIZE_FIELDS)[number];
export const CDROM_FIELDS = ['target', 'iso'] as const satisfies readonly (keyof CdromRequest)[];
export type CdromField = (typeof CDROM_FIELDS)[number];

export const AttachChoicesSchema = z.object({
  /** Buses this VM's emulator and machine type support for disks (domain capabilities). */
  buses: z.array(DiskBusSchema),
  devices: z.array(DiskDeviceSchema),
  /** USB disks need a USB controller in the VM. */
  usbController: z.boolean(),
  /** <os><boot dev=...> is used: per-disk boot order would be refused. */
  osBootOrder: z.boolean(),
  /** First free target per bus. */
  nextTargets: z.record(z.string(), z.string()),
  running: z.boolean(),
});
export type AttachChoices = z.infer<typeof AttachChoicesSchema>;

/** method name -> { params, result } */
export const DISKS_METHODS = {
  /** What the attach wizard may offer for a VM: buses from the domain capabilities, free targets. */
  'disk.choices': { params: z.object({ host: name, domain: name }).strict(), result: AttachChoicesSchema },
  /** The live and the saved XML of a VM (for the pending-changes diff). */
  'domain.xml': { params: z.object({ host: name, domain: name }).strict(), result: z.object({ live: z.string().nullable(), config: z.string() }) },
} as const satisfies Methods<DisksMethod>;

export const DISKS_OPERATIONS = [
  operation('disk.attach', AttachRequestSchema),
  operation('disk.detach', DetachRequestSchema),
  operation('disk.resize', ResizeRequestSchema),
  operation('cdrom', CdromRequestSchema),
] as const;
/** The operation kinds this feature plans (its planners' keys in the backend). */
export type DisksOperationKind = z.infer<(typeof DISKS_OPERATIONS)[number]>['kind'];
/** The API methods this feature answers (its handlers' keys in the backend). */
export type { DisksMethod };
