import { eq } from 'drizzle-orm';
import type { Projection } from '../store/projection.js';
import { tokenEventTypes, type StoredTokenEvent } from './events.js';

/** The api_tokens table. Revocation frees the name (active_name → null) and keeps the row for audits. */
export const apiTokensProjection: Projection = {
  name: 'api_tokens',
  tables: [{ name: 'api_tokens', key: ['id'] }],
  handles: new Set([...Object.keys(tokenEventTypes), 'CredentialRevoked']),
  async apply(tx, stored, { schema }) {
    const { apiTokens } = schema;
    const event = stored as StoredTokenEvent;
    const id = event.streamId.slice('token-'.length);
    switch (event.type) {
      case 'ApiTokenCreated': {
        const d = event.data;
        await tx.insert(apiTokens).values({
          id: d.tokenId,
          userId: d.userId,
          email: d.email,
          name: d.name,
          activeName: d.name,
          tokenHash: d.tokenHash,
          description: d.description,
          teamId: d.teamId,
          serverId: d.serverId,
          permissions: d.permissions === null ? null : JSON.stringify(d.permissions),
          ipRules: JSON.stringify(d.ipRules),
          expiresAt: d.expiresAt,
          createdAt: event.metadata.time,
          revokedAt: null,
          revokedBy: null,
          revokeReason: null,
        });
        return;
      }
      case 'ApiTokenTeamChanged':
        await tx.update(apiTokens).set({ teamId: event.data.teamId }).where(eq(apiTokens.id, id));
        return;
      case 'CredentialRevoked':
        // Sessions share this event; only token streams have a row here.
        if (event.data.kind !== 'api_token') return;
        await tx
          .update(apiTokens)
          .set({ activeName: null, revokedAt: event.metadata.time, revokedBy: event.metadata.actor, revokeReason: event.data.reason })
          .where(eq(apiTokens.id, event.data.credentialId));
        return;
    }
  },
};
