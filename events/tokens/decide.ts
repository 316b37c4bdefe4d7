import { ConflictError, NotFoundError } from '../errors.js';
import type { StoredEvent } from '../store/types.js';
import type { ApiTokenCreated, TokenEvent } from './events.js';

export interface TokenState {
  status: 'none' | 'active' | 'revoked';
  tokenId: string;
  userId: string;
  expiresAt: string | null;
  teamId: string | null;
}

export const initialTokenState = (): TokenState => ({ status: 'none', tokenId: '', userId: '', expiresAt: null, teamId: null });

export function evolveToken(state: TokenState, stored: StoredEvent<TokenEvent>): TokenState {
  const e = { type: stored.type, data: stored.data } as TokenEvent;
  switch (e.type) {
    case 'ApiTokenCreated':
      return { status: 'active', tokenId: e.data.tokenId, userId: e.data.userId, expiresAt: e.data.expiresAt, teamId: e.data.teamId };
    case 'ApiTokenTeamChanged':
      return { ...state, teamId: e.data.teamId };
    case 'CredentialRevoked':
      return { ...state, status: 'revoked' };
  }
}

export type TokenCommand =
  | { type: 'Create'; token: ApiTokenCreated['data'] }
  | { type: 'Revoke'; reason: string }
  | { type: 'MoveToTeam'; teamId: string };

/** The token's own rules; who may create or revoke it is asked of api/authz before this runs. */
export function decideToken(command: TokenCommand, state: TokenState): TokenEvent[] {
  if (command.type === 'Create') {
    if (state.status !== 'none') throw new ConflictError('This token id is taken');
    return [{ type: 'ApiTokenCreated', data: command.token }];
  }
  if (state.status === 'none') throw new NotFoundError('API token');
  if (command.type === 'Revoke') {
    if (state.status === 'revoked') throw new ConflictError('This token is already revoked');
    return [
      {
        type: 'CredentialRevoked',
        data: { credentialId: state.tokenId, kind: 'api_token', userId: state.userId, expiresAt: state.expiresAt, reason: command.reason },
      },
    ];
  }
  return state.teamId === command.teamId ? [] : [{ type: 'ApiTokenTeamChanged', data: { teamId: command.teamId } }];
}

export const tokenDecider = { initialState: initialTokenState, evolve: evolveToken, decide: decideToken };
