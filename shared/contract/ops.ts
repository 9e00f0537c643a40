// Storage operations as data: what a wizard (or the CLI) asks for. The backend
// turns an operation into a plan of exact commands against its own fresh
// inventory; the renderer never sends commands, only these requests, so a
// review page shows exactly what will run and nothing else can run. Each
// feature's contract (features/<name>.ts) defines its operations; this file
// assembles them, one line per feature, and holds the plans and jobs they
// become.
import { z } from 'zod';
import { MsgSchema } from '../core/messages.ts';
import { DISKS_OPERATIONS } from './features/disks.ts';
import { FILES_OPERATIONS } from './features/files.ts';
import { MOUNTS_OPERATIONS } from './features/mounts.ts';
import { POOLS_OPERATIONS } from './features/pools.ts';
import { BLOCKJOBS_OPERATIONS } from './features/blockjobs.ts';
import { STATS_OPERATIONS } from './features/stats.ts';
import { VOLUMES_OPERATIONS } from './features/volumes.ts';
import { optionalTextFields, textFields } from './text-fields.ts';

// The storage rules' enums live in shared/core/domain-rules.ts; the contract passes them on.
export { CHANGE_MODES, ChangeModeSchema, DISK_BUSES, DiskBusSchema, DISK_DEVICES, DiskDeviceSchema, type ChangeMode, type DiskBus, type DiskDevice } from '../core/domain-rules.ts';

/** Every operation, each feature's in one line (the order is how a refusal of an unknown kind lists them). */
export const OperationSchema = z.discriminatedUnion('kind', [
  ...VOLUMES_OPERATIONS,
  ...DISKS_OPERATIONS,
  ...FILES_OPERATIONS,
  ...MOUNTS_OPERATIONS,
  ...STATS_OPERATIONS,
  ...POOLS_OPERATIONS,
  ...BLOCKJOBS_OPERATIONS,
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
