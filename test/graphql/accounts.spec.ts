import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DEFAULT_ADMIN, bearer, createSignedInUser, graphql, login } from '../support/auth.js';

describe('GraphQL accounts', () => {
  let t: TestApp;
  let admin: string;
  let member: string;
  const asAdmin = (query: string, variables: Record<string, unknown> = {}) => graphql(t, query, variables, bearer(admin));
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_REGISTRATION_ENABLED: 'true' });
    admin = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
    member = await createSignedInUser(t, admin, 'member@example.com');
  });
  afterAll(() => t.close());

  it('me describes the caller and needs a credential', async () => {
    expect(await graphql(t, '{ me { email isPlatformAdmin emailVerified source } }', {}, bearer(member))).toEqual({
      data: { me: { email: 'member@example.com', isPlatformAdmin: false, emailVerified: true, source: 'admin' } },
    });
    const anonymous = await graphql(t, '{ me { email } }');
    expect(anonymous.errors?.[0]).toMatchObject({ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('login and register mutations work like the REST routes', async () => {
    const loggedIn = await graphql<{ login: { tokenType: string; expiresIn: number; user: { email: string } } }>(
      t,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { tokenType expiresIn user { email } } }',
      { e: 'MEMBER@example.com', p: 'user-password-1' },
    );
    expect(loggedIn.data?.login).toEqual({ tokenType: 'bearer', expiresIn: 604800, user: { email: 'member@example.com' } });
    const failed = await graphql(t, 'mutation { login(email: "member@example.com", password: "nope") { tokenType } }');
    expect(failed.errors?.[0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
    const registered = await graphql(t, 'mutation { register(email: "self@example.com", password: "self-password", fullName: "Self") { email emailVerified source } }');
    expect(registered).toEqual({ data: { register: { email: 'self@example.com', emailVerified: false, source: 'self' } } });
  });

  it('users pages and searches, for platform admins only', async () => {
    for (const n of [1, 2, 3]) await asAdmin('mutation($i: NewUserInput!) { createUser(input: $i) { id } }', { i: { email: `paged${n}@example.com`, password: 'paged-password', fullName: `Paged ${n}` } });
    const first = await asAdmin('{ users(search: "PAGED", first: 2) { total nextCursor items { email } } }');
    expect(first.data).toEqual({ users: { total: 3, nextCursor: expect.any(String), items: [{ email: 'paged1@example.com' }, { email: 'paged2@example.com' }] } });
    const cursor = (first.data as { users: { nextCursor: string } }).users.nextCursor;
    const second = await asAdmin('query($c: String) { users(search: "paged", first: 2, after: $c) { nextCursor items { email } } }', { c: cursor });
    expect(second.data).toEqual({ users: { nextCursor: null, items: [{ email: 'paged3@example.com' }] } });
    const refused = await graphql(t, '{ users { total } }', {}, bearer(member));
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('every admin mutation is refused to a member', async () => {
    for (const mutation of [
      'mutation { createUser(input: { email: "x@example.com", password: "xxxxxxxxxx" }) { id } }',
      'mutation { setUserActive(email: "member@example.com", active: false) { id } }',
      'mutation { setPlatformAdmin(email: "member@example.com", isPlatformAdmin: true) { id } }',
      'mutation { unlockUser(email: "member@example.com") { id } }',
      'mutation { revokeUserSessions(email: "admin@example.com") { id } }',
      '{ authEvents(email: "admin@example.com") { type } }',
    ]) {
      const result = await graphql(t, mutation, {}, bearer(member));
      expect(result.errors?.[0].extensions?.code, mutation).toBe('FORBIDDEN');
    }
    expect((await graphql(t, '{ me { isPlatformAdmin isActive } }', {}, bearer(member))).data).toEqual({ me: { isPlatformAdmin: false, isActive: true } });
  });

  it('createUser refuses a duplicate email and a weak password with every unmet rule', async () => {
    const dup = await asAdmin('mutation { createUser(input: { email: "Member@Example.com", password: "whatever-long" }) { id } }');
    expect(dup.errors?.[0]).toMatchObject({ message: 'An account with the email member@example.com already exists', extensions: { code: 'ALREADY_EXISTS', field: 'email' } });
    const weak = await asAdmin('mutation { createUser(input: { email: "weak@example.com", password: "short" }) { id } }');
    expect(weak.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION_FAILED', field: 'password', unmet: ['at least 8 characters'] } });
    const unknown = await asAdmin('mutation { unlockUser(email: "ghost@example.com") { id } }');
    expect(unknown.errors?.[0]).toMatchObject({ message: 'User not found', extensions: { code: 'NOT_FOUND' } });
  });

  it('keeps the last active platform admin: neither demoted nor deactivated, also by two admins at once', async () => {
    const demote = await asAdmin('mutation { setPlatformAdmin(email: "admin@example.com", isPlatformAdmin: false) { id } }');
    expect(demote.errors?.[0]).toMatchObject({ message: 'admin@example.com is the last active platform admin and cannot be demoted', extensions: { code: 'CONFLICT', rule: 'last_platform_admin' } });
    const deactivate = await asAdmin('mutation { setUserActive(email: "admin@example.com", active: false) { id } }');
    expect(deactivate.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', rule: 'last_platform_admin' } });

    // Two admins demoting each other at once: the count happens under the write lock, so one must fail.
    await createSignedInUser(t, admin, 'second-admin@example.com', 'second-admin-pw', true);
    const results = await Promise.allSettled([
      t.services.accounts.setPlatformAdmin('second-admin@example.com', false, {}),
      t.services.accounts.setPlatformAdmin('admin@example.com', false, {}),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['CONFLICT']);
    const page = await t.services.accounts.listUsers('admin@', { limit: 10, offset: 0 });
    const admins = page.items.filter((u) => u.isPlatformAdmin);
    expect(admins).toHaveLength(1);
    const other = admins[0].email === 'admin@example.com' ? 'second-admin@example.com' : 'admin@example.com';
    await t.services.accounts.setPlatformAdmin(other, true, {});
    // With two admins, either may be deactivated.
    expect((await asAdmin('mutation { setUserActive(email: "second-admin@example.com", active: false) { isActive } }')).data).toEqual({ setUserActive: { isActive: false } });
  });

  it('authEvents lists sign-ins, failures, locks and unlocks, newest first, without secrets', async () => {
    await createSignedInUser(t, admin, 'audited@example.com', 'audited-password');
    for (let i = 0; i < 5; i++) await graphql(t, 'mutation { login(email: "audited@example.com", password: "wrong") { tokenType } }');
    await asAdmin('mutation { unlockUser(email: "audited@example.com") { id } }');
    await login(t, 'audited@example.com', 'audited-password');
    const result = await asAdmin('{ authEvents(email: "audited@example.com", first: 20) { type actor data } }');
    const events = (result.data as { authEvents: { type: string; actor: string; data: Record<string, unknown> }[] }).authEvents;
    expect(events.map((e) => e.type)).toEqual([
      'SessionStarted',
      'UserUnlocked',
      'UserLocked',
      ...Array(5).fill('UserSignInFailed'),
      'SessionStarted',
      'UserEmailVerified',
      'UserRegistered',
    ]);
    expect(events[1].actor).toBe('admin@example.com');
    expect(events.at(-1)!.data).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(result)).not.toContain('$argon2');
  });
});
