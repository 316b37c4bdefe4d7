import { AlreadyExistsError, NotFoundError } from '../errors.js';
import type { Decider } from '../store/store.js';
import type { RegistrationSource, SessionsEndedReason, SignInFailureReason, UserEvent } from './events.js';
import { evolveUser, initialUserState, isLocked, type UserState } from './evolve.js';
import { normalizeEmail, normalizeFullName } from './email.js';

export interface LockoutPolicy {
  maxFailedAttempts: number;
  lockoutMinutes: number;
}

export type UserCommand =
  | {
      type: 'Register';
      userId: string;
      email: string;
      fullName: string;
      passwordHash: string | null;
      isPlatformAdmin: boolean;
      source: RegistrationSource;
      emailVerified: boolean;
    }
  | { type: 'VerifyEmail'; method: RegistrationSource | 'mail' }
  | { type: 'ChangePassword'; passwordHash: string; reason: 'changed' | 'rehashed'; now: Date }
  | { type: 'RecordSignIn'; passwordOk: boolean; now: Date; policy: LockoutPolicy }
  | { type: 'Unlock' }
  | { type: 'SetActive'; active: boolean; now: Date }
  | { type: 'SetPlatformAdmin'; isPlatformAdmin: boolean }
  | { type: 'EndSessions'; now: Date; reason: SessionsEndedReason }
  /**
   * A verified SSO sign-in for this email while the account's own email is unverified: whoever set the
   * password never proved the mailbox, so the password goes and every session they hold ends.
   */
  | { type: 'TakeOverBySso'; now: Date };

export type SignInOutcome = 'ok' | SignInFailureReason;

/**
 * What a sign-in attempt amounts to. Inactive wins over locked (neither may sign in), and a wrong password
 * on a locked account is just a failure: only the right password learns that the account is locked.
 */
export function judgeSignIn(state: UserState, passwordOk: boolean, now: Date): SignInOutcome {
  if (!state.active) return 'inactive';
  if (isLocked(state, now)) return 'locked';
  return passwordOk ? 'ok' : 'wrong_password';
}

/**
 * The first whole second after `now`: `iat` has whole seconds, so a token minted in the same second as
 * the cut, before it, is still refused. Never moves backwards.
 */
export function notBeforeAfter(now: Date, current: string | null): string {
  const next = (Math.floor(now.getTime() / 1000) + 1) * 1000;
  const kept = current ? Date.parse(current) : 0;
  return new Date(Math.max(next, kept)).toISOString();
}

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  if (command.type === 'Register') {
    if (state.exists) throw new AlreadyExistsError('This user already exists');
    const { userId, passwordHash, isPlatformAdmin, source } = command;
    const email = normalizeEmail(command.email);
    const events: UserEvent[] = [
      { type: 'UserRegistered', data: { userId, email, fullName: normalizeFullName(command.fullName), passwordHash, isPlatformAdmin, source } },
    ];
    if (command.emailVerified) events.push({ type: 'UserEmailVerified', data: { userId, method: source } });
    return events;
  }
  if (!state.exists) throw new NotFoundError('User');
  const { userId } = state;
  switch (command.type) {
    case 'VerifyEmail':
      return state.emailVerified ? [] : [{ type: 'UserEmailVerified', data: { userId, method: command.method } }];
    case 'ChangePassword': {
      const events: UserEvent[] = [{ type: 'UserPasswordChanged', data: { userId, passwordHash: command.passwordHash, reason: command.reason } }];
      if (command.reason === 'changed') {
        events.push({
          type: 'UserSessionsEnded',
          data: { userId, notBefore: notBeforeAfter(command.now, state.tokensNotBefore), reason: 'password_changed' },
        });
      }
      return events;
    }
    case 'RecordSignIn': {
      const outcome = judgeSignIn(state, command.passwordOk, command.now);
      if (outcome === 'ok') return state.failedAttempts > 0 ? [{ type: 'UserSignInFailuresCleared', data: { userId } }] : [];
      const events: UserEvent[] = [{ type: 'UserSignInFailed', data: { userId, reason: outcome } }];
      const { maxFailedAttempts, lockoutMinutes } = command.policy;
      if (outcome === 'wrong_password' && state.failedAttempts + 1 >= maxFailedAttempts) {
        const until = new Date(command.now.getTime() + lockoutMinutes * 60_000).toISOString();
        events.push({ type: 'UserLocked', data: { userId, until, failedAttempts: state.failedAttempts + 1 } });
      }
      return events;
    }
    case 'Unlock':
      return state.lockedUntil !== null || state.failedAttempts > 0 ? [{ type: 'UserUnlocked', data: { userId } }] : [];
    case 'SetActive':
      if (state.active === command.active) return [];
      if (command.active) return [{ type: 'UserActivated', data: { userId } }];
      return [
        { type: 'UserDeactivated', data: { userId } },
        { type: 'UserSessionsEnded', data: { userId, notBefore: notBeforeAfter(command.now, state.tokensNotBefore), reason: 'deactivated' } },
      ];
    case 'SetPlatformAdmin':
      if (state.isPlatformAdmin === command.isPlatformAdmin) return [];
      return [{ type: command.isPlatformAdmin ? 'UserAdminGranted' : 'UserAdminRevoked', data: { userId } }];
    case 'TakeOverBySso':
      if (state.emailVerified) return [];
      return [
        ...(state.passwordHash !== null ? [{ type: 'UserPasswordRemoved', data: { userId, reason: 'sso_takeover' } } as const] : []),
        { type: 'UserSessionsEnded', data: { userId, notBefore: notBeforeAfter(command.now, state.tokensNotBefore), reason: 'sso_takeover' } },
        { type: 'UserEmailVerified', data: { userId, method: 'sso' } },
      ];
    case 'EndSessions':
      return [
        {
          type: 'UserSessionsEnded',
          data: { userId, notBefore: notBeforeAfter(command.now, state.tokensNotBefore), reason: command.reason },
        },
      ];
  }
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser,
};
