import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { FAST_ARGON2 } from '../support/auth.js';
import { manualClock } from '../support/services.js';
import { SESSION_COOKIE } from '../../api/auth/cookies.js';
import { startIdentityProvider, type IdentityProvider } from './fixtures/identity-provider.js';
import { authenticateAtProvider, createBrowser, signInThrough, startSignIn, type Browser } from './fixtures/browser.js';

/**
 * The redirect flow against a real OpenID Connect provider (oidc-provider on loopback) for each OIDC
 * preset, with the issuer overridden. Google's provider puts the claims in the ID token, as Google does;
 * the others give the email at userinfo.
 */
const APP = 'http://localhost:4444';
const PRESETS = [
  { id: 'google', env: 'SSO_GOOGLE' },
  { id: 'ibm-verify', env: 'SSO_IBM_VERIFY' },
  { id: 'okta', env: 'SSO_OKTA' },
  { id: 'generic', env: 'SSO_GENERIC' },
] as const;
const client = (id: string) => ({ clientId: `${id}-client`, clientSecret: `${id}-secret-value`, redirectUri: `${APP}/auth/sso/callback/${id}` });

let idp: IdentityProvider;
let googleIdp: IdentityProvider;

beforeAll(async () => {
  idp = await startIdentityProvider(PRESETS.filter((p) => p.id !== 'google').map((p) => client(p.id)));
  googleIdp = await startIdentityProvider([client('google')], { claimsInIdToken: true });
  for (const provider of [idp, googleIdp]) {
    provider.accounts.set('ann', { email: 'ann@example.com', email_verified: true, name: 'Ann Example' });
    provider.accounts.set('unverified', { email: 'unverified@example.com', email_verified: false, name: 'Una' });
  }
});
afterAll(async () => {
  await idp?.close();
  await googleIdp?.close();
});

function ssoEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { ...FAST_ARGON2, APP_DOMAIN: APP, SSO_ENABLED: 'true', ...extra };
  for (const p of PRESETS) {
    const c = client(p.id);
    Object.assign(env, {
      [`${p.env}_ENABLED`]: 'true',
      [`${p.env}_CLIENT_ID`]: c.clientId,
      [`${p.env}_CLIENT_SECRET`]: c.clientSecret,
      [`${p.env}_ISSUER`]: p.id === 'google' ? googleIdp.issuer : idp.issuer,
    });
  }
  return env;
}

async function me(t: TestApp, b: Browser) {
  const res = await t.fetch('/auth/email/me', { headers: { cookie: `${SESSION_COOKIE}=${b.cookie(b.appHost, SESSION_COOKIE)}` } });
  return { status: res.status, body: (await res.json()) as { email: string; is_admin: boolean; email_verified: boolean; teams: { is_personal: boolean }[] } };
}

describe.each(PRESETS)('OIDC preset $id against oidc-provider', ({ id }) => {
  let t: TestApp;
  const clock = manualClock(new Date().toISOString());
  beforeAll(async () => {
    t = await startTestApp(ssoEnv(), { clock });
  });
  afterAll(() => t?.close());

  it('signs in: session cookie, redirect to the UI root, an SSO account with a verified email and a personal team', async () => {
    const b = createBrowser(t);
    const authorize = await startSignIn(b, id);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${APP}/auth/sso/callback/${id}`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const res = await b.request(await authenticateAtProvider(b, authorize, 'ann'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${APP}/`);
    const { status, body } = await me(t, b);
    expect(status).toBe(200);
    expect(body).toMatchObject({ email: 'ann@example.com', is_admin: false, email_verified: true });
    expect(body.teams.some((team) => team.is_personal)).toBe(true);
    const user = await t.services.accounts.findUser('ann@example.com');
    expect(user.source).toBe('sso');
  });

  it('signs the same person in again without a second account', async () => {
    const res = await signInThrough(createBrowser(t), id, 'ann');
    expect(res.status).toBe(302);
    const users = await t.services.accounts.listUsers('ann@', { limit: 10, offset: 0 });
    expect(users.total).toBe(1);
  });

  it('refuses a callback whose state it never issued, on a readable page', async () => {
    const b = createBrowser(t);
    const callback = await authenticateAtProvider(b, await startSignIn(b, id), 'ann');
    callback.searchParams.set('state', 'forged-state');
    const res = await b.request(callback);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('not valid or was already used');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
    expect(b.cookie(b.appHost, SESSION_COOKIE)).toBeUndefined();
  });

  it('uses a state once: the replayed callback is refused', async () => {
    const b = createBrowser(t);
    const callback = await authenticateAtProvider(b, await startSignIn(b, id), 'ann');
    expect((await b.request(callback)).status).toBe(302);
    const replay = createBrowser(t);
    const res = await replay.request(callback);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('already used');
    expect(replay.cookie(replay.appHost, SESSION_COOKIE)).toBeUndefined();
  });

  it('expires a state after 10 minutes (controlled clock)', async () => {
    const b = createBrowser(t);
    const callback = await authenticateAtProvider(b, await startSignIn(b, id), 'ann');
    clock.advance(10 * 60_000 + 1);
    const res = await b.request(callback);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('longer than 10 minutes');
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const b = createBrowser(t);
    const authorize = await startSignIn(b, id);
    authorize.searchParams.set('nonce', 'a-nonce-the-gateway-never-sent');
    const res = await b.request(await authenticateAtProvider(b, authorize, 'ann'));
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('could not be verified');
    expect(b.cookie(b.appHost, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses an unverified email and creates nothing', async () => {
    const res = await signInThrough(createBrowser(t), id, 'unverified');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('is verified');
    await expect(t.services.accounts.findUser('unverified@example.com')).rejects.toThrow(/not found/);
  });

  it("shows the provider's own error on the readable page (prompt=none without a session at the provider)", async () => {
    const b = createBrowser(t);
    const authorize = await startSignIn(b, id);
    authorize.searchParams.set('prompt', 'none');
    const callback = await authenticateAtProvider(b, authorize, 'ann');
    expect(callback.searchParams.get('error')).toBe('login_required');
    const res = await b.request(callback);
    expect(res.status).toBe(502);
    const html = await res.text();
    expect(html).toContain('did not sign you in (login_required');
    expect(html).not.toContain('Error:');
  });
});

