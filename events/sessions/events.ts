import type { DomainEvent, StoredEvent } from '../store/types.js';

/** How the credential was obtained. */
export type SessionMethod = 'password' | 'cli' | 'sso';

/** Each sign-in's own stream `session-<jti>`, so user streams stay short however often people sign in. */
export type SessionStarted = DomainEvent<
  'SessionStarted',
  {
    sessionId: string;
    userId: string;
    email: string;
    method: SessionMethod;
    /** The token's `iat`, a whole second. */
    issuedAt: string;
    /** The token's `exp`; null for a CLI token minted without one. */
    expiresAt: string | null;
  }
>;

export type CredentialKind = 'session' | 'api_token';

/**
 * One credential stops working. Generic on purpose: API tokens append it to their own streams, and the
 * revocation view (api/auth/revocations.ts) checks every credential id against what this feeds.
 */
export type CredentialRevoked = DomainEvent<
  'CredentialRevoked',
  {
    credentialId: string;
    kind: CredentialKind;
    userId: string;
    /** After this the credential is refused anyway, so the in-memory view may forget it. */
    expiresAt: string | null;
    reason: string;
  }
>;

export type SessionEvent = SessionStarted | CredentialRevoked;

/** Distributes StoredEvent over the union, so `switch (event.type)` narrows `data`. */
export type StoredSessionEvent = { [K in SessionEvent['type']]: StoredEvent<Extract<SessionEvent, { type: K }>> }[SessionEvent['type']];

export const sessionEventTypes = {
  SessionStarted: {},
  CredentialRevoked: {},
} as const satisfies Record<SessionEvent['type'], { secretFields?: readonly string[] }>;

export const sessionStreamId = (sessionId: string) => `session-${sessionId}`;
