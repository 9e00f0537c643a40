// Storage operations as data: what a wizard (or the CLI) asks for. The backend
// turns an operation into a plan of exact commands against its own fresh
// inventory; the renderer never sends commands, only these requests, so a
// review page shows exactly what will run and nothing else can run.
import { z } from 'zod';
import { ChangeModeSchema, DiskBusSchema, DiskDeviceSchema } from '../core/domain-rules.ts';
import { MsgSchema } from '../core/messages.ts';
import { AgentChannelRequestSchema, FS_USE_FIELDS, GuestAgentStateSchema, GuestMountRequestSchema, HostMountRequestSchema, HostUmountRequestSchema, RequestIdSchema } from './mount.ts';
import { IoTuneSetRequestSchema } from './stats.ts';
import { optionalTextFields, textFields } from './text-fields.ts';

const name = z.string().min(1).max(255);
const path = z.string().min(1).max(4096);
const size = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

// The storage rules' enums live in shared/core/domain-rules.ts; the contract passes them on.
export { CHANGE_MODES, ChangeModeSchema, DISK_BUSES, DiskBusSchema, DISK_DEVICES, DiskDeviceSchema, type ChangeMode, type DiskBus, type DiskDevice } from '../core/domain-rules.ts';
export const IMAGE_FORMATS = ['raw', 'qcow2', 'vmdk', 'vdi', 'vpc', 'qed'] as const;
export const ImageFormatSchema = z.enum(IMAGE_FORMATS);
export const ALLOCATIONS = ['sparse', 'metadata', 'falloc', 'full'] as const;

export const CreateVolumeRequestSchema = z
  .object({
    pool: name,
    name,
    capacityBytes: size,
    format: z.enum(['qcow2', 'raw']),
    allocation: z.enum(ALLOCATIONS),
    /** A volume of the same pool used as backing file (qcow2 only). */
    backingVolume: name.optional(),
    /** LUKS encryption; the passphrase travels separately (ops.start secrets), never in a plan. */
    encryption: z.literal('luks').optional(),
  })
  .strict();
export type CreateVolumeRequest = z.infer<typeof CreateVolumeRequestSchema>;

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

/**
 * The request fields a refusal of these operations names (SpindleError
 * details.field), so a wizard returns to the step that asks it: a wizard maps
 * each of them to one of its steps (the type checker says when one is missing).
 */
export const CREATE_VOLUME_FIELDS = ['pool', 'name', 'capacityBytes', 'format', 'allocation', 'backingVolume', 'encryption'] as const satisfies readonly (keyof CreateVolumeRequest)[];
export type CreateVolumeField = (typeof CREATE_VOLUME_FIELDS)[number];
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

/** Grow the filesystem on a disk inside the guest through the agent (after a resize). */
export const GrowFsRequestSchema = z.object({ domain: name, target: z.string().min(1).max(32) }).strict();
export type GrowFsRequest = z.infer<typeof GrowFsRequestSchema>;

/** Unmount a filesystem inside the guest through the agent; with fstab, also remove its /etc/fstab lines (old file backed up). */
export const GuestUmountRequestSchema = z
  .object({ domain: name, mountpoint: path, fstab: z.boolean().optional(), requestId: RequestIdSchema })
  .strict();
export type GuestUmountRequest = z.infer<typeof GuestUmountRequestSchema>;

/** One kind of operation: its kind, the host it runs on, and its request. */
function operation<K extends string, R extends z.ZodTypeAny>(kind: K, request: R) {
  return z.object({ kind: z.literal(kind), host: name, request }).strict();
}

export const OperationSchema = z.discriminatedUnion('kind', [
  operation('volume.create', CreateVolumeRequestSchema),
  operation('disk.attach', AttachRequestSchema),
  operation('disk.detach', DetachRequestSchema),
  operation('disk.resize', ResizeRequestSchema),
  operation('cdrom', CdromRequestSchema),
  operation('guest.growfs', GrowFsRequestSchema),
  operation('guest.umount', GuestUmountRequestSchema),
  operation('iotune.set', IoTuneSetRequestSchema),
  operation('guest.mount', GuestMountRequestSchema),
  operation('guest.agentChannel', AgentChannelRequestSchema),
  operation('host.mount', HostMountRequestSchema),
  operation('host.umount', HostUmountRequestSchema),
]);
export type Operation = z.infer<typeof OperationSchema>;
export type OperationKind = Operation['kind'];

export const PlanStepSchema = z.object({
  /** Each text as English and as a message (what the UI translates): shared/contract/text-fields.ts. */
  ...textFields('description'),
  argv: z.array(z.string()),
  /** Fed to the command's standard input; absent when it carries a secret. */
  stdin: z.string().optional(),
  /** The input is a secret (a passphrase): it is never shown, logged or exported. */
  secretStdin: z.boolean().optional(),
  sudo: z.boolean().optional(),
  destructive: z.boolean().optional(),
  /** The command runs inside the guest (through the agent's guest-exec): what runs there. */
  guestArgv: z.array(z.string()).optional(),
  /** What that guest command reads on its standard input (e.g. the line added to /etc/fstab). */
  guestInput: z.string().optional(),
  /** If this step fails, the steps before it stay done: the message says what that means. */
  ...optionalTextFields('partialNote'),
});
export type PlanStepInfo = z.infer<typeof PlanStepSchema>;

export const PlanSchema = z.object({
  ...textFields('title'),
  steps: z.array(PlanStepSchema),
  warnings: z.array(z.string()),
  /** Beside `warnings`, index for index: the message of each (null where a warning is English only). */
  warningMsgs: z.array(MsgSchema.nullable()).optional(),
  /** The same plan as a POSIX sh script (what "Export script" saves). */
  script: z.string(),
});
export type PlanInfo = z.infer<typeof PlanSchema>;

/** interrupted: an earlier Spindle process died while it ran the job (read back from its note; see jobs.undo). */
export const JOB_STATES = ['running', 'succeeded', 'partial', 'failed', 'cancelled', 'interrupted'] as const;
export const JobSchema = z.object({
  id: z.string(),
  host: z.string(),
  kind: z.string(),
  ...textFields('title'),
  state: z.enum(JOB_STATES),
  /** 0-based index of the step running (or that ended the job). */
  step: z.number().int(),
  steps: z.number().int(),
  stepDescription: z.string(),
  stepMsg: MsgSchema.optional(),
  /** 0..1 within the whole job, when known. */
  progress: z.number().min(0).max(1).optional(),
  /** Whether cancel can still stop it (false during a step that must not be interrupted). */
  cancellable: z.boolean(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  /** Failure, or for "partial" what was left done and what it means. */
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional(), msg: MsgSchema.optional() }).optional(),
  /** Cancelled between steps: the 0-based index of the first step that did not run (every step before it completed). */
  stoppedBefore: z.number().int().optional(),
  /** The plan the job runs (planned again at start: the steps and any generated names, e.g. a secret UUID). */
  plan: PlanSchema.optional(),
  /** What the job produced, e.g. the new target name or the grown size. */
  result: z.record(z.string(), z.string()).optional(),
  /** An interrupted job: what it may have left, each with the shell command that removes it. */
  leftovers: z.array(z.object({ ...textFields('description'), command: z.string() })).optional(),
});
export type Job = z.infer<typeof JobSchema>;

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

export const HostEntryKindSchema = z.enum(['dir', 'file', 'block', 'link', 'other']);
export const BrowseResultSchema = z.object({
  path: z.string(),
  parent: z.string().nullable(),
  entries: z.array(z.object({ name: z.string(), kind: HostEntryKindSchema, size: z.number(), target: z.string().optional() })),
  /** More entries than were returned. */
  truncated: z.boolean(),
});
export type BrowseResult = z.infer<typeof BrowseResultSchema>;

export const ImageInfoSchema = z.object({
  path: z.string(),
  format: z.string(),
  virtualSize: z.number(),
  actualSize: z.number().optional(),
  backingFile: z.string().optional(),
  encrypted: z.boolean(),
});
export type ImageInfo = z.infer<typeof ImageInfoSchema>;

export const GuestFsSchema = z.object({
  agent: GuestAgentStateSchema,
  filesystems: z.array(
    z.object({
      mountpoint: z.string(),
      type: z.string(),
      device: z.string(),
      /** VM disk targets this filesystem sits on (matched by agent disk address). */
      targets: z.array(z.string()),
      /** The guest disk it sits on, when the filesystem is not on the whole disk (a partition, LVM, RAID). */
      parentDevice: z.string().optional(),
      ...FS_USE_FIELDS,
    }),
  ),
});
export type GuestFs = z.infer<typeof GuestFsSchema>;
