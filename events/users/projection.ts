import { eq, sql } from 'drizzle-orm';
import { prepareOnce } from '../store/prepared.js';
import type { Projection } from '../store/projection.js';
import type { StoredEvent } from '../store/types.js';
import type { SessionStarted } from '../sessions/events.js';
import { userEventTypes, type StoredUserEvent } from './events.js';

/** The `users` table: one row per account, current state only. The unique email index is what refuses a duplicate. */
export const usersProjection: Projection = {
  name: 'users',
  tables: [{ name: 'users', key: ['id'] }],
  handles: new Set<string>([...Object.keys(userEventTypes), 'SessionStarted']),
  async apply(tx, stored, { schema }) {
    const { users } = schema;
    const event = stored as StoredUserEvent | StoredEvent<SessionStarted>;
    const at = stored.metadata.time;
    // One prepared statement per set of columns: the same few shapes recur for every user.
    const update = (values: Partial<typeof users.$inferInsert>) => {
      const columns = Object.keys(values).sort() as (keyof typeof values)[];
      const statement = prepareOnce(tx, `users_update_${columns.join('_')}`, (name) =>
        tx
          .update(users)
          // drizzle's PostgreSQL types leave placeholders out of set(); every dialect binds them at execute.
          .set({ ...Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)])), updatedAt: sql.placeholder('updatedAt') } as unknown as typeof values)
          .where(eq(users.id, sql.placeholder('id')))
          .prepare(name),
      );
      return statement.execute({ ...values, updatedAt: at, id: event.data.userId });
    };
    switch (event.type) {
      case 'UserRegistered': {
        const d = event.data;
        await tx.insert(users).values({
          id: d.userId,
          email: d.email,
          fullName: d.fullName,
          passwordHash: d.passwordHash,
          isPlatformAdmin: d.isPlatformAdmin,
          isActive: true,
          emailVerified: false,
          source: d.source,
          failedAttempts: 0,
          lockedUntil: null,
          tokensNotBefore: null,
          lastLoginAt: null,
          passwordChangedAt: null,
          createdAt: at,
          updatedAt: at,
        });
        return;
      }
      case 'UserEmailVerified':
        return void (await update({ emailVerified: true }));
      case 'UserPasswordChanged':
        return void (await update({ passwordHash: event.data.passwordHash, passwordChangedAt: at }));
      case 'UserPasswordRemoved':
        return void (await update({ passwordHash: null, passwordChangedAt: at }));
      case 'UserSignInFailed': {
        if (event.data.reason !== 'wrong_password') return;
        const [row] = await tx.select({ n: users.failedAttempts }).from(users).where(eq(users.id, event.data.userId));
        return void (await update({ failedAttempts: (row?.n ?? 0) + 1 }));
      }
      case 'UserLocked':
        return void (await update({ failedAttempts: 0, lockedUntil: event.data.until }));
      case 'UserUnlocked':
        return void (await update({ failedAttempts: 0, lockedUntil: null }));
      case 'UserSignInFailuresCleared':
        return void (await update({ failedAttempts: 0 }));
      case 'UserActivated':
        return void (await update({ isActive: true }));
      case 'UserDeactivated':
        return void (await update({ isActive: false }));
      case 'UserAdminGranted':
        return void (await update({ isPlatformAdmin: true }));
      case 'UserAdminRevoked':
        return void (await update({ isPlatformAdmin: false }));
      case 'UserSessionsEnded':
        return void (await update({ tokensNotBefore: event.data.notBefore }));
      case 'SessionStarted':
        return void (await update({ lastLoginAt: event.data.issuedAt }));
    }
  },
};
