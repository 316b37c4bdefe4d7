import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore, type EventStore } from '../../events/store/store.js';
import { registry } from '../../events/registry.js';
import { registerUser } from '../../events/users/register.js';
import { userDecider } from '../../events/users/decide.js';
import { userStreamId } from '../../events/users/events.js';
import { sessionDecider } from '../../events/sessions/decide.js';
import { sessionStreamId } from '../../events/sessions/events.js';
import { loadRevocationView } from '../../api/auth/revocations.js';
import { loadUsersView } from '../../api/auth/users-view.js';
import { manualClock } from '../support/services.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';

/** The in-memory views must equal what a fresh start-up reads from the projections, on every dialect. */
describe.each(dialects)('users and revocation views on %s', (dialect) => {
  let t: TestDatabase;
  let store: EventStore;
  const clock = manualClock('2026-11-25T12:00:00.000Z');
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    store = createEventStore(t.database, registry, clock);
  });
  afterAll(() => t.close());

  it('kept current from commits, and equal to a reload from the projections', async () => {
    const users = await loadUsersView(t.database);
    const revocations = await loadRevocationView(t.database, clock);
    store.subscribe((events) => {
      users.apply(events);
      revocations.apply(events);
    });
    const userId = randomUUID();
    await store.transact({}, (u) =>
      registerUser(u, t.database.schema, { userId, email: 'view@example.com', fullName: 'V', passwordHash: null, isPlatformAdmin: false, source: 'sso', emailVerified: true }),
    );
    await store.handle({}, userStreamId(userId), userDecider, { type: 'SetPlatformAdmin', isPlatformAdmin: true });
    await store.handle({}, userStreamId(userId), userDecider, { type: 'EndSessions', now: clock.now(), reason: 'admin' });
    const live = randomUUID();
    const short = randomUUID();
    for (const [sessionId, expiresAt] of [[live, '2026-12-01T00:00:00.000Z'], [short, '2026-11-25T12:00:30.000Z']]) {
      await store.handle({}, sessionStreamId(sessionId), sessionDecider, {
        type: 'Start', sessionId, userId, email: 'view@example.com', method: 'password', issuedAt: '2026-11-25T12:00:01.000Z', expiresAt,
      });
      await store.handle({}, sessionStreamId(sessionId), sessionDecider, { type: 'Revoke', reason: 'logout' });
    }
    const cut = Date.parse('2026-11-25T12:00:01.000Z') / 1000;
    expect(users.byEmail('view@example.com')).toEqual({ id: userId, email: 'view@example.com', fullName: 'V', isPlatformAdmin: true, isActive: true });
    expect(revocations.notBefore(userId)).toBe(cut);
    expect(revocations.refuses('other', userId, cut - 1)).toBe(true);
    expect(revocations.refuses('other', userId, cut)).toBe(false);
    expect(revocations.refuses(live, userId, cut)).toBe(true);
    expect(revocations.refuses(short, userId, cut)).toBe(true);

    const reloaded = await loadRevocationView(t.database, clock);
    expect((await loadUsersView(t.database)).byId(userId)).toEqual(users.byId(userId));
    expect([reloaded.notBefore(userId), reloaded.refuses(live, userId, cut), reloaded.refuses(short, userId, cut)]).toEqual([cut, true, true]);

    // Once expired, a revoked credential is forgotten (expiry refuses it anyway): on reload, and by the sweep.
    clock.advance(61_000);
    expect((await loadRevocationView(t.database, clock)).refuses(short, userId, cut)).toBe(false);
    const another = randomUUID();
    await store.handle({}, sessionStreamId(another), sessionDecider, { type: 'Revoke', reason: 'logout', unrecorded: { sessionId: another, userId, expiresAt: null } });
    expect(revocations.refuses(short, userId, cut)).toBe(false);
    expect(revocations.refuses(live, userId, cut)).toBe(true);
    expect(revocations.refuses(another, userId, cut)).toBe(true);
  });
});
