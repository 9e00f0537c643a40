// What a backend feature gives the rest of Spindle: the API methods it
// answers, the operations it plans, and hooks into the service's life. The
// service mounts every feature listed in features/index.ts; the type checker
// there says which API method or operation no feature (and not the service)
// handles.
import type { ApiEvent, ApiMethod, ApiParsedParams, ApiResult } from '../../../shared/contract/api.ts';
import type { Inventory, Pool } from '../../../shared/contract/models.ts';
import type { Operation, OperationKind } from '../../../shared/contract/ops.ts';
import type { Plan } from '../plan/plan.ts';
import type { HostSession } from '../session/host-session.ts';

export type Handler<M extends ApiMethod> = (params: ApiParsedParams<M>) => Promise<ApiResult<M>>;
export type Handlers<M extends ApiMethod> = { [K in M]: Handler<K> };

export type OperationRequest<K extends OperationKind> = Extract<Operation, { kind: K }>['request'];
/** Plans one operation against the host's fresh inventory. */
export type Planner<K extends OperationKind> = (session: HostSession, inv: Inventory, request: OperationRequest<K>) => Promise<Plan> | Plan;
export type Planners<K extends OperationKind> = { [P in K]: Planner<P> };

/** What the service lends a feature. */
export interface FeatureHost {
  /** The service's settings folder (for a feature's own saved state). */
  readonly configDir: string;
  /** The connected session of a saved host, or the refusal a user sees (unknown host, not connected). */
  session(host: string): HostSession;
  /** The session and its inventory (read once if not loaded yet). */
  loaded(host: string): Promise<{ session: HostSession; inv: Inventory }>;
  /** The sessions open now, by host name. */
  sessions(): ReadonlyMap<string, HostSession>;
  /** Pushes an API event to every window. */
  emit(event: ApiEvent, payload: unknown): void;
  /** Reports a settings problem (a file that could not be read or written) once to every window. */
  problem(e: unknown): void;
}

export interface FeatureInstance<M extends ApiMethod, K extends OperationKind> {
  readonly handlers: Handlers<M>;
  readonly planners: Planners<K>;
  /** Once, after the saved hosts are read. */
  init?(): Promise<void>;
  /** A host's session is up (again). */
  hostUp?(host: string): void;
  /** A host was removed. */
  hostRemoved?(host: string): void;
  /** A host's pools changed (a full inventory or one pool). */
  poolsChanged?(host: string, pools: Pool[]): void;
  /** The service is closing: stop, undo, unmount what is the feature's to clean. */
  close?(): Promise<void>;
}

export interface BackendFeature<M extends ApiMethod = ApiMethod, K extends OperationKind = OperationKind> {
  readonly id: string;
  /** Type only: the methods and operations it handles (what the registry checks). */
  readonly types?: { methods: M; operations: K };
  start(host: FeatureHost): FeatureInstance<M, K>;
}

/** A feature, its methods and operations kept in its type (so the registry can check coverage). */
export function defineFeature<M extends ApiMethod = never, K extends OperationKind = never>(id: string, start: (host: FeatureHost) => FeatureInstance<M, K>): BackendFeature<M, K> {
  return { id, start };
}
