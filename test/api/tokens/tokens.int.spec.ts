import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { dialects } from '../../support/databases.js';
import { manualClock, startTestServices, type TestServices } from '../../support/services.js';
import type { Principal } from '../../../api/authz/principal.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { hashApiToken } from '../../../api/tokens/secret.js';

const meta = { actor: 'test' };
const page = pageRequest(50, null);

describe.each(dialects)('API tokens on %s', (dialect) => {
  let t: TestServices;
  const clock = manualClock();
  let owner: Principal, member: Principal, outsider: Principal, chief: Principal;
  let teamId: string;

  beforeAll(async () => {
    t = await startTestServices(dialect, {}, clock);
    [owner, member, outsider, chief] = await Promise.all(['owner', 'member', 'outsider', 'chief'].map((n) => t.user(`${n}@example.com`, { admin: n === 'chief' })));
    teamId = await t.services.teams.createTeam(owner, meta, { name: 'Token team' });
    const inv = await t.services.teams.inviteMember(owner, meta, teamId, member.email, 'team_member');
    await t.services.teams.answerInvitation(member, meta, inv.token, true);
  });
  afterAll(() => t?.close());

  const tokens = () => t.services.tokens;

  it('shows the secret once and stores only its SHA-256', async () => {
    const { token, tokenId } = await tokens().create(member, meta, { name: 'ci', expiresInDays: 30 });
    expect(token).toMatch(/^sb_[A-Za-z0-9_-]{43}$/);
    const rows = await t.services.database.query<Record<string, unknown>>(sql`select * from api_tokens where id = ${tokenId}`);
    expect(JSON.stringify(rows)).not.toContain(token.slice(3));
    expect(String(rows[0].token_hash).trim()).toBe(hashApiToken(token));
    const events = await t.services.database.query<{ data: string }>(sql`select data from events where stream_id = ${`token-${tokenId}`}`);
    expect(events.map((e) => e.data).join()).not.toContain(token.slice(3));
    expect(t.services.auth.apiTokens.byHash(hashApiToken(token))?.id).toBe(tokenId);
  });

  it('keeps names unique per user under concurrent creation, and frees a name on revocation', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => tokens().create(member, meta, { name: 'deploy', expiresInDays: 1 })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'ALREADY_EXISTS' });
    // Another user may use the same name.
    await tokens().create(owner, meta, { name: 'deploy', expiresInDays: 1 });
    const first = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ tokenId: string }>).value;
    await tokens().revoke(member, meta, first.tokenId, 'rotated');
    await expect(tokens().create(member, meta, { name: 'deploy', expiresInDays: 1 })).resolves.toMatchObject({ token: expect.any(String) });
  });

  it('refuses bad input with errors that name it', async () => {
    await expect(tokens().create(member, meta, { name: ' ', expiresInDays: 1 })).rejects.toThrow(/name must be 1 to 100/);
    await expect(tokens().create(member, meta, { name: 'x', expiresInDays: 0 })).rejects.toThrow(/expiresInDays must be a whole number/);
    await expect(tokens().create(member, meta, { name: 'x', expiresInDays: 1, permissions: ['tools.fly'] })).rejects.toThrow(/Unknown permission\(s\): tools.fly/);
    await expect(tokens().create(member, meta, { name: 'x', expiresInDays: 1, ipRules: ['10.0.0.0/33'] })).rejects.toThrow(/"10.0.0.0\/33" is not an IP address or CIDR/);
    await expect(tokens().create(outsider, meta, { name: 'x', expiresInDays: 1, teamId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(tokens().create(member, meta, { name: 'x', expiresInDays: 1, serverId: 'no-such-server' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const asToken: Principal = { ...member, credential: { type: 'api_token', tokenId: 'x' } };
    await expect(tokens().create(asToken, meta, { name: 'minted', expiresInDays: 1 })).rejects.toThrow(/a token cannot mint tokens/);
  });

  it('lets the owner, an owner of its team or a platform admin revoke it; others are told it does not exist', async () => {
    const mk = (name: string) => tokens().create(member, meta, { name, expiresInDays: 1, teamId }).then((c) => c.tokenId);
    const [a, b, c] = await Promise.all([mk('r1'), mk('r2'), mk('r3')]);
    await expect(tokens().revoke(outsider, meta, a, null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await tokens().revoke(member, meta, a, 'mine');
    await tokens().revoke(owner, meta, b, 'team owner');
    await tokens().revoke(chief, meta, c, 'admin');
    await expect(tokens().revoke(member, meta, a, null)).rejects.toThrow(/already revoked/);
    const listed = await t.services.tokenQueries.ofTeam(owner, teamId, page);
    expect(listed.items.filter((x) => [a, b, c].includes(x.id)).map((x) => [x.revokeReason, x.revokedBy]).sort()).toEqual([
      ['admin', 'test'],
      ['mine', 'test'],
      ['team owner', 'test'],
    ]);
    await expect(t.services.tokenQueries.ofTeam(member, teamId, page)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('narrows rights to the token list intersected with what the creator may do now, in its team', async () => {
    const asToken = (tokenId: string, scope: Principal['scope']): Principal => ({ ...owner, credential: { type: 'api_token', tokenId }, scope });
    const { authz } = t.services;
    const full = asToken('t1', { teamId, serverId: null, permissions: null });
    expect(authz.can(full, 'teams.update', { teamId })).toBe(true);
    const narrow = asToken('t2', { teamId, serverId: null, permissions: ['teams.read', 'tools.*'] });
    expect(authz.can(narrow, 'teams.update', { teamId })).toBe(false);
    expect(authz.can(narrow, 'tools.execute', { teamId })).toBe(true);
    // A list cannot grant what the creator lacks: member tokens never manage members.
    const memberToken: Principal = { ...member, credential: { type: 'api_token', tokenId: 't3' }, scope: { teamId, serverId: null, permissions: ['teams.manage_members'] } };
    expect(authz.can(memberToken, 'teams.manage_members', { teamId })).toBe(false);
    // Outside its team, a team token carries only global rights.
    const personal = (await t.services.teamQueries.myTeams(owner, null, page)).items.find((x) => x.personal)!;
    expect(authz.can(full, 'tools.create', { teamId: personal.id })).toBe(false);
    expect(authz.can({ ...owner }, 'tools.create', { teamId: personal.id })).toBe(true);
    // A platform admin's narrowed token is not an admin.
    const adminNarrow: Principal = { ...chief, credential: { type: 'api_token', tokenId: 't4' }, scope: { teamId: null, serverId: null, permissions: ['tools.read'] } };
    expect(authz.can(adminNarrow, 'tools.read')).toBe(true);
    expect(authz.can(adminNarrow, 'users.create')).toBe(false);
    expect(authz.isFullAdmin(adminNarrow)).toBe(false);
  });

  it('counts a team’s active tokens in team deletion, and moves them with a transfer', async () => {
    const doomed = await t.services.teams.createTeam(owner, meta, { name: 'Doomed tokens' });
    const target = await t.services.teams.createTeam(owner, meta, { name: 'Receiver' });
    const { tokenId } = await tokens().create(owner, meta, { name: 'moving', expiresInDays: 1, teamId: doomed });
    await expect(t.services.teams.deleteTeam(owner, meta, doomed, null)).rejects.toThrow(/still owns 1 tokens/);
    await t.services.teams.deleteTeam(owner, meta, doomed, target);
    const moved = await t.services.tokenQueries.visibleToken(owner, tokenId);
    expect(moved?.teamId).toBe(target);
  });

  it('writes usage in batches with per-token totals, filtered by time and paged', async () => {
    const { tokenId } = await tokens().create(member, meta, { name: 'used', expiresInDays: 1 });
    const base = { tokenId, userId: member.userId, surface: 'graphql' as const, toolName: null, latencyMs: 3, clientIp: '127.0.0.1', userAgent: 'test' };
    for (let i = 0; i < 5; i++) {
      t.services.tokenUsage.record({ ...base, at: `2026-11-25T12:00:0${i}.000Z`, operation: `Op${i}`, outcome: i === 4 ? 'error' : 'ok' });
    }
    await t.services.tokenUsage.flush();
    const usage = await t.services.tokenQueries.usage(member, tokenId, '2026-11-25T12:00:01.000Z', '2026-11-25T12:00:04.000Z', pageRequest(2, null));
    expect(usage.items.map((u) => u.operation)).toEqual(['Op1', 'Op2']);
    expect(usage.nextCursor).not.toBeNull();
    expect(usage.totals).toEqual({ calls: 5, errors: 1, lastUsedAt: '2026-11-25T12:00:04.000Z' });
    t.services.tokenUsage.record({ ...base, at: '2026-11-25T12:00:09.000Z', operation: 'Later', outcome: 'denied' });
    await t.services.tokenUsage.flush();
    expect((await t.services.tokenQueries.usage(member, tokenId, null, null, page)).totals).toEqual({ calls: 6, errors: 2, lastUsedAt: '2026-11-25T12:00:09.000Z' });
    await expect(t.services.tokenQueries.usage(outsider, tokenId, null, null, page)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
