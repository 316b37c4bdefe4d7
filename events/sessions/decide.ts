import { AlreadyExistsError, NotFoundError } from '../errors.js';
import type { Decider } from '../store/store.js';
import type { SessionEvent, SessionMethod } from './events.js';
import { evolveSession, initialSessionState, type SessionState } from './evolve.js';

export type SessionCommand =
  | { type: 'Start'; sessionId: string; userId: string; email: string; method: SessionMethod; issuedAt: string; expiresAt: string | null }
  | { type: 'Revoke'; reason: string };

export function decideSession(command: SessionCommand, state: SessionState): SessionEvent[] {
  switch (command.type) {
    case 'Start': {
      if (state.exists) throw new AlreadyExistsError('This session already exists');
      const { type: _type, ...data } = command;
      return [{ type: 'SessionStarted', data }];
    }
    case 'Revoke':
      if (!state.exists) throw new NotFoundError('Session');
      if (state.revoked) return [];
      return [
        {
          type: 'CredentialRevoked',
          data: { credentialId: state.sessionId, kind: 'session', userId: state.userId, expiresAt: state.expiresAt, reason: command.reason },
        },
      ];
  }
}

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState: initialSessionState,
  evolve: evolveSession,
  decide: decideSession,
};
