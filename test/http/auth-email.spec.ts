import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { manualClock } from '../support/services.js';
import { bearer, createSignedInUser, graphql, login, postJson } from '../support/auth.js';
import { userStreamId } from '../../events/users/events.js';

const INVALID = { detail: 'Invalid email or password', code: 'UNAUTHENTICATED' };
const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

describe('REST /auth/email', () => {
  let t: TestApp;
  let adminToken: string;
  const clock = manualClock();
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_REGISTRATION_ENABLED: 'true', MAX_FAILED_LOGIN_ATTEMPTS: '3', ACCOUNT_LOCKOUT_DURATION_MINUTES: '30', PASSWORD_MIN_LENGTH: '10', PLATFORM_ADMIN_PASSWORD: ADMIN.password }, { clock });
    adminToken = await login(t, ADMIN.email, ADMIN.password);
  });
  afterAll(() => t.close());

  it('POST /login answers exactly the token body', async () => {
    const res = await postJson(t, '/auth/email/login', { email: '  ADMIN@example.com ', password: ADMIN.password });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: 'bearer',
      expires_in: 10080 * 60,
      user: { email: 'admin@example.com', full_name: 'Platform Administrator', is_admin: true },
    });
  });

  it('POST /register creates an unverified account (201 {user}) that can sign in; GET /me describes it', async () => {
    const res = await postJson(t, '/auth/email/register', { email: 'New.Person@Example.com', password: 'long-enough-pw', full_name: 'New Person' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ user: { email: 'new.person@example.com', full_name: 'New Person', is_admin: false } });
    const token = await login(t, 'new.person@example.com', 'long-enough-pw');
    const me = await t.fetch('/auth/email/me', { headers: bearer(token) });
    expect(await me.json()).toEqual({
      email: 'new.person@example.com',
      full_name: 'New Person',
      is_admin: false,
      email_verified: false,
      teams: [{ id: expect.any(String), name: 'personal-new-person-example-com', slug: 'personal-new-person-example-com', role: 'team_owner', is_personal: true }],
    });
    const again = await postJson(t, '/auth/email/register', { email: 'new.person@EXAMPLE.com', password: 'long-enough-pw', full_name: 'X' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ detail: 'An account with the email new.person@example.com already exists', code: 'ALREADY_EXISTS', field: 'email' });
  });

  it('refuses a bad email and a weak password with clear errors', async () => {
    const badEmail = await postJson(t, '/auth/email/register', { email: 'no-at-sign', password: 'long-enough-pw' });
    expect(badEmail.status).toBe(422);
    expect(await badEmail.json()).toEqual({ detail: 'email is not a valid email address', code: 'VALIDATION_FAILED', field: 'email' });
    const weak = await postJson(t, '/auth/email/register', { email: 'weak@example.com', password: 'short' });
    expect(weak.status).toBe(422);
    expect(await weak.json()).toEqual({
      detail: 'password does not meet the password policy: it needs at least 10 characters',
      code: 'VALIDATION_FAILED',
      field: 'password',
      unmet: ['at least 10 characters'],
    });
  });

  it('POST /change-password needs the old password, returns a fresh token and ends the old one', async () => {
    const token = await createSignedInUser(t, adminToken, 'changer@example.com', 'first-password');
    const wrong = await postJson(t, '/auth/email/change-password', { old_password: 'nope-nope-nope', new_password: 'second-password' }, bearer(token));
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { field: string }).field).toBe('old_password');
    const weak = await postJson(t, '/auth/email/change-password', { old_password: 'first-password', new_password: 'short' }, bearer(token));
    expect(weak.status).toBe(422);
    expect(((await weak.json()) as { field: string }).field).toBe('new_password');

    const res = await postJson(t, '/auth/email/change-password', { old_password: 'first-password', new_password: 'second-password' }, bearer(token));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string };
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 604800, user: { email: 'changer@example.com', full_name: 'changer', is_admin: false } });
    expect((await t.fetch('/auth/email/me', { headers: bearer(token) })).status).toBe(401);
    expect((await t.fetch('/auth/email/me', { headers: bearer(body.access_token) })).status).toBe(200);
    expect((await postJson(t, '/auth/email/login', { email: 'changer@example.com', password: 'first-password' })).status).toBe(401);
    await login(t, 'changer@example.com', 'second-password');
  });

  it('POST /logout answers 204 and the token is refused on the very next request', async () => {
    const token = await login(t, ADMIN.email, ADMIN.password);
    const res = await t.fetch('/auth/email/logout', { method: 'POST', headers: bearer(token) });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const after = await t.fetch('/auth/email/me', { headers: bearer(token) });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ detail: 'Invalid token: it has been revoked', code: 'UNAUTHENTICATED' });
    expect((await t.fetch('/auth/email/me', { headers: bearer(adminToken) })).status).toBe(200);
  });

  it('answers a wrong password, an unknown email and a malformed email the same, with one verification each', async () => {
    await createSignedInUser(t, adminToken, 'enum@example.com', 'right-password');
    const hasher = t.services.auth.passwords;
    for (const [email, password] of [
      ['enum@example.com', 'wrong-password'],
      ['nobody@example.com', 'whatever-pw'],
      ['not an email', 'whatever-pw'],
    ]) {
      const before = hasher.verifications;
      const res = await postJson(t, '/auth/email/login', { email, password });
      expect(res.status, email).toBe(401);
      expect(await res.json(), email).toEqual(INVALID);
      expect(hasher.verifications - before, email).toBe(1);
    }
  });

  it('locks after MAX_FAILED_LOGIN_ATTEMPTS; a wrong password then gets the same 401, the right one 423 saying when; it unlocks by itself', async () => {
    await createSignedInUser(t, adminToken, 'locked@example.com', 'right-password');
    for (let i = 0; i < 3; i++) expect((await postJson(t, '/auth/email/login', { email: 'locked@example.com', password: 'wrong' })).status).toBe(401);
    const hasher = t.services.auth.passwords;
    const before = hasher.verifications;
    const wrong = await postJson(t, '/auth/email/login', { email: 'locked@example.com', password: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(INVALID);
    const right = await postJson(t, '/auth/email/login', { email: 'locked@example.com', password: 'right-password' });
    expect(right.status).toBe(423);
    const until = new Date(clock.now().getTime() + 30 * 60_000).toISOString();
    expect(await right.json()).toEqual({ detail: `This account is locked until ${until} after too many failed sign-ins`, code: 'ACCOUNT_LOCKED', locked_until: until });
    // A locked account still costs one verification per attempt: timing does not tell it apart.
    expect(hasher.verifications - before).toBe(2);

    clock.advance(30 * 60_000 - 1);
    expect((await postJson(t, '/auth/email/login', { email: 'locked@example.com', password: 'right-password' })).status).toBe(423);
    clock.advance(1);
    await login(t, 'locked@example.com', 'right-password');
  });

  it('lets a platform admin unlock an account at once', async () => {
    await createSignedInUser(t, adminToken, 'unlockme@example.com', 'right-password');
    for (let i = 0; i < 3; i++) await postJson(t, '/auth/email/login', { email: 'unlockme@example.com', password: 'wrong' });
    expect((await postJson(t, '/auth/email/login', { email: 'unlockme@example.com', password: 'right-password' })).status).toBe(423);
    const result = await graphql(t, 'mutation { unlockUser(email: "unlockme@example.com") { lockedUntil failedSignIns } }', {}, bearer(adminToken));
    expect(result).toEqual({ data: { unlockUser: { lockedUntil: null, failedSignIns: 0 } } });
    await login(t, 'unlockme@example.com', 'right-password');
  });

  it('counts twenty concurrent wrong passwords: all 401, locked after exactly the maximum', async () => {
    await createSignedInUser(t, adminToken, 'swarm@example.com', 'right-password');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postJson(t, '/auth/email/login', { email: 'swarm@example.com', password: 'wrong' }).then(async (r) => [r.status, await r.json()])),
    );
    for (const [status, body] of answers) {
      expect(status).toBe(401);
      expect(body).toEqual(INVALID);
    }
    const user = await t.services.accounts.findUser('swarm@example.com');
    const stream = await t.services.store.readStream(userStreamId(user.id));
    const failures = stream.filter((e) => e.type === 'UserSignInFailed');
    expect(failures).toHaveLength(20);
    expect(failures.filter((e) => e.data.reason === 'wrong_password')).toHaveLength(3);
    expect(stream.filter((e) => e.type === 'UserLocked')).toHaveLength(1);
    expect((await postJson(t, '/auth/email/login', { email: 'swarm@example.com', password: 'right-password' })).status).toBe(423);
  });

  it('refuses bodies that are not what the route expects', async () => {
    const res = await postJson(t, '/auth/email/login', { email: 'a@example.com' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ detail: 'password must be a string', code: 'VALIDATION_FAILED', field: 'password' });
    expect((await t.fetch('/auth/email/login', { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await t.fetch('/auth/email/me')).status).toBe(401);
  });
});

describe('REST /auth/email with registration and email sign-in switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ EMAIL_AUTH_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('refuses sign-in and registration, saying which setting decides', async () => {
    const res = await postJson(t, '/auth/email/login', ADMIN);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ detail: 'Email sign-in is disabled on this server (EMAIL_AUTH_ENABLED=false)', code: 'FORBIDDEN' });
    expect((await postJson(t, '/auth/email/register', { email: 'x@example.com', password: 'long-enough-pw' })).status).toBe(403);
  });
});

describe('REST /auth/email/register by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is closed: platform admins create accounts', async () => {
    const res = await postJson(t, '/auth/email/register', { email: 'x@example.com', password: 'long-enough-pw' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ detail: 'Public registration is disabled; a platform admin creates accounts', code: 'FORBIDDEN' });
  });
});
