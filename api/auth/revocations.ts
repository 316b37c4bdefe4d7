import { gt, isNotNull, isNull, or } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import type { Clock } from '../../events/store/store.js';
import type { StoredEvent } from '../../events/store/types.js';
import type { StoredSessionEvent } from '../../events/sessions/events.js';
import type { StoredUserEvent } from '../../events/users/events.js';

export interface RevocationView {
  /**
   * True when the credential may not be used: revoked by id (sessions, API tokens alike), or issued
   * (`issuedAt`, epoch seconds) before the user's not-before time.
   */
  refuses(credentialId: string, userId: string, issuedAt: number): boolean;
  /** The user's not-before time in epoch seconds (0 when none): new credentials are issued no earlier. */
  notBefore(userId: string): number;
  apply(events: readonly StoredEvent[]): void;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Revocations in memory, read from the projections at start-up and kept current from each commit. A
 * revoked credential is forgotten once it has expired, because expiry refuses it anyway.
 */
export async function loadRevocationView(database: Database, clock: Clock): Promise<RevocationView> {
  const { credentialRevocations, users } = database.schema;
  const revoked = new Map<string, number>(); // credential id → expiry in ms (Infinity: never expires)
  const notBefore = new Map<string, number>(); // user id → epoch seconds
  const expiryMs = (iso: string | null) => (iso ? Date.parse(iso) : Infinity);

  const nowIso = clock.now().toISOString();
  const [revocations, cuts] = await Promise.all([
    database.db
      .select({ id: credentialRevocations.credentialId, expiresAt: credentialRevocations.expiresAt })
      .from(credentialRevocations)
      .where(or(isNull(credentialRevocations.expiresAt), gt(credentialRevocations.expiresAt, nowIso))),
    database.db.select({ id: users.id, at: users.tokensNotBefore }).from(users).where(isNotNull(users.tokensNotBefore)),
  ]);
  for (const r of revocations) revoked.set(r.id, expiryMs(r.expiresAt));
  for (const c of cuts) notBefore.set(c.id, Date.parse(c.at!) / 1000);

  let lastSweep = clock.now().getTime();
  const sweep = () => {
    const now = clock.now().getTime();
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    for (const [id, expires] of revoked) if (expires <= now) revoked.delete(id);
  };

  return {
    refuses(credentialId, userId, issuedAt) {
      return revoked.has(credentialId) || issuedAt < (notBefore.get(userId) ?? 0);
    },
    notBefore: (userId) => notBefore.get(userId) ?? 0,
    apply(events) {
      for (const stored of events) {
        const event = stored as StoredSessionEvent | StoredUserEvent;
        if (event.type === 'CredentialRevoked') {
          revoked.set(event.data.credentialId, expiryMs(event.data.expiresAt));
          sweep();
        } else if (event.type === 'UserSessionsEnded') {
          notBefore.set(event.data.userId, Date.parse(event.data.notBefore) / 1000);
        }
      }
    },
  };
}
