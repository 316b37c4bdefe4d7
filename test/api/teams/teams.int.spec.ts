import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../support/databases.js';
import { manualClock, startTestServices, type TestServices } from '../../support/services.js';
import type { Principal } from '../../../api/authz/principal.js';
import { pageRequest } from '../../../api/graphql/paging.js';

const meta = { actor: 'test' };
const page = pageRequest(50, null);

describe.each(dialects)('teams on %s', (dialect) => {
  let t: TestServices;
  const clock = manualClock();
  let owner: Principal, alice: Principal, bob: Principal, carol: Principal, admin: Principal, outsider: Principal;

  beforeAll(async () => {
    t = await startTestServices(dialect, { MAX_TEAMS_PER_USER: '20', MAX_MEMBERS_PER_TEAM: '3', INVITATION_EXPIRY_DAYS: '7' }, clock);
    [owner, alice, bob, carol, admin, outsider] = await Promise.all(
      ['owner', 'alice', 'bob', 'carol', 'chief', 'outsider'].map((n) => t.user(`${n}@example.com`, { admin: n === 'chief' })),
    );
  });
  afterAll(() => t?.close());

  const teams = () => t.services.teams;
  const queries = () => t.services.teamQueries;
  const authz = () => t.services.authz;

  it('gives every user a personal team they own, which cannot be left, deleted or shared', async () => {
    const mine = await queries().myTeams(alice, null, page);
    expect(mine.items).toHaveLength(1);
    const personal = mine.items[0];
    expect(personal).toMatchObject({ personal: true, visibility: 'private', name: 'personal-alice-example-com', memberCount: 1 });
    expect(authz().membership(alice, personal.id)).toBe('team_owner');
    await expect(teams().leaveTeam(alice, meta, personal.id)).rejects.toMatchObject({ code: 'PERSONAL_TEAM' });
    await expect(teams().deleteTeam(alice, meta, personal.id, null)).rejects.toMatchObject({ code: 'PERSONAL_TEAM' });
    await expect(teams().updateTeam(alice, meta, personal.id, { visibility: 'public' })).rejects.toMatchObject({ code: 'PERSONAL_TEAM' });
    await expect(teams().inviteMember(alice, meta, personal.id, 'bob@example.com', 'team_member')).rejects.toMatchObject({ code: 'PERSONAL_TEAM' });
    // Another user's personal team does not exist for them.
    await expect(teams().updateTeam(bob, meta, personal.id, { name: 'mine' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists only your teams, filtered and limited in SQL', async () => {
    const { sql, params } = queries().myTeamsQuery(alice, null, page).toSQL();
    expect(sql).toMatch(/role_grants/);
    expect(sql).toMatch(/user_id/);
    expect(sql.toLowerCase()).toMatch(/limit/);
    expect(params).toContain(alice.userId);
    const teamId = await teams().createTeam(owner, meta, { name: 'Only owners', visibility: 'private' });
    expect((await queries().myTeams(alice, null, page)).items.map((x) => x.id)).not.toContain(teamId);
    expect(await queries().team(alice, teamId)).toBeUndefined();
    expect((await queries().myTeams(admin, null, pageRequest(200, null))).items.map((x) => x.id)).toContain(teamId);
  });

  it('holds MAX_TEAMS_PER_USER under concurrent creation', async () => {
    // carol holds her personal team; the limit of 20 leaves room for exactly 19 more.
    const results = await Promise.allSettled(Array.from({ length: 23 }, (_, i) => teams().createTeam(carol, meta, { name: `Carol ${i}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'LIMIT_REACHED', message: expect.stringMatching(/MAX_TEAMS_PER_USER/) });
    }
    expect((await queries().myTeams(carol, null, page)).items).toHaveLength(20);
  });

  it('holds MAX_MEMBERS_PER_TEAM under concurrent acceptances', async () => {
    const teamId = await teams().createTeam(owner, meta, { name: 'Small' });
    const users = await Promise.all([1, 2, 3, 4].map((i) => t.user(`small${i}@example.com`)));
    const invites = await Promise.all(users.map((u) => teams().inviteMember(owner, meta, teamId, u.email, 'team_member')));
    const results = await Promise.allSettled(users.map((u, i) => teams().answerInvitation(u, meta, invites[i].token, true)));
    // The owner is one of three: two invitees get in, the rest hear the limit.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['LIMIT_REACHED', 'LIMIT_REACHED']);
    expect((await queries().team(owner, teamId))!.memberCount).toBe(3);
  });

  it('makes invitations single-use, email-bound, revocable and expiring', async () => {
    const teamId = await teams().createTeam(owner, meta, { name: 'Invites' });
    const inv = await teams().inviteMember(owner, meta, teamId, 'Alice@Example.com ', 'team_member');
    expect(inv.acceptUrl).toBe(`http://localhost:4444/invitations/accept?token=${inv.token}`);
    expect(Buffer.from(inv.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    await expect(teams().answerInvitation(bob, meta, inv.token, true)).rejects.toThrow(/sent to another email/);
    await expect(teams().answerInvitation(alice, meta, 'not-a-token', true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await teams().answerInvitation(alice, meta, inv.token, true);
    expect(authz().membership(alice, teamId)).toBe('team_member');
    await expect(teams().answerInvitation(alice, meta, inv.token, true)).rejects.toThrow(/already accepted/);

    const revoked = await teams().inviteMember(owner, meta, teamId, 'bob@example.com', 'team_member');
    await expect(teams().revokeInvitation(alice, meta, revoked.invitationId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await teams().revokeInvitation(owner, meta, revoked.invitationId);
    await expect(teams().answerInvitation(bob, meta, revoked.token, true)).rejects.toThrow(/already revoked/);

    const late = await teams().inviteMember(owner, meta, teamId, 'bob@example.com', 'team_member');
    clock.advance(7 * 86_400_000 + 1);
    await expect(teams().answerInvitation(bob, meta, late.token, true)).rejects.toThrow(/expired/);
    // A new invitation may follow an expired one.
    const again = await teams().inviteMember(owner, meta, teamId, 'bob@example.com', 'team_owner');
    await teams().answerInvitation(bob, meta, again.token, false);
    expect(authz().membership(bob, teamId)).toBeNull();
  });

  it('runs join requests for public teams only, decided by owners', async () => {
    const pub = await teams().createTeam(owner, meta, { name: 'Open house', visibility: 'public' });
    const priv = await teams().createTeam(owner, meta, { name: 'Closed house' });
    expect((await queries().discover(outsider, 'open', page)).items.map((x) => x.id)).toEqual([pub]);
    await expect(teams().requestToJoin(outsider, meta, priv, 'hi')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const requestId = await teams().requestToJoin(outsider, meta, pub, 'hi');
    await expect(teams().decideJoinRequest(outsider, meta, requestId, true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await queries().joinRequests(owner, pub, page))!.items.map((r) => r.status)).toEqual(['pending']);
    await teams().decideJoinRequest(owner, meta, requestId, true);
    expect(authz().membership(outsider, pub)).toBe('team_member');
    await expect(queries().joinRequests(outsider, pub, page)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await teams().leaveTeam(outsider, meta, pub);
    expect(authz().membership(outsider, pub)).toBeNull();
  });

  it('keeps a last owner, and applies a role change to the very next check', async () => {
    const teamId = await teams().createTeam(owner, meta, { name: 'Owners' });
    const inv = await teams().inviteMember(owner, meta, teamId, 'alice@example.com', 'team_member');
    await teams().answerInvitation(alice, meta, inv.token, true);
    await expect(teams().leaveTeam(owner, meta, teamId)).rejects.toMatchObject({ code: 'LAST_OWNER' });
    await expect(teams().setMemberRole(owner, meta, teamId, 'owner@example.com', 'team_member')).rejects.toMatchObject({ code: 'LAST_OWNER' });
    expect(authz().can(alice, 'teams.manage_members', { teamId })).toBe(false);
    await expect(teams().inviteMember(alice, meta, teamId, 'bob@example.com', 'team_member')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await teams().setMemberRole(owner, meta, teamId, 'alice@example.com', 'team_owner');
    expect(authz().can(alice, 'teams.manage_members', { teamId })).toBe(true);
    await teams().setMemberRole(alice, meta, teamId, 'owner@example.com', 'team_member');
    expect(authz().can(owner, 'teams.manage_members', { teamId })).toBe(false);
    await teams().removeMember(alice, meta, teamId, 'owner@example.com');
    expect(await queries().team(owner, teamId)).toBeUndefined();
  });

  it('grants custom roles globally and within a team, effective only while a member', async () => {
    const teamId = await teams().createTeam(owner, meta, { name: 'Runners' });
    const roleId = await t.services.roles.createRole(admin, meta, { name: `Runner ${dialect}`, scope: 'team', permissions: ['tools.execute', 'servers.update'] });
    await expect(t.services.roles.grantRole(admin, meta, 'bob@example.com', roleId, teamId)).rejects.toThrow(/not a member/);
    const inv = await teams().inviteMember(owner, meta, teamId, 'bob@example.com', 'team_member');
    await teams().answerInvitation(bob, meta, inv.token, true);
    expect(authz().can(bob, 'servers.update', { teamId })).toBe(false);
    await t.services.roles.grantRole(admin, meta, 'bob@example.com', roleId, teamId);
    expect(authz().can(bob, 'servers.update', { teamId })).toBe(true);
    expect(authz().permissionsIn(bob, teamId)).toContain('servers.update');
    // The team grant says nothing elsewhere.
    expect(authz().can(bob, 'servers.update', { teamId: 'another' })).toBe(false);
    await teams().removeMember(owner, meta, teamId, 'bob@example.com');
    expect(authz().can(bob, 'servers.update', { teamId })).toBe(false);

    const globalRole = await t.services.roles.createRole(admin, meta, { name: `Reader ${dialect}`, scope: 'global', permissions: ['gateways.read'] });
    await expect(t.services.roles.grantRole(owner, meta, 'carol@example.com', globalRole, null)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await t.services.roles.grantRole(admin, meta, 'carol@example.com', globalRole, null);
    expect(authz().can(carol, 'gateways.read')).toBe(true);
    await t.services.roles.deleteRole(admin, meta, globalRole);
    expect(authz().can(carol, 'gateways.read')).toBe(false);
    await expect(t.services.roles.grantRole(admin, meta, 'carol@example.com', 'team_member', teamId)).rejects.toThrow(/not grantRole/);
    await expect(t.services.roles.createRole(admin, meta, { name: 'Bad', scope: 'global', permissions: ['tools.fly'] })).rejects.toThrow(/Unknown permission\(s\): tools.fly/);
    await expect(t.services.roles.createRole(admin, meta, { name: `Runner ${dialect}`, scope: 'global', permissions: ['tools.read'] })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('lets an auditor read every team but change none', async () => {
    const auditor = await t.user(`auditor-${dialect}@example.com`);
    await t.services.roles.grantRole(admin, meta, auditor.email, 'auditor', null);
    const teamId = await teams().createTeam(owner, meta, { name: 'Audited' });
    expect(await queries().team(auditor, teamId)).toBeDefined();
    expect((await queries().invitations(auditor, teamId, page))!.items).toEqual([]);
    await expect(teams().updateTeam(auditor, meta, teamId, { name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('deletes a team that owns nothing, and checks a transfer target', async () => {
    const teamId = await teams().createTeam(owner, meta, { name: 'Doomed' });
    await expect(teams().deleteTeam(owner, meta, teamId, teamId)).rejects.toThrow(/another team/);
    await expect(teams().deleteTeam(outsider, meta, teamId, null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await teams().deleteTeam(owner, meta, teamId, null);
    expect(await queries().team(owner, teamId)).toBeUndefined();
    expect(authz().membership(owner, teamId)).toBeNull();
  });
});

describe.each(dialects)('invitations needing a verified email on %s', (dialect) => {
  let t: TestServices;
  beforeAll(async () => {
    t = await startTestServices(dialect, { REQUIRE_EMAIL_VERIFICATION_FOR_INVITES: 'true', PUBLIC_REGISTRATION_ENABLED: 'true' });
  });
  afterAll(() => t?.close());

  it('refuses a self-registered (unverified) invitee with a reason, and accepts a verified one', async () => {
    const owner = await t.user('boss@example.com');
    const unverified = await t.user('fresh@example.com', { emailVerified: false });
    const verified = await t.user('known@example.com');
    const teamId = await t.services.teams.createTeam(owner, meta, { name: 'Verified only' });
    const a = await t.services.teams.inviteMember(owner, meta, teamId, unverified.email, 'team_member');
    await expect(t.services.teams.answerInvitation(unverified, meta, a.token, true)).rejects.toThrow(/Verify your email address before accepting invitations/);
    expect(t.services.authz.membership(unverified, teamId)).toBeNull();
    const b = await t.services.teams.inviteMember(owner, meta, teamId, verified.email, 'team_member');
    await t.services.teams.answerInvitation(verified, meta, b.token, true);
    expect(t.services.authz.membership(verified, teamId)).toBe('team_member');
  });
});
