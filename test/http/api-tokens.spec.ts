import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DEFAULT_ADMIN, FAST_ARGON2, bearer, createSignedInUser, graphql, login } from '../support/auth.js';
import { manualClock } from '../support/services.js';

const json = { 'content-type': 'application/json' };

describe('API tokens over HTTP', () => {
  let t: TestApp;
  const clock = manualClock();
  let admin: string, owner: string, member: string;
  let teamId: string;

  const must = async <T>(p: Promise<{ data?: T | null; errors?: unknown[] }>) => {
    const r = await p;
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data as T;
  };
  const createToken = async (as: string, input: Record<string, unknown>) =>
    (
      await must(
        graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
          t,
          'mutation($i: NewApiTokenInput!) { createApiToken(input: $i) { token apiToken { id } } }',
          { i: { expiresInDays: 7, ...input } },
          bearer(as),
        ),
      )
    ).createApiToken;
  /** A request from a given socket address: what IP rules read when TRUST_PROXY is off. */
  const from = (ip: string, path: string, init: RequestInit) =>
    t.app.fetch(new Request(`http://localhost${path}`, init), { req: { socket: { remoteAddress: ip } } } as never);
  const me = (token: string) => t.fetch('/graphql', { method: 'POST', headers: { ...json, ...bearer(token) }, body: JSON.stringify({ query: 'query Me { me { email } }', operationName: 'Me' }) });

  beforeAll(async () => {
    t = await startTestApp({ ...FAST_ARGON2 }, { clock });
    admin = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
    owner = await createSignedInUser(t, admin, 'owner@example.com');
    member = await createSignedInUser(t, admin, 'member@example.com');
    teamId = (await must(graphql<{ createTeam: { id: string } }>(t, 'mutation { createTeam(name: "Tokens") { id } }', {}, bearer(owner)))).createTeam.id;
    const inv = await must(graphql<{ inviteMember: { token: string } }>(t, 'mutation($id: ID!) { inviteMember(teamId: $id, email: "member@example.com") { token } }', { id: teamId }, bearer(owner)));
    await must(graphql(t, 'mutation($k: String!) { acceptInvitation(token: $k) { id } }', { k: inv.inviteMember.token }, bearer(member)));
    await must(graphql(t, 'mutation { createServer(input: { id: "only-this", name: "Only this", members: [] }) { id } }', {}, bearer(admin)));
  });
  afterAll(() => t?.close());

  it('authenticates GraphQL and REST as its creator', async () => {
    const { token } = await createToken(member, { name: 'basic' });
    expect(await (await me(token)).json()).toEqual({ data: { me: { email: 'member@example.com' } } });
    const rest = await t.fetch('/auth/email/me', { headers: bearer(token) });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { email: string }).email).toBe('member@example.com');
  });

  it('keeps a server-limited token off GraphQL and REST with 403 insufficient_scope', async () => {
    const { token } = await createToken(admin, { name: 'scoped', serverId: 'only-this' });
    const gql = await me(token);
    expect(gql.status).toBe(403);
    expect(gql.headers.get('www-authenticate')).toBe('Bearer realm="switchboard", error="insufficient_scope"');
    expect(await gql.json()).toMatchObject({ errors: [{ extensions: { code: 'INSUFFICIENT_SCOPE' }, message: expect.stringMatching(/limited to the virtual server only-this/) }] });
    const rest = await t.fetch('/auth/email/me', { headers: bearer(token) });
    expect(rest.status).toBe(403);
    expect(await rest.json()).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
  });

  it('carries the intersection of its permission list and the creator’s current rights', async () => {
    const update = (token: string) => graphql(t, 'mutation($id: ID!) { updateTeam(id: $id, description: "x") { id } }', { id: teamId }, bearer(token));
    const full = await createToken(owner, { name: 'owner-full', teamId });
    const readOnly = await createToken(owner, { name: 'owner-read', teamId, permissions: ['teams.read'] });
    expect((await update(full.token)).errors).toBeUndefined();
    expect((await update(readOnly.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const memberWide = await createToken(member, { name: 'member-wide', teamId, permissions: ['teams.*'] });
    expect((await update(memberWide.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('stops a team token on the very next request after its creator leaves the team', async () => {
    const { token } = await createToken(member, { name: 'team-bound', teamId });
    expect((await me(token)).status).toBe(200);
    await must(graphql(t, 'mutation($id: ID!) { removeMember(teamId: $id, email: "member@example.com") }', { id: teamId }, bearer(owner)));
    const after = await me(token);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ errors: [{ message: "Invalid token: its creator no longer belongs to the token's team" }] });
    const inv = await must(graphql<{ inviteMember: { token: string } }>(t, 'mutation($id: ID!) { inviteMember(teamId: $id, email: "member@example.com") { token } }', { id: teamId }, bearer(owner)));
    await must(graphql(t, 'mutation($k: String!) { acceptInvitation(token: $k) { id } }', { k: inv.inviteMember.token }, bearer(member)));
  });

  it('honours IP rules against the socket address, not X-Forwarded-For (TRUST_PROXY off)', async () => {
    const { token } = await createToken(member, { name: 'office', ipRules: ['10.1.0.0/16', '2001:db8::/32'] });
    const init = () => ({ headers: { ...bearer(token), 'x-forwarded-for': '10.1.2.3' } });
    expect((await from('10.1.2.3', '/auth/email/me', init())).status).toBe(200);
    expect((await from('::ffff:10.1.9.9', '/auth/email/me', init())).status).toBe(200);
    expect((await from('2001:db8::7', '/auth/email/me', init())).status).toBe(200);
    const outside = await from('192.0.2.1', '/auth/email/me', init());
    expect(outside.status).toBe(403);
    expect(await outside.json()).toMatchObject({ detail: 'This token may not be used from 192.0.2.1 (its IP rules)' });
  });

  it('expires, and stops on revocation or deactivation at the next request', async () => {
    const short = await createToken(member, { name: 'short', expiresInDays: 1 });
    expect((await me(short.token)).status).toBe(200);
    clock.advance(86_400_000 + 1000);
    expect(await (await me(short.token)).json()).toMatchObject({ errors: [{ message: 'Invalid token: it has expired' }] });

    const revoked = await createToken(member, { name: 'revoked' });
    await must(graphql(t, 'mutation($id: ID!) { revokeApiToken(id: $id, reason: "leaked") }', { id: revoked.apiToken.id }, bearer(member)));
    expect((await me(revoked.token)).status).toBe(401);

    const frozen = await createToken(member, { name: 'frozen' });
    await must(graphql(t, 'mutation { setUserActive(email: "member@example.com", active: false) { email } }', {}, bearer(admin)));
    expect(await (await me(frozen.token)).json()).toMatchObject({ errors: [{ message: 'Invalid token: its creator is deactivated' }] });
    await must(graphql(t, 'mutation { setUserActive(email: "member@example.com", active: true) { email } }', {}, bearer(admin)));
    member = await login(t, 'member@example.com', 'user-password-1');
  });

  it('logs exactly the uses made, with their fields', async () => {
    const { token, apiToken } = await createToken(owner, { name: 'audited', teamId, permissions: ['teams.read'] });
    await me(token);
    await t.fetch('/graphql', { method: 'POST', headers: { ...json, ...bearer(token), 'user-agent': 'usage-test/1' }, body: JSON.stringify({ query: 'mutation Touch($id: ID!) { updateTeam(id: $id, description: "y") { id } }', variables: { id: teamId }, operationName: 'Touch' }) });
    await t.fetch('/auth/email/me', { headers: bearer(token) });
    await t.services.tokenUsage.flush();
    const usage = await must(
      graphql<{ tokenUsage: { items: Record<string, unknown>[]; calls: number; errors: number } }>(
        t,
        'query($id: ID!) { tokenUsage(tokenId: $id) { calls errors items { surface operation toolName outcome latencyMs clientIp userAgent at } } }',
        { id: apiToken.id },
        bearer(owner),
      ),
    );
    expect(usage.tokenUsage.calls).toBe(3);
    expect(usage.tokenUsage.errors).toBe(1);
    expect(usage.tokenUsage.items.map(({ surface, operation, toolName, outcome }) => ({ surface, operation, toolName, outcome }))).toEqual([
      { surface: 'graphql', operation: 'Me', toolName: null, outcome: 'ok' },
      { surface: 'graphql', operation: 'Touch', toolName: null, outcome: 'error' },
      { surface: 'rest', operation: 'GET /auth/email/me', toolName: null, outcome: 'ok' },
    ]);
    expect(usage.tokenUsage.items[1]).toMatchObject({ userAgent: 'usage-test/1', clientIp: null, latencyMs: expect.any(Number), at: expect.any(String) });
  });
});
