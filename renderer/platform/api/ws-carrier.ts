// Browser-mode carrier: JSON frames over one WebSocket to the local server
// (request {id, method, params}, response {id, ok, result|error}, event
// {event, payload}). When the socket drops it reconnects with backoff and
// reports that as state, so the status bar can show it.
import type { ApiMethod, CallOutcome } from '../../../shared/contract/api.ts';
import type { Carrier, CarrierState, RawEventHandler } from './carrier.ts';
import { clientError } from './client-errors.ts';

/** Delays before reconnect attempts 1, 2, 3...; the last one repeats. */
export const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000] as const;

type Settle = (outcome: CallOutcome<ApiMethod>) => void;

export interface WsCarrier extends Carrier {
  /** Skips the rest of the backoff wait (the status bar's "Retry now"). */
  retryNow(): void;
}

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 15000;
  // Jitter so many tabs do not hammer a restarting server in lockstep.
  return Math.round(base * (0.8 + random() * 0.4));
}

export function createWsCarrier(url: string): WsCarrier {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let state: CarrierState = { kind: 'ws', status: 'connecting' };
  const pending = new Map<number, Settle>();
  /** Frames sent before the socket first opened. */
  const queued: string[] = [];
  const eventHandlers = new Set<RawEventHandler>();
  const stateHandlers = new Set<(s: CarrierState) => void>();

  const setState = (next: CarrierState): void => {
    state = next;
    for (const h of stateHandlers) h(next);
  };

  const failPending = (): void => {
    const error = clientError('DISCONNECTED', 'connectionLost');
    for (const settle of pending.values()) settle({ ok: false, error });
    pending.clear();
    queued.length = 0;
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      console.warn('spindle: ignoring a frame that is not JSON');
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const f = frame as Record<string, unknown>;
    if (typeof f.id === 'number') {
      const settle = pending.get(f.id);
      if (!settle) return;
      pending.delete(f.id);
      settle(f.ok === true ? { ok: true, result: f.result as never } : { ok: false, error: f.error as never });
    } else if (typeof f.event === 'string') {
      for (const h of eventHandlers) h(f.event, f.payload);
    }
  };

  /** After failed reconnects: is it the server that is down, or our token that is no longer valid? */
  const tokenRejected = async (): Promise<boolean> => {
    try {
      const u = new URL(url.replace(/^ws/, 'http'));
      const r = await fetch(`/api/session?token=${encodeURIComponent(u.searchParams.get('token') ?? '')}`, { cache: 'no-store' });
      return r.status === 401;
    } catch {
      return false; // unreachable: keep retrying
    }
  };

  const scheduleReconnect = (): void => {
    if (attempt >= 1) {
      void tokenRejected().then((rejected) => {
        if (rejected) setState({ kind: 'ws', status: 'expired' });
        else scheduleRetry();
      });
      return;
    }
    scheduleRetry();
  };

  const scheduleRetry = (): void => {
    const delay = backoffDelay(attempt);
    attempt += 1;
    setState({ kind: 'ws', status: 'reconnecting', attempt, retryAt: Date.now() + delay });
    retryTimer = setTimeout(connect, delay);
  };

  function connect(): void {
    retryTimer = null;
    const sock = new WebSocket(url);
    socket = sock;
    sock.onopen = () => {
      if (socket !== sock) return;
      attempt = 0;
      setState({ kind: 'ws', status: 'connected' });
      for (const frame of queued.splice(0)) sock.send(frame);
    };
    sock.onmessage = (ev: MessageEvent) => onMessage(ev.data);
    // 'error' is always followed by 'close'; reconnecting is handled there.
    sock.onerror = () => undefined;
    sock.onclose = () => {
      if (socket !== sock) return;
      socket = null;
      failPending();
      scheduleReconnect();
    };
  }

  const retryNow = (): void => {
    if (!retryTimer) return;
    clearTimeout(retryTimer);
    connect();
  };
  // Coming back online is a good moment to try at once.
  window.addEventListener('online', retryNow);

  connect();

  return {
    kind: 'ws',
    call<M extends ApiMethod>(method: M, params: unknown): Promise<CallOutcome<M>> {
      const open = socket?.readyState === WebSocket.OPEN;
      if (!open && state.status !== 'connecting') {
        return Promise.resolve({ ok: false, error: clientError('DISCONNECTED', 'notConnected') });
      }
      const id = nextId++;
      const frame = JSON.stringify({ id, method, params: params ?? {} });
      return new Promise<CallOutcome<M>>((resolve) => {
        pending.set(id, resolve as Settle);
        if (open) socket?.send(frame);
        else queued.push(frame);
      });
    },
    onEvent(handler) {
      eventHandlers.add(handler);
      return () => eventHandlers.delete(handler);
    },
    onState(handler) {
      stateHandlers.add(handler);
      return () => stateHandlers.delete(handler);
    },
    state: () => state,
    retryNow,
  };
}

/** A carrier for browser mode opened without a token: every call fails clearly. */
export function createNoTokenCarrier(): Carrier {
  const state: CarrierState = { kind: 'ws', status: 'no-token' };
  return {
    kind: 'ws',
    call: () => Promise.resolve({ ok: false, error: clientError('PERMISSION_DENIED', 'noToken') }),
    onEvent: () => () => undefined,
    onState: () => () => undefined,
    state: () => state,
  };
}
