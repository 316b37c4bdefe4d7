import type { DomainEvent, StoredEvent } from '../store/types.js';
import type { CredentialRevoked } from '../sessions/events.js';

export type ApiTokenCreated = DomainEvent<
  'ApiTokenCreated',
  {
    tokenId: string;
    userId: string;
    email: string;
    name: string;
    /** SHA-256 of the whole token: all the log ever holds of it. */
    tokenHash: string;
    description: string;
    teamId: string | null;
    serverId: string | null;
    /** null: whatever the creator may do (in the token's team); a list narrows it. */
    permissions: string[] | null;
    ipRules: string[];
    expiresAt: string | null;
  }
>;

/** A team deleted with a transfer hands its tokens' team context to the receiving team. */
export type ApiTokenTeamChanged = DomainEvent<'ApiTokenTeamChanged', { teamId: string }>;

/** Revocation is the generic CredentialRevoked (kind api_token) on the token's own stream. */
export type TokenEvent = ApiTokenCreated | ApiTokenTeamChanged | CredentialRevoked;

export type StoredTokenEvent = { [K in TokenEvent['type']]: StoredEvent<Extract<TokenEvent, { type: K }>> }[TokenEvent['type']];

export const tokenEventTypes = {
  ApiTokenCreated: { secretFields: ['tokenHash'] },
  ApiTokenTeamChanged: {},
} as const satisfies Record<Exclude<TokenEvent['type'], 'CredentialRevoked'>, { secretFields?: readonly string[] }>;

export const tokenStreamId = (tokenId: string) => `token-${tokenId}`;
