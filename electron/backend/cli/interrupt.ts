// Ctrl-C and SIGTERM for the CLI's long commands: the first one asks the
// command to end cleanly (a stream stops, a job is cancelled and undone);
// the handler is then removed, so a second one ends the process at once.
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Calls `cb` on the first SIGINT or SIGTERM. Returns a function that removes the handler. */
export function onInterrupt(cb: (signal: StopSignal) => void): () => void {
  const handlers = new Map<StopSignal, () => void>();
  const dispose = (): void => {
    for (const [sig, h] of handlers) process.off(sig, h);
    handlers.clear();
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const h = (): void => {
      dispose();
      cb(sig);
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  return dispose;
}
