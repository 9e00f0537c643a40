// Every backend feature, one line each. The service (and the CLI) start them
// with startFeatures(); the checks at the bottom make the type checker name
// any API method or operation that nobody answers.
import type { ApiMethod } from '../../../shared/contract/api.ts';
import type { OperationKind } from '../../../shared/contract/ops.ts';
import type { BackendFeature, FeatureHost, FeatureInstance, Handlers, Planners } from './feature.ts';
import { disksFeature } from './disks/feature.ts';
import { filesFeature } from './files/feature.ts';
import { mountsFeature } from './mounts/feature.ts';
import { poolsFeature } from './pools/feature.ts';
import { blockjobsFeature } from './blockjobs/feature.ts';
import { statsFeature } from './stats/feature.ts';
import { volumesFeature } from './volumes/feature.ts';

export const FEATURES = [volumesFeature, disksFeature, filesFeature, mountsFeature, statsFeature, poolsFeature, blockjobsFeature] as const;

type Methods<F> = F extends { types?: { methods: infer M } } ? M : never;
type Kinds<F> = F extends { types?: { operations: infer K } } ? K : never;
export type FeatureMethod = Methods<(typeof FEATURES)[number]>;
export type FeatureOperation = Kinds<(typeof FEATURES)[number]>;

/** The API methods the service answers itself (hosts, inventory, operations and jobs, settings). */
export type ServiceMethod = 'hosts.list' | 'hosts.test' | 'hosts.add' | 'hosts.remove' | 'hosts.connect' | 'inventory.get' | 'inventory.refresh' | 'ops.plan' | 'ops.start' | 'jobs.list' | 'jobs.cancel' | 'jobs.undo' | 'jobs.forget' | 'settings.problems';

// A method or operation in the contract that neither the service nor any feature handles is a compile error here, naming it.
type Unhandled = Exclude<ApiMethod, ServiceMethod | FeatureMethod>;
type Unplanned = Exclude<OperationKind, FeatureOperation>;
export const EVERY_METHOD_HANDLED: [Unhandled] extends [never] ? true : { unhandled: Unhandled } = true;
export const EVERY_OPERATION_PLANNED: [Unplanned] extends [never] ? true : { unplanned: Unplanned } = true;

export interface StartedFeatures {
  instances: FeatureInstance<ApiMethod, OperationKind>[];
  handlers: Handlers<FeatureMethod>;
  planners: Planners<OperationKind>;
}

export function startFeatures(host: FeatureHost): StartedFeatures {
  const instances = FEATURES.map((f) => (f as BackendFeature<ApiMethod, OperationKind>).start(host));
  const handlers = Object.assign({}, ...instances.map((i) => i.handlers)) as Handlers<FeatureMethod>;
  const planners = Object.assign({}, ...instances.map((i) => i.planners)) as Planners<OperationKind>;
  return { instances, handlers, planners };
}
