import { eq } from 'drizzle-orm';
import type { Projection } from '../store/projection.js';
import type { StoredSessionEvent } from './events.js';

/** The `sessions` table: who signed in when, and whether that session was revoked. */
export const sessionsProjection: Projection = {
  name: 'sessions',
  tables: [{ name: 'sessions', key: ['id'] }],
  handles: new Set(['SessionStarted', 'CredentialRevoked']),
  async apply(tx, stored, { schema }) {
    const { sessions } = schema;
    const event = stored as StoredSessionEvent;
    if (event.type === 'SessionStarted') {
      const d = event.data;
      await tx.insert(sessions).values({
        id: d.sessionId,
        userId: d.userId,
        method: d.method,
        issuedAt: d.issuedAt,
        expiresAt: d.expiresAt,
        revokedAt: null,
        revokeReason: null,
      });
    } else if (event.data.kind === 'session') {
      await tx
        .update(sessions)
        .set({ revokedAt: stored.metadata.time, revokeReason: event.data.reason })
        .where(eq(sessions.id, event.data.credentialId));
    }
  },
};

/** The `credential_revocations` table: every revoked credential of any kind (sessions, API tokens). */
export const revocationsProjection: Projection = {
  name: 'credential_revocations',
  tables: [{ name: 'credential_revocations', key: ['credential_id'] }],
  handles: new Set(['CredentialRevoked']),
  async apply(tx, stored, { schema }) {
    const { credentialRevocations } = schema;
    const event = stored as StoredSessionEvent;
    if (event.type !== 'CredentialRevoked') return;
    const d = event.data;
    await tx.insert(credentialRevocations).values({
      credentialId: d.credentialId,
      kind: d.kind,
      userId: d.userId,
      reason: d.reason,
      revokedAt: stored.metadata.time,
      expiresAt: d.expiresAt,
    });
  },
};
