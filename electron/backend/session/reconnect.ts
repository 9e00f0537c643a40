// When to try a lost host again. Quick at first (a dropped TCP connection or a
// libvirtd restart is back within seconds, and the target is data flowing
// again under 5 s after the service returns), never faster than every 2 s for
// the first two minutes, then every 15 s: a host that stays down costs one
// connection attempt per 15 s, not a storm.
export const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000] as const;
export const RECONNECT_FAST_PHASE_MS = 120_000;
export const RECONNECT_SLOW_DELAY_MS = 15_000;

/** Delay before attempt `attempt` (0-based) of a host that has been down for `downForMs`. */
export function reconnectDelay(attempt: number, downForMs: number): number {
  if (downForMs >= RECONNECT_FAST_PHASE_MS) return RECONNECT_SLOW_DELAY_MS;
  return RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 2000;
}

/** Still reconnecting quickly ("reconnecting"), or settled into slow retries ("offline"). */
export function reconnectPhase(downForMs: number): 'reconnecting' | 'offline' {
  return downForMs >= RECONNECT_FAST_PHASE_MS ? 'offline' : 'reconnecting';
}
