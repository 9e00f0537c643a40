// The one typed API between the renderer and the main process. Each method has
// a runtime schema for its parameters and its result; both carriers (Electron
// IPC in the desktop app, a local WebSocket in browser mode) validate every
// call against these before anything runs. Events flow the other way.
// The core (hosts, inventory, operations and jobs, settings: what the service
// answers itself, and what every feature stands on) is defined here; each
// feature's methods and events come from its contract (features/<name>.ts),
// one line per feature below.
import { type ApiMethodName, type CoreMethodName } from './api-names.ts';
import { z } from 'zod';
import { ErrorInfoSchema } from '../core/errors.ts';
import { name, type Methods } from './feature-contract.ts';
import { DISKS_METHODS } from './features/disks.ts';
import { FILES_METHODS } from './features/files.ts';
import { MOUNTS_METHODS } from './features/mounts.ts';
import { POOLS_METHODS } from './features/pools.ts';
import { BLOCKJOBS_METHODS } from './features/blockjobs.ts';
import { STATS_EVENTS, STATS_METHODS } from './features/stats.ts';
import { VOLUMES_METHODS } from './features/volumes.ts';
import { DomainSchema, HostConfigSchema, HostStatusSchema, InventorySchema, PoolSchema } from './models.ts';
import { JobSchema, OperationSchema, PlanSchema } from './ops.ts';

export const SecretsSchema = z
  .object({
    password: z.string().max(4096).optional(),
    passphrase: z.string().max(4096).optional(),
  })
  .strict();

export const HostEntrySchema = z.object({
  config: HostConfigSchema,
  status: HostStatusSchema,
  error: ErrorInfoSchema.nullable(),
  /** Added automatically on first start (local system, Demo). */
  builtIn: z.boolean().optional(),
  /** The backend holds a password or passphrase for it in memory (never on disk). */
  hasSecrets: z.boolean().optional(),
});
export type HostEntry = z.infer<typeof HostEntrySchema>;

/** The core's methods: name -> { params, result } */
export const CORE_METHODS = {
  'hosts.list': { params: z.object({}).strict(), result: z.array(HostEntrySchema) },
  /**
   * Connects without saving: checks virsh answers. A host never seen before
   * fails with HOST_KEY_UNKNOWN whose details carry the fingerprint; the UI
   * shows it and calls again with acceptFingerprint.
   */
  'hosts.test': {
    params: z.object({ config: HostConfigSchema, secrets: SecretsSchema.optional(), acceptFingerprint: z.string().max(200).optional() }).strict(),
    result: z.object({ uri: z.string(), fingerprint: z.string().optional() }),
  },
  /** Saves the host (after the same checks as hosts.test) and connects it. */
  'hosts.add': {
    params: z.object({ config: HostConfigSchema, secrets: SecretsSchema.optional(), acceptFingerprint: z.string().max(200).optional() }).strict(),
    result: HostEntrySchema,
  },
  'hosts.remove': { params: z.object({ name }).strict(), result: z.object({ removed: z.boolean() }) },
  /** (Re)connects a saved host; secrets are kept in memory only. */
  'hosts.connect': { params: z.object({ name, secrets: SecretsSchema.optional() }).strict(), result: HostEntrySchema },
  'inventory.get': { params: z.object({ host: name }).strict(), result: InventorySchema.nullable() },
  'inventory.refresh': { params: z.object({ host: name }).strict(), result: InventorySchema },
  /** The exact commands an operation would run, planned against the host's current inventory. Runs nothing. */
  'ops.plan': { params: z.object({ op: OperationSchema }).strict(), result: PlanSchema },
  /**
   * Plans the operation again (never trusting an earlier plan) and runs it as a
   * job; progress and the end arrive as "job" events. The passphrase (LUKS) is
   * used once and never stored or logged.
   */
  'ops.start': { params: z.object({ op: OperationSchema, passphrase: z.string().min(1).max(1024).optional() }).strict(), result: JobSchema },
  'jobs.list': { params: z.object({}).strict(), result: z.array(JobSchema) },
  /** Stops a job before its next step (and aborts the running step when that is safe). */
  'jobs.cancel': { params: z.object({ id: z.string().max(64) }).strict(), result: JobSchema },
  /**
   * Removes what an interrupted job left (its undo commands, newest first),
   * refused while a VM uses any of it; the job then leaves the list.
   */
  'jobs.undo': { params: z.object({ id: z.string().max(64) }).strict(), result: JobSchema },
  /** Forgets an interrupted job (its leftovers were dealt with by hand). */
  'jobs.forget': { params: z.object({ id: z.string().max(64) }).strict(), result: z.object({ forgotten: z.boolean() }) },
  /** Problems with the settings folder met since the start (a damaged file kept aside, a folder that cannot be written). */
  'settings.problems': { params: z.object({}).strict(), result: z.array(ErrorInfoSchema) },
} as const satisfies Methods<CoreMethodName>;

/** method name -> { params, result }: the core's, then each feature's. */
export const API = {
  ...CORE_METHODS,
  ...VOLUMES_METHODS,
  ...DISKS_METHODS,
  ...FILES_METHODS,
  ...MOUNTS_METHODS,
  ...STATS_METHODS,
  ...POOLS_METHODS,
  ...BLOCKJOBS_METHODS,
} as const;

export type ApiMethod = keyof typeof API;

// api-names.ts lists the same methods for the zod-free preload: a method missing there, or left over, fails here.
type NamesMatch = [Exclude<ApiMethod, ApiMethodName>, Exclude<ApiMethodName, ApiMethod>] extends [never, never] ? true : { missingFromApiNames: Exclude<ApiMethod, ApiMethodName>; notInApi: Exclude<ApiMethodName, ApiMethod> };
export const API_NAMES_MATCH: NamesMatch = true;
export type ApiParams<M extends ApiMethod> = z.input<(typeof API)[M]['params']>;
export type ApiResult<M extends ApiMethod> = z.infer<(typeof API)[M]['result']>;
/** Parameters after validation (defaults applied): what the main process works with. */
export type ApiParsedParams<M extends ApiMethod> = z.output<(typeof API)[M]['params']>;
export const API_METHODS = Object.keys(API) as ApiMethod[];

export function isApiMethod(m: unknown): m is ApiMethod {
  return typeof m === 'string' && Object.prototype.hasOwnProperty.call(API, m);
}

/** Events pushed to the renderer; the store is fed by these, not by polling. */
export const EVENTS = {
  'host-status': z.object({ host: name, status: HostStatusSchema, error: ErrorInfoSchema.nullable() }),
  'hosts-changed': z.object({ hosts: z.array(HostEntrySchema) }),
  inventory: z.object({ host: name, inventory: InventorySchema }),
  domain: z.object({ host: name, name, domain: DomainSchema.nullable() }),
  pool: z.object({ host: name, name, pool: PoolSchema.nullable() }),
  job: JobSchema,
  ...STATS_EVENTS,
} as const;

export type ApiEvent = keyof typeof EVENTS;
export type ApiEventPayload<E extends ApiEvent> = z.infer<(typeof EVENTS)[E]>;

/** What a carrier returns for a call: a result or a typed error, never a throw across the boundary. */
export type CallOutcome<M extends ApiMethod> = { ok: true; result: ApiResult<M> } | { ok: false; error: z.infer<typeof ErrorInfoSchema> };

/** Wire format of browser mode (WebSocket, JSON text frames). */
export const WireRequestSchema = z.object({ id: z.number().int().nonnegative(), method: z.string().max(64), params: z.unknown() }).strict();
export type WireResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: z.infer<typeof ErrorInfoSchema> };
export type WireEvent = { event: ApiEvent; payload: unknown };
