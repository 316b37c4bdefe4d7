import { createHash } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import type { Clock } from '../../events/store/store.js';
import { SsoError } from './errors.js';

/** How long a sign-in may take between leaving for the provider and coming back. */
export const STATE_TTL_MS = 10 * 60_000;

export interface PendingSignIn {
  providerId: string;
  nonce: string;
  codeVerifier: string;
}

const hash = (state: string) => createHash('sha256').update(state).digest('hex');

/**
 * The state, nonce and PKCE verifier of sign-ins in flight, in the database (operational table
 * sso_auth_states) rather than in memory, so the callback may reach another process than the login did.
 * Keyed by the state's SHA-256. A state is used once: the first callback deletes it, and only the caller
 * whose delete removed the row gets the sign-in.
 */
export function createStateStore(database: Database, clock: Clock) {
  const { ssoAuthStates } = database.schema;
  return {
    async save(state: string, pending: PendingSignIn): Promise<void> {
      const now = clock.now();
      await database.transaction(async (tx) => {
        // Abandoned sign-ins are forgotten here rather than by a timer.
        await tx.delete(ssoAuthStates).where(lt(ssoAuthStates.expiresAt, now.toISOString()));
        await tx.insert(ssoAuthStates).values({
          stateHash: hash(state),
          ...pending,
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + STATE_TTL_MS).toISOString(),
        });
      });
    },

    async consume(state: string | null, providerId: string): Promise<PendingSignIn> {
      const invalid = () =>
        new SsoError('state_invalid', 'This sign-in link is not valid or was already used. Start the sign-in again from the sign-in page.');
      if (!state) throw invalid();
      const key = hash(state);
      const taken = await database.transaction(async (tx) => {
        const [row] = await tx.select().from(ssoAuthStates).where(eq(ssoAuthStates.stateHash, key)).limit(1);
        if (!row) return undefined;
        const removed = await tx.delete(ssoAuthStates).where(eq(ssoAuthStates.stateHash, key));
        return affected(removed) === 1 ? row : undefined;
      });
      if (!taken || taken.providerId !== providerId) throw invalid();
      if (Date.parse(taken.expiresAt) <= clock.now().getTime()) {
        throw new SsoError('state_expired', 'This sign-in took longer than 10 minutes and has expired. Start the sign-in again from the sign-in page.');
      }
      return { providerId: taken.providerId, nonce: taken.nonce, codeVerifier: taken.codeVerifier };
    },
  };
}

export type StateStore = ReturnType<typeof createStateStore>;

/** Rows a DELETE removed, whatever the driver calls it. */
function affected(result: unknown): number {
  // postgres.js results are arrays with a `count`; mysql2 answers [ResultSetHeader]; better-sqlite3 { changes }.
  const r = result as { changes?: number; count?: number } & { 0?: { affectedRows?: number } };
  return Number(r.count ?? r.changes ?? r[0]?.affectedRows ?? 0);
}
