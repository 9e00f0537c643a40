// What the client needs from a transport. The desktop app (preload IPC) and
// browser mode (WebSocket) both implement it; nothing above the client knows
// which one is in use.
import type { ApiMethod, CallOutcome } from '../../../shared/contract/api.ts';

export type CarrierKind = 'ipc' | 'ws';

export type CarrierState =
  | { kind: CarrierKind; status: 'connecting' }
  | { kind: CarrierKind; status: 'connected' }
  /** The socket dropped; the next attempt starts at `retryAt` (epoch ms). */
  | { kind: CarrierKind; status: 'reconnecting'; attempt: number; retryAt: number }
  /** Browser mode opened without the access token: nothing to connect with. */
  | { kind: CarrierKind; status: 'no-token' }
  /** The server no longer accepts this page's token (it was restarted). */
  | { kind: CarrierKind; status: 'expired' };

export type RawEventHandler = (event: string, payload: unknown) => void;

export interface Carrier {
  readonly kind: CarrierKind;
  /** Resolves to an outcome; never rejects. */
  call<M extends ApiMethod>(method: M, params: unknown): Promise<CallOutcome<M>>;
  onEvent(handler: RawEventHandler): () => void;
  onState(handler: (state: CarrierState) => void): () => void;
  state(): CarrierState;
}
