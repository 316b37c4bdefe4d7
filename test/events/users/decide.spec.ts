import { describe, expect, it } from 'vitest';
import { decideUser, notBeforeAfter, type UserCommand } from '../../../events/users/decide.js';
import { evolveUser, initialUserState, isLocked, type UserState } from '../../../events/users/evolve.js';
import type { UserEvent } from '../../../events/users/events.js';

const T0 = new Date('2026-01-01T10:00:00.250Z');
const policy = { maxFailedAttempts: 3, lockoutMinutes: 30 };

/** given events → state; when command → events (Emmett's decider specs). */
function given(...events: UserEvent[]): UserState {
  return events.reduce(
    (s, e, i) => evolveUser(s, { ...e, position: i + 1, streamId: 'user-u1', streamVersion: i + 1, hash: '', metadata: { actor: null, requestId: null, clientIp: null, userAgent: null, time: T0.toISOString() } }),
    initialUserState(),
  );
}
const when = (state: UserState, command: UserCommand) => decideUser(command, state);
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', email: 'ann@example.com', fullName: 'Ann', passwordHash: '$argon2id$x', isPlatformAdmin: false, source: 'self' },
};
const failure: UserEvent = { type: 'UserSignInFailed', data: { userId: 'u1', reason: 'wrong_password' } };

describe('users decider', () => {
  it('normalises the email on registration and records verification only when the source vouches for it', () => {
    const register = (emailVerified: boolean): UserCommand => ({
      type: 'Register', userId: 'u1', email: '  Ann@Example.COM ', fullName: ' Ann ', passwordHash: null, isPlatformAdmin: false, source: 'admin', emailVerified,
    });
    expect(when(initialUserState(), register(true))).toEqual([
      { type: 'UserRegistered', data: { userId: 'u1', email: 'ann@example.com', fullName: 'Ann', passwordHash: null, isPlatformAdmin: false, source: 'admin' } },
      { type: 'UserEmailVerified', data: { userId: 'u1', method: 'admin' } },
    ]);
    expect(when(initialUserState(), register(false)).map((e) => e.type)).toEqual(['UserRegistered']);
    expect(() => when(given(registered), register(false))).toThrow(/already exists/);
    expect(() => when(initialUserState(), { ...register(false), email: 'not-an-email' } as UserCommand)).toThrow(/not a valid email/);
  });

  it('locks at exactly the maximum number of failures, and failures while locked do not count', () => {
    const now = T0;
    const afterTwo = given(registered, failure, failure);
    expect(when(afterTwo, { type: 'RecordSignIn', passwordOk: false, now, policy })).toEqual([
      failure,
      { type: 'UserLocked', data: { userId: 'u1', until: '2026-01-01T10:30:00.250Z', failedAttempts: 3 } },
    ]);
    const locked = given(registered, failure, failure, failure, { type: 'UserLocked', data: { userId: 'u1', until: '2026-01-01T10:30:00.250Z', failedAttempts: 3 } });
    expect(locked.failedAttempts).toBe(0);
    expect(when(locked, { type: 'RecordSignIn', passwordOk: false, now, policy })).toEqual([
      { type: 'UserSignInFailed', data: { userId: 'u1', reason: 'locked' } },
    ]);
    expect(when(locked, { type: 'RecordSignIn', passwordOk: true, now, policy })).toEqual([
      { type: 'UserSignInFailed', data: { userId: 'u1', reason: 'locked' } },
    ]);
    // The lock ends by itself; the count starts again from zero.
    const later = new Date('2026-01-01T10:30:00.250Z');
    expect(isLocked(locked, later)).toBe(false);
    expect(when(locked, { type: 'RecordSignIn', passwordOk: true, now: later, policy })).toEqual([]);
    expect(when(locked, { type: 'RecordSignIn', passwordOk: false, now: later, policy })).toEqual([failure]);
  });

  it('clears failures on a successful sign-in and refuses an inactive account without counting', () => {
    expect(when(given(registered, failure), { type: 'RecordSignIn', passwordOk: true, now: T0, policy })).toEqual([
      { type: 'UserSignInFailuresCleared', data: { userId: 'u1' } },
    ]);
    const inactive = given(registered, { type: 'UserDeactivated', data: { userId: 'u1' } });
    expect(when(inactive, { type: 'RecordSignIn', passwordOk: true, now: T0, policy })).toEqual([
      { type: 'UserSignInFailed', data: { userId: 'u1', reason: 'inactive' } },
    ]);
  });

  it('unlocks only what is locked or has failures', () => {
    expect(when(given(registered), { type: 'Unlock' })).toEqual([]);
    expect(when(given(registered, failure), { type: 'Unlock' })).toEqual([{ type: 'UserUnlocked', data: { userId: 'u1' } }]);
  });

  it('ends every session on a password change and on deactivation, but not on a rehash', () => {
    expect(when(given(registered), { type: 'ChangePassword', passwordHash: 'h2', reason: 'changed', now: T0 })).toEqual([
      { type: 'UserPasswordChanged', data: { userId: 'u1', passwordHash: 'h2', reason: 'changed' } },
      { type: 'UserSessionsEnded', data: { userId: 'u1', notBefore: '2026-01-01T10:00:01.000Z', reason: 'password_changed' } },
    ]);
    expect(when(given(registered), { type: 'ChangePassword', passwordHash: 'h2', reason: 'rehashed', now: T0 }).map((e) => e.type)).toEqual([
      'UserPasswordChanged',
    ]);
    expect(when(given(registered), { type: 'SetActive', active: false, now: T0 }).map((e) => e.type)).toEqual([
      'UserDeactivated',
      'UserSessionsEnded',
    ]);
    expect(when(given(registered), { type: 'SetActive', active: true, now: T0 })).toEqual([]);
  });

  it('moves the not-before time to the next whole second and never backwards', () => {
    expect(notBeforeAfter(new Date('2026-01-01T10:00:00.000Z'), null)).toBe('2026-01-01T10:00:01.000Z');
    expect(notBeforeAfter(new Date('2026-01-01T10:00:00.999Z'), null)).toBe('2026-01-01T10:00:01.000Z');
    expect(notBeforeAfter(new Date('2026-01-01T09:00:00.000Z'), '2026-01-01T10:00:01.000Z')).toBe('2026-01-01T10:00:01.000Z');
  });

  it('grants and revokes platform admin idempotently, and refuses commands for an unknown user', () => {
    expect(when(given(registered), { type: 'SetPlatformAdmin', isPlatformAdmin: true })).toEqual([{ type: 'UserAdminGranted', data: { userId: 'u1' } }]);
    expect(when(given(registered), { type: 'SetPlatformAdmin', isPlatformAdmin: false })).toEqual([]);
    expect(() => when(initialUserState(), { type: 'Unlock' })).toThrow(/User not found/);
  });
});
