/**
 * Pure health bookkeeping for one upstream. A check either succeeds or fails; after `threshold`
 * consecutive failures a healthy upstream becomes unhealthy, and the next success makes it healthy again.
 * Only those two changes are transitions (the catalog records them as events); every other check just
 * updates the counters.
 */
export type HealthStatus = 'healthy' | 'unhealthy';

export interface HealthState {
  status: HealthStatus;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastCheckedAt: Date | null;
}

export type CheckOutcome = { ok: true; at: Date } | { ok: false; at: Date; error: string };

export interface HealthTransition {
  from: HealthStatus;
  to: HealthStatus;
  at: Date;
  lastError: string | null;
  lastErrorAt: Date | null;
}

/** A freshly connected upstream has just answered, so it starts healthy. */
export const initialHealth: HealthState = {
  status: 'healthy',
  consecutiveFailures: 0,
  lastError: null,
  lastErrorAt: null,
  lastCheckedAt: null,
};

export function recordCheck(state: HealthState, outcome: CheckOutcome, threshold: number): { state: HealthState; transition: HealthTransition | null } {
  if (outcome.ok) {
    const next: HealthState = { ...state, status: 'healthy', consecutiveFailures: 0, lastCheckedAt: outcome.at };
    const transition = state.status === 'unhealthy' ? { from: state.status, to: next.status, at: outcome.at, lastError: state.lastError, lastErrorAt: state.lastErrorAt } : null;
    return { state: next, transition };
  }
  const failures = state.consecutiveFailures + 1;
  const status: HealthStatus = state.status === 'healthy' && failures < threshold ? 'healthy' : 'unhealthy';
  const next: HealthState = { status, consecutiveFailures: failures, lastError: outcome.error, lastErrorAt: outcome.at, lastCheckedAt: outcome.at };
  const transition = state.status !== status ? { from: state.status, to: status, at: outcome.at, lastError: outcome.error, lastErrorAt: outcome.at } : null;
  return { state: next, transition };
}
