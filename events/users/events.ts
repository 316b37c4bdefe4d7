import type { DomainEvent, StoredEvent } from '../store/types.js';

/** How an account came to exist: decides whether its email counts as verified at once. */
export type RegistrationSource = 'bootstrap' | 'admin' | 'self' | 'sso';

export type SignInFailureReason = 'wrong_password' | 'locked' | 'inactive';

/** Why every session of a user ended at once (the per-user not-before time moved). */
export type SessionsEndedReason = 'password_changed' | 'admin' | 'deactivated' | 'sso_takeover';

export type UserRegistered = DomainEvent<
  'UserRegistered',
  {
    userId: string;
    email: string;
    fullName: string;
    /** PHC string; null for accounts that sign in only through SSO. A secret field (sealed in the chain). */
    passwordHash: string | null;
    isPlatformAdmin: boolean;
    source: RegistrationSource;
  }
>;
export type UserEmailVerified = DomainEvent<'UserEmailVerified', { userId: string; method: RegistrationSource | 'mail' }>;
export type UserPasswordChanged = DomainEvent<
  'UserPasswordChanged',
  { userId: string; passwordHash: string; reason: 'changed' | 'rehashed' | 'reset' }
>;
/** The account signs in only through SSO from now on (an unverified account taken over by a verified SSO sign-in). */
export type UserPasswordRemoved = DomainEvent<'UserPasswordRemoved', { userId: string; reason: 'sso_takeover' }>;
export type UserSignInFailed = DomainEvent<'UserSignInFailed', { userId: string; reason: SignInFailureReason }>;
export type UserLocked = DomainEvent<'UserLocked', { userId: string; until: string; failedAttempts: number }>;
export type UserUnlocked = DomainEvent<'UserUnlocked', { userId: string }>;
/** A successful sign-in after failures: the count starts again from zero. */
export type UserSignInFailuresCleared = DomainEvent<'UserSignInFailuresCleared', { userId: string }>;
export type UserActivated = DomainEvent<'UserActivated', { userId: string }>;
export type UserDeactivated = DomainEvent<'UserDeactivated', { userId: string }>;
export type UserAdminGranted = DomainEvent<'UserAdminGranted', { userId: string }>;
export type UserAdminRevoked = DomainEvent<'UserAdminRevoked', { userId: string }>;
/**
 * Every credential issued before `notBefore` stops working. Token `iat` has whole seconds, so
 * `notBefore` is always a whole second: tokens issued at or after it are accepted (see api/auth/jwt.ts).
 */
export type UserSessionsEnded = DomainEvent<'UserSessionsEnded', { userId: string; notBefore: string; reason: SessionsEndedReason }>;

export type UserEvent =
  | UserRegistered
  | UserEmailVerified
  | UserPasswordChanged
  | UserPasswordRemoved
  | UserSignInFailed
  | UserLocked
  | UserUnlocked
  | UserSignInFailuresCleared
  | UserActivated
  | UserDeactivated
  | UserAdminGranted
  | UserAdminRevoked
  | UserSessionsEnded;

/** StoredEvent does not distribute over a union; this does, so `switch (event.type)` narrows `data`. */
export type StoredUserEvent = { [K in UserEvent['type']]: StoredEvent<Extract<UserEvent, { type: K }>> }[UserEvent['type']];

export const userEventTypes = {
  UserRegistered: { secretFields: ['passwordHash'] },
  UserEmailVerified: {},
  UserPasswordChanged: { secretFields: ['passwordHash'] },
  UserPasswordRemoved: {},
  UserSignInFailed: {},
  UserLocked: {},
  UserUnlocked: {},
  UserSignInFailuresCleared: {},
  UserActivated: {},
  UserDeactivated: {},
  UserAdminGranted: {},
  UserAdminRevoked: {},
  UserSessionsEnded: {},
} as const satisfies Record<UserEvent['type'], { secretFields?: readonly string[] }>;

export const userStreamId = (userId: string) => `user-${userId}`;
