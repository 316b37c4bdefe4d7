import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore, type Clock, type EventStore } from '../../../events/store/store.js';
import { registry } from '../../../events/registry.js';
import { registerUser, type Registration } from '../../../events/users/register.js';
import { recordSignInAttempt } from '../../../events/users/sign-in.js';
import { countActiveAdmins, findSignInRecord, findUserByEmail, findUserById, listUsers } from '../../../events/users/read.js';
import { userDecider } from '../../../events/users/decide.js';
import { userStreamId } from '../../../events/users/events.js';
import { sessionDecider } from '../../../events/sessions/decide.js';
import { sessionStreamId } from '../../../events/sessions/events.js';
import { dialects, openTestDatabase, type TestDatabase } from '../../support/databases.js';

const clock: Clock & { set(iso: string): void } = (() => {
  let now = new Date('2026-03-01T12:00:00.000Z');
  return { now: () => now, set: (iso: string) => void (now = new Date(iso)) };
})();

function registration(email: string, extra: Partial<Registration> = {}): Registration {
  return { userId: randomUUID(), email, fullName: 'Some One', passwordHash: '$argon2id$v=19$fake', isPlatformAdmin: false, source: 'admin', emailVerified: true, ...extra };
}

describe.each(dialects)('users domain on %s', (dialect) => {
  let t: TestDatabase;
  let store: EventStore;
  const register = (r: Registration) => store.transact({ actor: 'test' }, (u) => registerUser(u, t.database.schema, r));
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    store = createEventStore(t.database, registry, clock);
  });
  afterAll(() => t.close());

  it('registers a user whom the read module finds by email and id, without the hash', async () => {
    const r = registration('  Reader@Example.com ');
    await register(r);
    const byEmail = await findUserByEmail(t.database.db, t.database.schema, 'reader@example.com');
    expect(byEmail).toEqual({
      id: r.userId,
      email: 'reader@example.com',
      fullName: 'Some One',
      isPlatformAdmin: false,
      isActive: true,
      emailVerified: true,
      source: 'admin',
      failedAttempts: 0,
      lockedUntil: null,
      tokensNotBefore: null,
      lastLoginAt: null,
      passwordChangedAt: null,
      createdAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-01T12:00:00.000Z',
    });
    expect(byEmail).not.toHaveProperty('passwordHash');
    expect(await findUserById(t.database.db, t.database.schema, r.userId)).toEqual(byEmail);
    expect(await findSignInRecord(t.database.db, t.database.schema, 'reader@example.com')).toEqual({ id: r.userId, passwordHash: '$argon2id$v=19$fake' });
    expect(await findUserByEmail(t.database.db, t.database.schema, 'nobody@example.com')).toBeUndefined();
  });

  it('refuses a second registration of the same email, whatever its case', async () => {
    await register(registration('dup@example.com'));
    await expect(register(registration('DUP@example.com'))).rejects.toMatchObject({ code: 'ALREADY_EXISTS', status: 409, message: 'An account with the email dup@example.com already exists' });
  });

  it('lets exactly one of ten concurrent registrations of one email win', async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => register(registration('race@example.com'))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) expect(r.reason.code).toBe('ALREADY_EXISTS');
    const page = await listUsers(t.database.db, t.database.schema, { search: 'race@', limit: 10, offset: 0 });
    expect(page.total).toBe(1);
  });

  it('counts twenty concurrent failures and locks after exactly the maximum', async () => {
    const r = registration('target@example.com');
    await register(r);
    const policy = { maxFailedAttempts: 5, lockoutMinutes: 30 };
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => store.transact({}, (u) => recordSignInAttempt(u, r.userId, false, policy))),
    );
    expect(outcomes.filter((o) => o.outcome === 'wrong_password')).toHaveLength(5);
    expect(outcomes.filter((o) => o.outcome === 'locked')).toHaveLength(15);
    const stream = await store.readStream(userStreamId(r.userId));
    expect(stream.filter((e) => e.type === 'UserSignInFailed')).toHaveLength(20);
    const locks = stream.filter((e) => e.type === 'UserLocked');
    expect(locks).toHaveLength(1);
    expect(locks[0].data).toMatchObject({ failedAttempts: 5, until: '2026-03-01T12:30:00.000Z' });
    expect(stream.findIndex((e) => e.type === 'UserLocked')).toBe(7); // after registered, verified and five failures
    const row = await findUserById(t.database.db, t.database.schema, r.userId);
    expect(row).toMatchObject({ failedAttempts: 0, lockedUntil: '2026-03-01T12:30:00.000Z' });
  });

  it('projects every account change into the users row', async () => {
    const r = registration('changes@example.com', { emailVerified: false, source: 'self' });
    await register(r);
    const handle = (command: Parameters<typeof userDecider.decide>[0]) => store.handle({}, userStreamId(r.userId), userDecider, command);
    const now = clock.now();
    await handle({ type: 'VerifyEmail', method: 'mail' });
    await handle({ type: 'SetPlatformAdmin', isPlatformAdmin: true });
    await handle({ type: 'ChangePassword', passwordHash: '$argon2id$new', reason: 'changed', now });
    await handle({ type: 'SetActive', active: false, now });
    const row = await findUserById(t.database.db, t.database.schema, r.userId);
    expect(row).toMatchObject({ emailVerified: true, isPlatformAdmin: true, isActive: false, tokensNotBefore: '2026-03-01T12:00:01.000Z', passwordChangedAt: now.toISOString() });
    expect((await findSignInRecord(t.database.db, t.database.schema, 'changes@example.com'))?.passwordHash).toBe('$argon2id$new');
  });

  it('counts active platform admins only', async () => {
    const before = await countActiveAdmins(t.database.db, t.database.schema);
    const a = registration('admin1@example.com', { isPlatformAdmin: true });
    await register(a);
    await register(registration('admin2@example.com', { isPlatformAdmin: true }));
    expect(await countActiveAdmins(t.database.db, t.database.schema)).toBe(before + 2);
    await store.handle({}, userStreamId(a.userId), userDecider, { type: 'SetActive', active: false, now: clock.now() });
    expect(await countActiveAdmins(t.database.db, t.database.schema)).toBe(before + 1);
  });

  it('pages and searches users, taking LIKE wildcards literally', async () => {
    await register(registration('under_score@example.com', { fullName: 'Zed Underscore' }));
    await register(registration('underxscore@example.com', { fullName: 'Other' }));
    const exact = await listUsers(t.database.db, t.database.schema, { search: 'under_', limit: 10, offset: 0 });
    expect(exact.items.map((u) => u.email)).toEqual(['under_score@example.com']);
    const byName = await listUsers(t.database.db, t.database.schema, { search: 'zED', limit: 10, offset: 0 });
    expect(byName.items.map((u) => u.email)).toEqual(['under_score@example.com']);
    const all = await listUsers(t.database.db, t.database.schema, { limit: 2, offset: 0 });
    const next = await listUsers(t.database.db, t.database.schema, { limit: 2, offset: 2 });
    expect(all.items).toHaveLength(2);
    expect(all.total).toBe(next.total);
    expect(next.items[0].email > all.items[1].email).toBe(true);
  });

  it('projects sessions, their revocation and the last sign-in', async () => {
    const r = registration('sessions@example.com');
    await register(r);
    const sessionId = randomUUID();
    await store.handle({}, sessionStreamId(sessionId), sessionDecider, {
      type: 'Start', sessionId, userId: r.userId, email: 'sessions@example.com', method: 'password', issuedAt: '2026-03-01T12:00:00.000Z', expiresAt: '2026-03-08T12:00:00.000Z',
    });
    await store.handle({}, sessionStreamId(sessionId), sessionDecider, { type: 'Revoke', reason: 'logout' });
    // Revoking twice appends nothing.
    expect(await store.handle({}, sessionStreamId(sessionId), sessionDecider, { type: 'Revoke', reason: 'logout' })).toEqual([]);
    const { sessions, credentialRevocations } = t.database.schema;
    expect(await t.database.db.select().from(sessions)).toEqual([
      { id: sessionId, userId: r.userId, method: 'password', issuedAt: '2026-03-01T12:00:00.000Z', expiresAt: '2026-03-08T12:00:00.000Z', revokedAt: '2026-03-01T12:00:00.000Z', revokeReason: 'logout' },
    ]);
    expect(await t.database.db.select().from(credentialRevocations)).toEqual([
      { credentialId: sessionId, kind: 'session', userId: r.userId, reason: 'logout', revokedAt: '2026-03-01T12:00:00.000Z', expiresAt: '2026-03-08T12:00:00.000Z' },
    ]);
    expect((await findUserById(t.database.db, t.database.schema, r.userId))?.lastLoginAt).toBe('2026-03-01T12:00:00.000Z');
  });
});
