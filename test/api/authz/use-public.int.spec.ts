import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../support/databases.js';
import { startTestServices, type TestServices } from '../../support/services.js';
import type { Principal } from '../../../api/authz/principal.js';
import type { ResourceRef } from '../../../api/authz/can.js';

const meta = { actor: 'test' };

/**
 * Using a public item (tools.execute, a2a.invoke) takes the right from any of one's roles; managing it, and
 * using anything narrower, still takes the right in the item's own team. Without personal teams, so a
 * user's roles are exactly the ones each case gives them.
 */
describe.each(dialects)('running public items on %s', (dialect) => {
  let t: TestServices;
  let admin: Principal, owner: Principal, user: Principal;
  let itemTeam: string, otherTeam: string;
  const item = (visibility: ResourceRef['visibility']): ResourceRef => ({ teamId: itemTeam, ownerEmail: 'owner@example.com', visibility, kind: 'tools' });

  beforeAll(async () => {
    t = await startTestServices(dialect, { AUTO_CREATE_PERSONAL_TEAMS: 'false' });
    [admin, owner, user] = await Promise.all(['chief', 'owner', 'user'].map((n) => t.user(`${n}@example.com`, { admin: n === 'chief' })));
    itemTeam = await t.services.teams.createTeam(owner, meta, { name: 'Makers' });
    otherTeam = await t.services.teams.createTeam(owner, meta, { name: 'Elsewhere' });
  });
  afterAll(() => t?.close());

  const can = (p: Principal, permission: string, r: ResourceRef) => t.services.authz.can(p, permission, r);

  it('a user without any role sees a public tool but may not run it', () => {
    expect(t.services.authz.canSee(user, item('public'))).toBe(true);
    expect(can(user, 'tools.execute', item('public'))).toBe(false);
  });

  it('tools.execute from a membership of any team runs public tools of every team, only while a member', async () => {
    const inv = await t.services.teams.inviteMember(owner, meta, otherTeam, 'user@example.com', 'team_member');
    await t.services.teams.answerInvitation(user, meta, inv.token, true);
    expect(can(user, 'tools.execute', item('public'))).toBe(true);
    expect(can(user, 'a2a.invoke', { ...item('public'), kind: 'a2a' })).toBe(true);
    // Using is not managing, and a narrower item needs the right in its own team.
    expect(can(user, 'tools.update', item('public'))).toBe(false);
    expect(can(user, 'tools.execute', item('team'))).toBe(false);
    await t.services.teams.removeMember(owner, meta, otherTeam, 'user@example.com');
    expect(can(user, 'tools.execute', item('public'))).toBe(false);
  });

  it('a global role with tools.execute runs public tools, a role without it does not', async () => {
    const reader = await t.services.roles.createRole(admin, meta, { name: `Reader ${dialect}`, scope: 'global', permissions: ['tools.read'] });
    await t.services.roles.grantRole(admin, meta, 'user@example.com', reader, null);
    expect(can(user, 'tools.execute', item('public'))).toBe(false);
    const runner = await t.services.roles.createRole(admin, meta, { name: `Runner ${dialect}`, scope: 'global', permissions: ['tools.execute'] });
    await t.services.roles.grantRole(admin, meta, 'user@example.com', runner, null);
    expect(can(user, 'tools.execute', item('public'))).toBe(true);
    expect(can(user, 'tools.execute', item('team'))).toBe(false);
  });
});
