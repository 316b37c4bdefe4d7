import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { FAST_ARGON2 } from '../support/auth.js';
import { SESSION_COOKIE } from '../../api/auth/cookies.js';
import { startGitHubStandIn, type GitHubAccount, type GitHubStandIn } from './fixtures/github.js';
import { createBrowser, signInThrough, startSignIn } from './fixtures/browser.js';

/** GitHub's OAuth 2 and REST APIs, served by a local stand-in through SSO_GITHUB_BASE_URL and SSO_GITHUB_API_URL. */
const APP = 'http://localhost:4444';
const CLIENT = { clientId: 'github-client', clientSecret: 'github-secret-value' };
const account = (login: string, emails: GitHubAccount['emails'], orgs: string[] = []): GitHubAccount => ({ id: login.length * 1000, login, name: null, emails, orgs });

describe('GitHub sign-in against the local stand-in', () => {
  let gh: GitHubStandIn;
  let t: TestApp;
  beforeAll(async () => {
    gh = await startGitHubStandIn(CLIENT);
    t = await startTestApp({
      ...FAST_ARGON2,
      APP_DOMAIN: APP,
      SSO_ENABLED: 'true',
      SSO_GITHUB_ENABLED: 'true',
      SSO_GITHUB_CLIENT_ID: CLIENT.clientId,
      SSO_GITHUB_CLIENT_SECRET: CLIENT.clientSecret,
      SSO_GITHUB_BASE_URL: gh.baseUrl,
      SSO_GITHUB_API_URL: gh.apiUrl,
      SSO_GITHUB_ADMIN_ORGS: '["Platform-Team"]',
    });
  });
  afterAll(async () => {
    await t?.close();
    await gh?.close();
  });

  it('redirects to the base URL with state and PKCE, and signs in with the primary verified email', async () => {
    const b = createBrowser(t);
    const authorize = await startSignIn(b, 'github');
    expect(authorize.origin + authorize.pathname).toBe(`${gh.baseUrl}/login/oauth/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toContain('user:email');
    gh.signInAs(
      account('octo', [
        { email: 'public@elsewhere.test', primary: false, verified: true },
        { email: 'Octo@Example.com', primary: true, verified: true },
      ]),
    );
    const res = await signInThrough(b, 'github', 'octo');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${APP}/`);
    expect(b.cookie(b.appHost, SESSION_COOKIE)).toBeTruthy();
    const user = await t.services.accounts.findUser('octo@example.com');
    expect(user).toMatchObject({ source: 'sso', emailVerified: true, isPlatformAdmin: false, fullName: 'octo' });
  });

  it('refuses when the primary email is not verified, even if another one is', async () => {
    gh.signInAs(
      account('shady', [
        { email: 'shady@example.com', primary: true, verified: false },
        { email: 'other@example.com', primary: false, verified: true },
      ]),
    );
    const res = await signInThrough(createBrowser(t), 'github', 'shady');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('did not confirm that shady@example.com is verified');
  });

  it('makes members of SSO_GITHUB_ADMIN_ORGS platform admins (case-insensitive), nobody else', async () => {
    gh.signInAs(account('lead', [{ email: 'lead@example.com', primary: true, verified: true }], ['platform-team', 'other']));
    expect((await signInThrough(createBrowser(t), 'github', 'lead')).status).toBe(302);
    expect((await t.services.accounts.findUser('lead@example.com')).isPlatformAdmin).toBe(true);
    gh.signInAs(account('dev', [{ email: 'dev@example.com', primary: true, verified: true }], ['other']));
    expect((await signInThrough(createBrowser(t), 'github', 'dev')).status).toBe(302);
    expect((await t.services.accounts.findUser('dev@example.com')).isPlatformAdmin).toBe(false);
  });

  it('refuses a forged state before talking to GitHub', async () => {
    gh.signInAs(account('octo', [{ email: 'octo@example.com', primary: true, verified: true }]));
    const res = await createBrowser(t).request(`${APP}/auth/sso/callback/github?code=whatever&state=forged`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('not valid or was already used');
  });
});
