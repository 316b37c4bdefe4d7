import type { Clock } from '../../../events/store/store.js';

/**
 * Time for back-off and health checks, injectable so tests advance it instead of sleeping.
 * `schedule` returns a cancel function.
 */
export interface Timer extends Clock {
  schedule(delayMs: number, run: () => void): () => void;
}

export const systemTimer: Timer = {
  now: () => new Date(),
  schedule(delayMs, run) {
    const handle = setTimeout(run, delayMs);
    // A pending restart or health check must not keep the process alive on shutdown.
    handle.unref();
    return () => clearTimeout(handle);
  },
};
