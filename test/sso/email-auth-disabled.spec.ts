import { describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { bearer, DEFAULT_ADMIN, FAST_ARGON2, graphql, postJson } from '../support/auth.js';

/** EMAIL_AUTH_ENABLED=false with SSO on: email sign-in stays open to platform admins only, and only with SSO_PRESERVE_ADMIN_AUTH=true. */
async function withApp(env: Record<string, string>, run: (t: TestApp) => Promise<void>) {
  const t = await startTestApp({ ...FAST_ARGON2, ...env });
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

const loginStatus = async (t: TestApp, email: string, password: string) => {
  const res = await postJson(t, '/auth/email/login', { email, password });
  return { status: res.status, body: (await res.json()) as { detail: string; access_token?: string } };
};

describe('EMAIL_AUTH_ENABLED=false', () => {
  const member = { email: 'member@example.com', password: 'member-password-1' };
  const addMember = async (t: TestApp) => {
    await t.services.accounts.createUser({ ...member, fullName: 'Member' }, { actor: 'test' });
  };

  it('with SSO on and SSO_PRESERVE_ADMIN_AUTH=true: platform admins sign in, members get the same answer as a wrong password', async () => {
    await withApp({ EMAIL_AUTH_ENABLED: 'false', SSO_ENABLED: 'true', SSO_PRESERVE_ADMIN_AUTH: 'true' }, async (t) => {
      await addMember(t);
      const admin = await loginStatus(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
      expect(admin.status).toBe(200);
      const m = await loginStatus(t, member.email, member.password);
      const wrong = await loginStatus(t, DEFAULT_ADMIN.email, 'not-the-password');
      const unknown = await loginStatus(t, 'nobody@example.com', 'whatever-1');
      expect(m.status).toBe(401);
      expect(m.body.detail).toContain('open to platform admins only');
      expect(wrong).toEqual(m);
      expect(unknown).toEqual(m);
      const gql = await graphql<{ login: { accessToken: string } }>(t, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: member.email, p: member.password });
      expect(gql.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const register = await postJson(t, '/auth/email/register', { email: 'new@example.com', password: 'new-password-1' });
      expect(register.status).toBe(403);
      expect((await t.fetch('/auth/email/me', { headers: bearer(admin.body.access_token!) })).status).toBe(200);
    });
  });

  it('with SSO on and SSO_PRESERVE_ADMIN_AUTH=false: nobody signs in by email, admins included', async () => {
    await withApp({ EMAIL_AUTH_ENABLED: 'false', SSO_ENABLED: 'true', SSO_PRESERVE_ADMIN_AUTH: 'false' }, async (t) => {
      const admin = await loginStatus(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
      expect(admin.status).toBe(403);
      expect(admin.body.detail).toContain('EMAIL_AUTH_ENABLED=false');
    });
  });

  it('with SSO off: email sign-in is simply disabled', async () => {
    await withApp({ EMAIL_AUTH_ENABLED: 'false', SSO_ENABLED: 'false' }, async (t) => {
      expect((await loginStatus(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password)).status).toBe(403);
    });
  });

  it('with EMAIL_AUTH_ENABLED=true everyone signs in by email, SSO on or not', async () => {
    await withApp({ SSO_ENABLED: 'true' }, async (t) => {
      await addMember(t);
      expect((await loginStatus(t, member.email, member.password)).status).toBe(200);
    });
  });
});
