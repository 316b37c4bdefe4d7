import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DEFAULT_ADMIN, postJson } from '../support/auth.js';

const LOGIN = `mutation { login(email: "${DEFAULT_ADMIN.email}", password: "${DEFAULT_ADMIN.password}") { csrfToken } }`;

/** The admin UI's session: an httpOnly cookie, and a CSRF header on every cookie-authenticated mutation. */
describe('session cookie and CSRF', () => {
  let t: TestApp;
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    t = await startTestApp({ COOKIE_SAMESITE: 'strict', SECURE_COOKIES: 'true' });
    const res = await postJson(t, '/graphql', { query: LOGIN });
    const setCookies = res.headers.getSetCookie();
    expect(setCookies).toHaveLength(2);
    expect(setCookies[0]).toMatch(/^switchboard_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=604800; SameSite=Strict; HttpOnly; Secure$/);
    expect(setCookies[1]).toMatch(/^switchboard_csrf=[\w-]+; Path=\/; Max-Age=604800; SameSite=Strict; Secure$/);
    csrf = ((await res.json()) as { data: { login: { csrfToken: string } } }).data.login.csrfToken;
    expect(setCookies[1]).toContain(`switchboard_csrf=${csrf};`);
    cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
  });
  afterAll(() => t.close());

  const me = '{ me { email } }';

  it('authenticates safe requests by the cookie alone', async () => {
    const res = await t.fetch(`/graphql?query=${encodeURIComponent(me)}`, { headers: { cookie } });
    expect(await res.json()).toEqual({ data: { me: { email: DEFAULT_ADMIN.email } } });
    expect((await t.fetch('/auth/email/me', { headers: { cookie } })).status).toBe(200);
  });

  it('refuses a cookie-authenticated POST without the CSRF header, or with a wrong one', async () => {
    const missing = await postJson(t, '/graphql', { query: 'mutation { unlockUser(email: "admin@example.com") { id } }' }, { cookie });
    expect(((await missing.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('FORBIDDEN');
    const wrong = await postJson(t, '/graphql', { query: me }, { cookie, 'x-csrf-token': `${csrf.slice(0, -2)}xx` });
    expect(((await wrong.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(/must send the x-csrf-token header/);
    const rest = await t.fetch('/auth/email/logout', { method: 'POST', headers: { cookie } });
    expect(rest.status).toBe(403);
    expect(await rest.json()).toEqual({
      detail: 'A request authenticated by the session cookie must send the x-csrf-token header (the value of the switchboard_csrf cookie)',
      code: 'FORBIDDEN',
    });
  });

  it('accepts it with the CSRF header; logout clears the cookies and ends the session', async () => {
    const ok = await postJson(t, '/graphql', { query: me }, { cookie, 'x-csrf-token': csrf });
    expect(await ok.json()).toEqual({ data: { me: { email: DEFAULT_ADMIN.email } } });
    const out = await postJson(t, '/graphql', { query: 'mutation { logout }' }, { cookie, 'x-csrf-token': csrf });
    expect(await out.json()).toEqual({ data: { logout: true } });
    expect(out.headers.getSetCookie()).toEqual([
      'switchboard_session=; Path=/; Max-Age=0; SameSite=Strict; HttpOnly; Secure',
      'switchboard_csrf=; Path=/; Max-Age=0; SameSite=Strict; Secure',
    ]);
    // The ended session's cookie is ignored (anonymous), so signing in again is never blocked by it.
    const after = await t.fetch(`/graphql?query=${encodeURIComponent(me)}`, { headers: { cookie } });
    expect(((await after.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const again = await postJson(t, '/graphql', { query: LOGIN }, { cookie });
    expect(((await again.json()) as { data: { login: { csrfToken: string } } }).data.login.csrfToken).toEqual(expect.any(String));
  });

  it('never accepts the CSRF token of another session', async () => {
    const other = await postJson(t, '/graphql', { query: LOGIN });
    const otherCsrf = ((await other.json()) as { data: { login: { csrfToken: string } } }).data.login.csrfToken;
    const res = await postJson(t, '/graphql', { query: LOGIN });
    const ownCookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const mixed = await postJson(t, '/graphql', { query: me }, { cookie: ownCookie, 'x-csrf-token': otherCsrf });
    expect(((await mixed.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('cookie defaults in development', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ENVIRONMENT: 'development', APP_ROOT_PATH: '/gw' });
  });
  afterAll(() => t.close());

  it('are SameSite=Lax, not Secure, scoped to APP_ROOT_PATH', async () => {
    const res = await postJson(t, '/gw/graphql', { query: LOGIN });
    expect(res.headers.getSetCookie()[0]).toMatch(/; Path=\/gw; Max-Age=604800; SameSite=Lax; HttpOnly$/);
  });
});
