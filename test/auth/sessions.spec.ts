import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { manualClock } from '../support/services.js';
import { DEFAULT_ADMIN, bearer, createSignedInUser, graphql, login, postJson } from '../support/auth.js';
import { mintToken } from '../../api/auth/token-cli.js';

/** Every way a session ends must take effect on the very next request, CLI-minted tokens included. */
describe('ending sessions', () => {
  let t: TestApp;
  let adminToken: string;
  const clock = manualClock();
  const me = (token: string) => t.fetch('/auth/email/me', { headers: bearer(token) });
  const refusal = async (token: string) => {
    const res = await me(token);
    return [res.status, ((await res.json()) as { detail: string }).detail];
  };
  const cliToken = (email: string) => mintToken(t.services.config, email, 60, clock);

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    adminToken = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
  });
  afterAll(() => t.close());

  it('accepts a CLI-minted token, and logout with it revokes exactly that token', async () => {
    const token = await createSignedInUser(t, adminToken, 'cli@example.com');
    const minted = await cliToken('cli@example.com');
    expect((await me(minted)).status).toBe(200);
    expect((await t.fetch('/auth/email/logout', { method: 'POST', headers: bearer(minted) })).status).toBe(204);
    expect(await refusal(minted)).toEqual([401, 'Invalid token: it has been revoked']);
    expect((await me(token)).status).toBe(200);
  });

  it('a password change ends every other session, CLI-minted ones included, even in the same second', async () => {
    const other = await createSignedInUser(t, adminToken, 'pw@example.com', 'first-password');
    const minted = await cliToken('pw@example.com');
    const res = await postJson(t, '/auth/email/change-password', { old_password: 'first-password', new_password: 'second-password' }, bearer(other));
    const fresh = ((await res.json()) as { access_token: string }).access_token;
    expect(await refusal(other)).toEqual([401, 'Invalid token: it has been revoked']);
    expect(await refusal(minted)).toEqual([401, 'Invalid token: it has been revoked']);
    expect((await me(fresh)).status).toBe(200);
    // The clock has not moved: a sign-in in the same second as the cut still works.
    expect((await me(await login(t, 'pw@example.com', 'second-password'))).status).toBe(200);
  });

  it('an admin ending all sessions of a user ends them on the next request; new sign-ins work', async () => {
    const token = await createSignedInUser(t, adminToken, 'ended@example.com');
    const minted = await cliToken('ended@example.com');
    const result = await graphql(t, 'mutation { revokeUserSessions(email: "ended@example.com") { email } }', {}, bearer(adminToken));
    expect(result.errors).toBeUndefined();
    expect(await refusal(token)).toEqual([401, 'Invalid token: it has been revoked']);
    expect(await refusal(minted)).toEqual([401, 'Invalid token: it has been revoked']);
    clock.advance(1000);
    expect((await me(await login(t, 'ended@example.com', 'user-password-1'))).status).toBe(200);
  });

  it('deactivation ends every session and refuses sign-in; reactivation does not revive old tokens', async () => {
    const token = await createSignedInUser(t, adminToken, 'gone@example.com');
    const minted = await cliToken('gone@example.com');
    const off = await graphql(t, 'mutation { setUserActive(email: "gone@example.com", active: false) { isActive } }', {}, bearer(adminToken));
    expect(off).toEqual({ data: { setUserActive: { isActive: false } } });
    expect(await refusal(token)).toEqual([401, 'Invalid token: its user is deactivated']);
    expect(await refusal(minted)).toEqual([401, 'Invalid token: its user is deactivated']);
    const signIn = await postJson(t, '/auth/email/login', { email: 'gone@example.com', password: 'user-password-1' });
    expect([signIn.status, await signIn.json()]).toEqual([401, { detail: 'Invalid email or password', code: 'UNAUTHENTICATED' }]);
    await expect(cliToken('gone@example.com')).rejects.toThrow('gone@example.com is deactivated');

    await graphql(t, 'mutation { setUserActive(email: "gone@example.com", active: true) { isActive } }', {}, bearer(adminToken));
    expect(await refusal(token)).toEqual([401, 'Invalid token: it has been revoked']);
    clock.advance(1000);
    expect((await me(await login(t, 'gone@example.com', 'user-password-1'))).status).toBe(200);
  });

  it('refuses a well-signed token for a user that does not exist', async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const ghost = await t.services.auth.tokens.sign({ sub: 'ghost@example.com', jti: 'j-ghost', iat: now, exp: now + 60 });
    expect(await refusal(ghost)).toEqual([401, 'Invalid token: its user does not exist']);
  });

  it('applies a role change to the very next request of an existing token', async () => {
    const token = await createSignedInUser(t, adminToken, 'promoted@example.com');
    const users = () => graphql(t, '{ users(first: 1) { total } }', {}, bearer(token));
    expect((await users()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await graphql(t, 'mutation { setPlatformAdmin(email: "promoted@example.com", isPlatformAdmin: true) { isPlatformAdmin } }', {}, bearer(adminToken));
    expect((await users()).errors).toBeUndefined();
    await graphql(t, 'mutation { setPlatformAdmin(email: "promoted@example.com", isPlatformAdmin: false) { isPlatformAdmin } }', {}, bearer(adminToken));
    expect((await users()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an expired token by the controlled clock', async () => {
    const token = await createSignedInUser(t, adminToken, 'expiring@example.com');
    clock.advance(10080 * 60_000 - 1000);
    expect((await me(token)).status).toBe(200);
    clock.advance(1000);
    expect(await refusal(token)).toEqual([401, 'Invalid token: it has expired']);
  });
});
