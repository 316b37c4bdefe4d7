/** How a supervised stdio child is restarted after it exits. */
export interface BackoffPolicy {
  /** First delay; each further consecutive restart doubles it. */
  initialMs: number;
  maxMs: number;
  /** A child that ran at least this long counts as stable: its exit starts again from initialMs. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, stableAfterMs: 60_000 };

/** Delay before restart number `attempt` (0-based) of a run of consecutive restarts: 1 s, 2 s, 4 s… capped. */
export function restartDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.initialMs * 2 ** Math.min(attempt, 30), policy.maxMs);
}
