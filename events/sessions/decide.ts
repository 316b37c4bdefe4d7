import { AlreadyExistsError, NotFoundError } from '../errors.js';
import type { Decider } from '../store/store.js';
import type { SessionEvent, SessionMethod } from './events.js';
import { evolveSession, initialSessionState, type SessionState } from './evolve.js';

export type SessionCommand =
  | { type: 'Start'; sessionId: string; userId: string; email: string; method: SessionMethod; issuedAt: string; expiresAt: string | null }
  /**
   * `unrecorded` describes a credential with no recorded session (a token minted elsewhere with our key),
   * so it can still be revoked by its id.
   */
  | { type: 'Revoke'; reason: string; unrecorded?: { sessionId: string; userId: string; expiresAt: string | null } };

export function decideSession(command: SessionCommand, state: SessionState): SessionEvent[] {
  switch (command.type) {
    case 'Start': {
      if (state.exists) throw new AlreadyExistsError('This session already exists');
      const { type: _type, ...data } = command;
      return [{ type: 'SessionStarted', data }];
    }
    case 'Revoke': {
      if (state.revoked) return [];
      const credential = state.exists ? state : command.unrecorded;
      if (!credential) throw new NotFoundError('Session');
      const { sessionId, userId, expiresAt } = credential;
      return [{ type: 'CredentialRevoked', data: { credentialId: sessionId, kind: 'session', userId, expiresAt, reason: command.reason } }];
    }
  }
}

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState: initialSessionState,
  evolve: evolveSession,
  decide: decideSession,
};
