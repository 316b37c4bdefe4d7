import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { bearer, DEFAULT_ADMIN, FAST_ARGON2, graphql, login, postJson } from '../support/auth.js';
import { SESSION_COOKIE } from '../../api/auth/cookies.js';
import { userStreamId } from '../../events/users/events.js';
import { startIdentityProvider, type IdentityProvider } from './fixtures/identity-provider.js';
import { createBrowser, signInThrough, type Browser } from './fixtures/browser.js';

/** The sign-in rules through the real redirect flow: the generic preset, and Google for its `hd` claim. */
const APP = 'http://localhost:4444';
const client = (id: string) => ({ clientId: `${id}-client`, clientSecret: `${id}-secret-value`, redirectUri: `${APP}/auth/sso/callback/${id}` });

let idp: IdentityProvider;
beforeAll(async () => {
  idp = await startIdentityProvider([client('generic'), client('google'), client('corp')], { claimsInIdToken: true });
  const person = (email: string, extra: { hd?: string; email_verified?: boolean } = {}) =>
    idp.accounts.set(email.split('@')[0], { email, email_verified: extra.email_verified ?? true, name: email.split('@')[0], ...(extra.hd ? { hd: extra.hd } : {}) });
  for (const email of ['eve@untrusted.test', 'pat@corp.test', 'boss@admins.test', 'linked@corp.test', 'taken@corp.test', 'newbie@corp.test', 'nope@corp.test', 'plain@corp.test']) person(email);
  person('gwen@corp.test', { hd: 'corp.test' });
  person('gus@corp.test', { hd: 'other.test' });
});
afterAll(() => idp?.close());

function env(extra: Record<string, string> = {}) {
  const c = client('generic');
  const g = client('google');
  return {
    ...FAST_ARGON2,
    APP_DOMAIN: APP,
    SSO_ENABLED: 'true',
    SSO_GENERIC_ENABLED: 'true',
    SSO_GENERIC_CLIENT_ID: c.clientId,
    SSO_GENERIC_CLIENT_SECRET: c.clientSecret,
    SSO_GENERIC_ISSUER: idp.issuer,
    SSO_GOOGLE_ENABLED: 'true',
    SSO_GOOGLE_CLIENT_ID: g.clientId,
    SSO_GOOGLE_CLIENT_SECRET: g.clientSecret,
    SSO_GOOGLE_ISSUER: idp.issuer,
    ...extra,
  };
}

const sessionOf = (b: Browser) => b.cookie(b.appHost, SESSION_COOKIE);
const meWith = (t: TestApp, token: string) => t.fetch('/auth/email/me', { headers: bearer(token) });

describe('SSO sign-in rules', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp(
      env({
        SSO_TRUSTED_DOMAINS: '["corp.test", "admins.test"]',
        SSO_AUTO_ADMIN_DOMAINS: '["admins.test"]',
        SSO_GOOGLE_ADMIN_DOMAINS: '["corp.test"]',
        PUBLIC_REGISTRATION_ENABLED: 'true',
      }),
    );
    admin = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
  });
  afterAll(() => t?.close());

  it('refuses an email outside SSO_TRUSTED_DOMAINS and names the allowed ones', async () => {
    const b = createBrowser(t);
    const res = await signInThrough(b, 'generic', 'eve');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Accounts of untrusted.test may not sign in here');
    expect(sessionOf(b)).toBeUndefined();
  });

  it('makes an SSO_AUTO_ADMIN_DOMAINS account a platform admin; other domains stay members', async () => {
    const boss = createBrowser(t);
    expect((await signInThrough(boss, 'generic', 'boss')).status).toBe(302);
    expect(((await (await meWith(t, sessionOf(boss)!)).json()) as { is_admin: boolean }).is_admin).toBe(true);
    const pat = createBrowser(t);
    expect((await signInThrough(pat, 'generic', 'pat')).status).toBe(302);
    expect(((await (await meWith(t, sessionOf(pat)!)).json()) as { is_admin: boolean }).is_admin).toBe(false);
  });

  it("makes a Google account a platform admin by its hd claim (SSO_GOOGLE_ADMIN_DOMAINS), not by another provider's", async () => {
    const gwen = createBrowser(t);
    expect((await signInThrough(gwen, 'google', 'gwen')).status).toBe(302);
    expect((await t.services.accounts.findUser('gwen@corp.test')).isPlatformAdmin).toBe(true);
    const gus = createBrowser(t);
    expect((await signInThrough(gus, 'google', 'gus')).status).toBe(302);
    expect((await t.services.accounts.findUser('gus@corp.test')).isPlatformAdmin).toBe(false);
  });

  it('links an existing verified account: same id, password kept, no second account', async () => {
    const created = await graphql<{ createUser: { id: string } }>(t, 'mutation { createUser(input: { email: "linked@corp.test", password: "linked-password-1" }) { id } }', {}, bearer(admin));
    const id = created.data!.createUser.id;
    const b = createBrowser(t);
    expect((await signInThrough(b, 'generic', 'linked')).status).toBe(302);
    const user = await t.services.accounts.findUser('linked@corp.test');
    expect(user.id).toBe(id);
    expect(user.source).toBe('admin');
    expect((await meWith(t, sessionOf(b)!)).status).toBe(200);
    await login(t, 'linked@corp.test', 'linked-password-1');
    expect((await t.services.accounts.listUsers('linked@corp.test', { limit: 5, offset: 0 })).total).toBe(1);
  });

  it('takes over an unverified account: password removed, its sessions ended, email verified', async () => {
    const registered = await postJson(t, '/auth/email/register', { email: 'taken@corp.test', password: 'squatter-password-1' });
    expect(registered.status).toBe(201);
    const squatter = await login(t, 'taken@corp.test', 'squatter-password-1');
    expect((await meWith(t, squatter)).status).toBe(200);
    const b = createBrowser(t);
    expect((await signInThrough(b, 'generic', 'taken')).status).toBe(302);
    expect((await meWith(t, squatter)).status).toBe(401);
    expect((await meWith(t, sessionOf(b)!)).status).toBe(200);
    const user = await t.services.accounts.findUser('taken@corp.test');
    expect(user.emailVerified).toBe(true);
    const refused = await postJson(t, '/auth/email/login', { email: 'taken@corp.test', password: 'squatter-password-1' });
    expect(refused.status).toBe(401);
    const types = (await t.services.store.readStream(userStreamId(user.id))).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['UserPasswordRemoved', 'UserSessionsEnded', 'UserEmailVerified']));
  });

  it('builds the redirect URI on APP_DOMAIN, whatever Host the request came with', async () => {
    const res = await t.app.fetch(new Request('http://127.0.0.1/auth/sso/login/generic', { headers: { host: '127.0.0.1' } }));
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).searchParams.get('redirect_uri')).toBe(`${APP}/auth/sso/callback/generic`);
  });

  it('lists enabled providers for the sign-in page (REST and GraphQL, no sign-in needed); unknown ones get the readable page', async () => {
    const rest = (await (await t.fetch('/auth/sso/providers')).json()) as { providers: { id: string; login_url: string }[] };
    expect(rest.providers.map((p) => p.id)).toEqual(['google', 'generic']);
    expect(rest.providers[1].login_url).toBe(`${APP}/auth/sso/login/generic`);
    const gql = await graphql<{ ssoSignInProviders: { id: string }[] }>(t, '{ ssoSignInProviders { id name loginUrl } }');
    expect(gql.data!.ssoSignInProviders.map((p) => p.id)).toEqual(['google', 'generic']);
    const unknown = await t.fetch('/auth/sso/login/nowhere');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('no enabled sign-in provider called');
  });
});

describe('providers defined through GraphQL', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp(env());
    admin = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
  });
  afterAll(() => t?.close());

  it('signs in through a provider a platform admin created (its sealed secret opened for the token request), until it is disabled or deleted', async () => {
    const c = client('corp');
    const created = await graphql<{ createSsoProvider: Record<string, unknown> }>(
      t,
      'mutation($i: NewSsoProviderInput!) { createSsoProvider(input: $i) { id name preset issuer clientId hasClientSecret enabled source readOnly redirectUri } }',
      { i: { id: 'corp', name: 'Corp login', preset: 'okta', issuer: idp.issuer, clientId: c.clientId, clientSecret: c.clientSecret } },
      bearer(admin),
    );
    expect(created.data!.createSsoProvider).toEqual({
      id: 'corp', name: 'Corp login', preset: 'okta', issuer: idp.issuer, clientId: c.clientId, hasClientSecret: true, enabled: true, source: 'graphql', readOnly: false, redirectUri: c.redirectUri,
    });
    expect((await signInThrough(createBrowser(t), 'corp', 'pat')).status).toBe(302);

    await graphql(t, 'mutation { updateSsoProvider(id: "corp", changes: { enabled: false }) { id } }', {}, bearer(admin));
    expect((await t.fetch('/auth/sso/login/corp')).status).toBe(404);
    await graphql(t, 'mutation { updateSsoProvider(id: "corp", changes: { enabled: true, clientSecret: "a-wrong-secret" }) { id } }', {}, bearer(admin));
    const wrongSecret = await signInThrough(createBrowser(t), 'corp', 'pat');
    expect(wrongSecret.status).toBe(502);
    expect(await wrongSecret.text()).toContain('invalid_client');

    expect((await graphql(t, 'mutation { deleteSsoProvider(id: "corp") }', {}, bearer(admin))).data).toEqual({ deleteSsoProvider: true });
    expect((await t.fetch('/auth/sso/login/corp')).status).toBe(404);
  });

  it('shows environment providers as read-only, without their secrets', async () => {
    const list = await graphql<{ ssoProviders: Record<string, unknown>[] }>(t, '{ ssoProviders { id source readOnly hasClientSecret } }', {}, bearer(admin));
    expect(list.data!.ssoProviders).toEqual([
      { id: 'google', source: 'environment', readOnly: true, hasClientSecret: true },
      { id: 'generic', source: 'environment', readOnly: true, hasClientSecret: true },
    ]);
    const update = await graphql(t, 'mutation { updateSsoProvider(id: "generic", changes: { enabled: false }) { id } }', {}, bearer(admin));
    expect(update.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(update.errors?.[0].message).toContain('read-only');
  });
});

describe('SSO_AUTO_CREATE_USERS=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(env({ SSO_AUTO_CREATE_USERS: 'false' }));
  });
  afterAll(() => t?.close());

  it('signs in existing accounts only', async () => {
    const res = await signInThrough(createBrowser(t), 'generic', 'plain');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('accounts are not created at sign-in here');
    const admin = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
    await graphql(t, 'mutation { createUser(input: { email: "plain@corp.test", password: "plain-password-1" }) { id } }', {}, bearer(admin));
    expect((await signInThrough(createBrowser(t), 'generic', 'plain')).status).toBe(302);
  });
});

describe('SSO_REQUIRE_ADMIN_APPROVAL=true', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp(env({ SSO_REQUIRE_ADMIN_APPROVAL: 'true' }));
    admin = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
  });
  afterAll(() => t?.close());

  const pending = async () =>
    (await graphql<{ pendingApprovals: { email: string; status: string; providerId: string }[] }>(t, '{ pendingApprovals { email status providerId fullName requestedAt } }', {}, bearer(admin))).data!
      .pendingApprovals;

  it('keeps a new user waiting until a platform admin approves, then creates the account at the next sign-in', async () => {
    const first = await signInThrough(createBrowser(t), 'generic', 'newbie');
    expect(first.status).toBe(403);
    expect(await first.text()).toContain('is waiting for a platform admin');
    await expect(t.services.accounts.findUser('newbie@corp.test')).rejects.toThrow(/not found/);
    expect(await pending()).toEqual([expect.objectContaining({ email: 'newbie@corp.test', status: 'pending', providerId: 'generic' })]);
    expect((await signInThrough(createBrowser(t), 'generic', 'newbie')).status).toBe(403);
    expect(await pending()).toHaveLength(1);

    const approved = await graphql<{ approveUser: { status: string; decidedBy: string } }>(t, 'mutation { approveUser(email: "newbie@corp.test") { status decidedBy } }', {}, bearer(admin));
    expect(approved.data!.approveUser).toEqual({ status: 'approved', decidedBy: DEFAULT_ADMIN.email });
    expect(await pending()).toEqual([]);
    const b = createBrowser(t);
    expect((await signInThrough(b, 'generic', 'newbie')).status).toBe(302);
    expect((await meWith(t, sessionOf(b)!)).status).toBe(200);
  });

  it('refuses a rejected user for good; a decision is made once', async () => {
    expect((await signInThrough(createBrowser(t), 'generic', 'nope')).status).toBe(403);
    const rejected = await graphql<{ rejectUser: { status: string; reason: string } }>(t, 'mutation { rejectUser(email: "nope@corp.test", reason: "not staff") { status reason } }', {}, bearer(admin));
    expect(rejected.data!.rejectUser).toEqual({ status: 'rejected', reason: 'not staff' });
    const res = await signInThrough(createBrowser(t), 'generic', 'nope');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('declined the account');
    const again = await graphql(t, 'mutation { approveUser(email: "nope@corp.test") { status } }', {}, bearer(admin));
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    const unknown = await graphql(t, 'mutation { approveUser(email: "nobody@corp.test") { status } }', {}, bearer(admin));
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
