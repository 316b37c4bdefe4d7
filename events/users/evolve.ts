import type { StoredEvent } from '../store/types.js';
import type { RegistrationSource, StoredUserEvent, UserEvent } from './events.js';

/** One account as its stream folds: what `decide` needs, nothing more. */
export interface UserState {
  exists: boolean;
  userId: string;
  email: string;
  fullName: string;
  passwordHash: string | null;
  isPlatformAdmin: boolean;
  active: boolean;
  emailVerified: boolean;
  source: RegistrationSource | null;
  /** Failures since the last success, unlock or lock. */
  failedAttempts: number;
  lockedUntil: string | null;
  tokensNotBefore: string | null;
}

export function initialUserState(): UserState {
  return {
    exists: false,
    userId: '',
    email: '',
    fullName: '',
    passwordHash: null,
    isPlatformAdmin: false,
    active: false,
    emailVerified: false,
    source: null,
    failedAttempts: 0,
    lockedUntil: null,
    tokensNotBefore: null,
  };
}

export function evolveUser(state: UserState, stored: StoredEvent<UserEvent>): UserState {
  const event = stored as StoredUserEvent;
  switch (event.type) {
    case 'UserRegistered': {
      const d = event.data;
      return {
        ...initialUserState(),
        exists: true,
        userId: d.userId,
        email: d.email,
        fullName: d.fullName,
        passwordHash: d.passwordHash,
        isPlatformAdmin: d.isPlatformAdmin,
        active: true,
        source: d.source,
      };
    }
    case 'UserEmailVerified':
      return { ...state, emailVerified: true };
    case 'UserPasswordChanged':
      return { ...state, passwordHash: event.data.passwordHash };
    case 'UserPasswordRemoved':
      return { ...state, passwordHash: null };
    case 'UserSignInFailed':
      // Failures while locked or inactive do not count towards the next lock.
      return event.data.reason === 'wrong_password' ? { ...state, failedAttempts: state.failedAttempts + 1 } : state;
    case 'UserLocked':
      return { ...state, failedAttempts: 0, lockedUntil: event.data.until };
    case 'UserUnlocked':
      return { ...state, failedAttempts: 0, lockedUntil: null };
    case 'UserSignInFailuresCleared':
      return { ...state, failedAttempts: 0 };
    case 'UserActivated':
      return { ...state, active: true };
    case 'UserDeactivated':
      return { ...state, active: false };
    case 'UserAdminGranted':
      return { ...state, isPlatformAdmin: true };
    case 'UserAdminRevoked':
      return { ...state, isPlatformAdmin: false };
    case 'UserSessionsEnded':
      return { ...state, tokensNotBefore: event.data.notBefore };
  }
}

/** Locked now? A lock ends by itself at `lockedUntil`. */
export function isLocked(state: Pick<UserState, 'lockedUntil'>, now: Date): boolean {
  return state.lockedUntil !== null && Date.parse(state.lockedUntil) > now.getTime();
}
