import type { UnitOfWork } from '../store/store.js';
import { decideUser, judgeSignIn, userDecider, type LockoutPolicy, type SignInOutcome } from './decide.js';
import { userStreamId } from './events.js';
import type { UserState } from './evolve.js';

/**
 * Records one sign-in attempt whose password was already verified (outside the transaction: Argon2 is
 * slow). Loading and appending happen under the log-head lock, so concurrent failures are each counted
 * against the state the previous one left, and exactly one of them locks the account. `verifiedHash`, when
 * given, is the hash the password was checked against.
 */
export async function recordSignInAttempt(
  unit: UnitOfWork,
  userId: string,
  passwordOk: boolean,
  policy: LockoutPolicy,
  verifiedHash?: string | null,
): Promise<{ outcome: SignInOutcome; user: UserState }> {
  const now = new Date(unit.meta.time);
  const streamId = userStreamId(userId);
  const { state, version } = await unit.load(streamId, userDecider);
  // A password verified against a hash that changed meanwhile proves nothing about the current one.
  if (verifiedHash !== undefined && verifiedHash !== state.passwordHash) passwordOk = false;
  const outcome = judgeSignIn(state, passwordOk, now);
  await unit.append(streamId, version, decideUser({ type: 'RecordSignIn', passwordOk, now, policy }, state));
  return { outcome, user: state };
}
