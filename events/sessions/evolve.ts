import type { StoredEvent } from '../store/types.js';
import type { SessionEvent, StoredSessionEvent } from './events.js';

export interface SessionState {
  exists: boolean;
  sessionId: string;
  userId: string;
  expiresAt: string | null;
  revoked: boolean;
}

export function initialSessionState(): SessionState {
  return { exists: false, sessionId: '', userId: '', expiresAt: null, revoked: false };
}

export function evolveSession(state: SessionState, stored: StoredEvent<SessionEvent>): SessionState {
  const event = stored as StoredSessionEvent;
  switch (event.type) {
    case 'SessionStarted':
      return { exists: true, sessionId: event.data.sessionId, userId: event.data.userId, expiresAt: event.data.expiresAt, revoked: false };
    case 'CredentialRevoked':
      return { ...state, revoked: true };
  }
}
