// The one API client the UI uses. It picks the carrier (the desktop preload
// when present, else the browser-mode WebSocket), checks every result and
// every pushed event against the shared contract, and never throws.
import { API, EVENTS, type ApiEvent, type ApiEventPayload, type ApiMethod, type ApiParams, type ApiResult, type CallOutcome } from '../../../shared/contract/api.ts';
import { ErrorInfoSchema } from '../../../shared/core/errors.ts';
import { isStatsHistory, isStatsTick } from '../../../shared/contract/features/stats.check.ts';
import type { Carrier, CarrierState } from './carrier.ts';
import { clientError } from './client-errors.ts';
import { createIpcCarrier, hasPreload } from './ipc-carrier.ts';
import { takeToken } from './token.ts';
import { createNoTokenCarrier, createWsCarrier } from './ws-carrier.ts';

export type { CarrierState } from './carrier.ts';

/** An event whose payload passed its schema. */
export type ApiEventMessage = { [E in ApiEvent]: { event: E; payload: ApiEventPayload<E> } }[ApiEvent];

function isApiEvent(e: string): e is ApiEvent {
  return Object.prototype.hasOwnProperty.call(EVENTS, e);
}

/**
 * Payloads checked in place instead of through zod (which copies them): the
 * per-tick samples, the bulk of what the renderer receives. Same rules.
 */
const FAST_RESULTS: Partial<Record<ApiMethod, (v: unknown) => boolean>> = { 'stats.watch': isStatsHistory };
const FAST_EVENTS: Partial<Record<ApiEvent, (v: unknown) => boolean>> = { stats: isStatsTick };

export class SpindleClient {
  constructor(private readonly carrier: Carrier) {}

  get carrierKind(): Carrier['kind'] {
    return this.carrier.kind;
  }

  async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<CallOutcome<M>> {
    const out = await this.carrier.call(method, params);
    if (!out.ok) {
      const err = ErrorInfoSchema.safeParse(out.error);
      return { ok: false, error: err.success ? err.data : clientError('COMMAND_FAILED', 'badReply', { method }) };
    }
    const fast = FAST_RESULTS[method];
    if (fast?.(out.result)) return { ok: true, result: out.result as ApiResult<M> };
    const parsed = API[method].result.safeParse(out.result);
    if (!parsed.success) {
      console.warn(`spindle: ${method} returned a result that does not match the contract`, parsed.error.issues);
      return { ok: false, error: clientError('COMMAND_FAILED', 'badReply', { method }) };
    }
    return { ok: true, result: parsed.data as ApiResult<M> };
  }

  /** Subscribes to pushed events; malformed ones are dropped with a warning. */
  onEvent(handler: (msg: ApiEventMessage) => void): () => void {
    return this.carrier.onEvent((event, payload) => {
      if (!isApiEvent(event)) return;
      if (FAST_EVENTS[event]?.(payload)) {
        handler({ event, payload } as ApiEventMessage);
        return;
      }
      const parsed = EVENTS[event].safeParse(payload);
      if (!parsed.success) {
        console.warn(`spindle: dropping a malformed "${event}" event`, parsed.error.issues);
        return;
      }
      handler({ event, payload: parsed.data } as ApiEventMessage);
    });
  }

  onState(handler: (state: CarrierState) => void): () => void {
    return this.carrier.onState(handler);
  }

  state(): CarrierState {
    return this.carrier.state();
  }

  retryNow(): void {
    const c = this.carrier as Partial<{ retryNow: () => void }>;
    c.retryNow?.();
  }
}

export function createClient(): SpindleClient {
  if (hasPreload() && window.spindle) return new SpindleClient(createIpcCarrier(window.spindle));
  const token = takeToken();
  if (!token) return new SpindleClient(createNoTokenCarrier());
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return new SpindleClient(createWsCarrier(`${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`));
}
