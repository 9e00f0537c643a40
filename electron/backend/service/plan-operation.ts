// From an API operation to its plan: the planner of the feature that owns the
// operation's kind, against the host's inventory.
import type { Inventory } from '../../../shared/contract/models.ts';
import type { Operation, OperationKind } from '../../../shared/contract/ops.ts';
import type { FeatureHost, Planner, Planners } from '../features/feature.ts';
import type { Plan } from '../plan/plan.ts';
import type { HostSession } from '../session/host-session.ts';

export async function planWith(planners: Planners<OperationKind>, session: HostSession, inv: Inventory, op: Operation): Promise<Plan> {
  const planner = planners[op.kind] as Planner<typeof op.kind>;
  return planner(session, inv, op.request as never);
}

/** A service of one session (the CLI's): what a feature may ask of it. */
export function singleSessionHost(session: HostSession, configDir: string): FeatureHost {
  return {
    configDir,
    session: () => session,
    loaded: async () => ({ session, inv: session.getInventory() ?? (await session.reload()) }),
    sessions: () => new Map([[session.name, session]]),
    emit: () => undefined,
    problem: () => undefined,
  };
}
