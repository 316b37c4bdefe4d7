import { recordCheck, initialHealth, type HealthState, type HealthTransition } from './health.js';
import type { Timer } from './timer.js';

export const DEFAULT_HEALTH_INTERVAL_MS = 60_000;
export const DEFAULT_UNHEALTHY_THRESHOLD = 5;

export interface HealthMonitorOptions {
  /** One check: resolves when the upstream answered, throws (with a clear message) when not. */
  probe: () => Promise<void>;
  timer: Timer;
  /** HEALTH_CHECK_INTERVAL, counted from the end of the previous check so checks never overlap. */
  intervalMs?: number;
  /** UNHEALTHY_THRESHOLD */
  threshold?: number;
  onTransition: (transition: HealthTransition, state: HealthState) => void;
  initial?: HealthState;
}

export interface HealthMonitor {
  state(): HealthState;
  /** Runs a check now (or joins the one in flight). */
  checkNow(): Promise<HealthState>;
  stop(): void;
}

export function startHealthChecks(options: HealthMonitorOptions): HealthMonitor {
  const { probe, timer, onTransition } = options;
  const intervalMs = options.intervalMs ?? DEFAULT_HEALTH_INTERVAL_MS;
  const threshold = options.threshold ?? DEFAULT_UNHEALTHY_THRESHOLD;
  let state = options.initial ?? initialHealth;
  let inFlight: Promise<HealthState> | null = null;
  let cancel: (() => void) | null = null;
  let stopped = false;

  const schedule = () => {
    if (!stopped) cancel = timer.schedule(intervalMs, () => void check());
  };

  const check = (): Promise<HealthState> => {
    if (inFlight) return inFlight;
    cancel?.();
    inFlight = (async () => {
      let outcome: Parameters<typeof recordCheck>[1];
      try {
        await probe();
        outcome = { ok: true, at: timer.now() };
      } catch (err) {
        outcome = { ok: false, at: timer.now(), error: err instanceof Error ? err.message : String(err) };
      }
      const result = recordCheck(state, outcome, threshold);
      state = result.state;
      if (result.transition && !stopped) onTransition(result.transition, state);
      return state;
    })().finally(() => {
      inFlight = null;
      schedule();
    });
    return inFlight;
  };

  schedule();
  return {
    state: () => state,
    checkNow: check,
    stop() {
      stopped = true;
      cancel?.();
    },
  };
}
