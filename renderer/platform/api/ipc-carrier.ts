// Desktop carrier: the preload exposes one named async function per API method
// (never a generic invoke), each resolving to a CallOutcome.
import type { ApiMethod, CallOutcome } from '../../../shared/contract/api.ts';
import { PRELOAD_FUNCTIONS, type ApiMethodName, type PreloadName } from '../../../shared/contract/api-names.ts';
import type { Carrier, CarrierState, RawEventHandler } from './carrier.ts';
import { clientError } from './client-errors.ts';

type PreloadCall = (params?: unknown) => Promise<unknown>;

/** What the preload exposes: one function per API method, named from it (api-names.ts), and the event stream. */
export type SpindlePreload = { [M in ApiMethodName as PreloadName<M>]: PreloadCall } & {
  onEvent(cb: (event: string, payload: unknown) => void): () => void;
};

declare global {
  interface Window {
    spindle?: Partial<SpindlePreload>;
  }
}

export function hasPreload(): boolean {
  return typeof window !== 'undefined' && typeof window.spindle?.onEvent === 'function';
}

export function createIpcCarrier(preload: Partial<SpindlePreload>): Carrier {
  const state: CarrierState = { kind: 'ipc', status: 'connected' };
  return {
    kind: 'ipc',
    async call<M extends ApiMethod>(method: M, params: unknown): Promise<CallOutcome<M>> {
      const fn = (preload as Record<string, unknown>)[PRELOAD_FUNCTIONS[method]];
      if (typeof fn !== 'function') return { ok: false, error: clientError('COMMAND_FAILED', 'missingMethod', { method }) };
      try {
        return (await (fn as PreloadCall)(params)) as CallOutcome<M>;
      } catch (e) {
        // The preload should never throw; if it does, keep the no-throw promise.
        return { ok: false, error: clientError('COMMAND_FAILED', 'ipcFailed', { reason: e instanceof Error ? e.message : String(e) }) };
      }
    },
    onEvent(handler: RawEventHandler) {
      return preload.onEvent ? preload.onEvent(handler) : () => undefined;
    },
    onState() {
      return () => undefined;
    },
    state: () => state,
  };
}
