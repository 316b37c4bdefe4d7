import { describe, expect, it } from 'vitest';
import { decideTeam, type TeamCommand } from '../../../events/teams/decide.js';
import { evolveTeam, initialTeamState, type TeamState } from '../../../events/teams/evolve.js';
import type { TeamEvent } from '../../../events/teams/events.js';

const limits = { maxTeamsPerUser: 3, maxMembersPerTeam: 3 };
const now = '2026-11-25T12:00:00.000Z';
const joiner = (n: number, extra: Partial<{ emailVerified: boolean; teamCount: number }> = {}) => ({
  userId: `u${n}`,
  email: `u${n}@example.com`,
  emailVerified: true,
  teamCount: 0,
  ...extra,
});

/** given events, when a command, then events or an error: the decider spec style. */
function given(...events: TeamEvent[]): TeamState {
  return events.reduce(
    (s, e, i) => evolveTeam(s, { ...e, position: i + 1, streamId: 'team-t', streamVersion: i + 1, metadata: { actor: null, requestId: null, clientIp: null, userAgent: null, time: now }, hash: '' }),
    initialTeamState(),
  );
}
const when = (state: TeamState, command: TeamCommand) => () => decideTeam(command, state);

const created = (personal = false, visibility: 'private' | 'public' = 'private'): TeamEvent[] => [
  { type: 'TeamCreated', data: { teamId: 't', name: 'T', slug: 't', description: '', visibility, personal, createdBy: 'u1' } },
  { type: 'MemberAdded', data: { userId: 'u1', email: 'u1@example.com', role: 'team_owner', via: 'creation' } },
];
const member = (n: number, role: 'team_owner' | 'team_member' = 'team_member'): TeamEvent => ({
  type: 'MemberAdded',
  data: { userId: `u${n}`, email: `u${n}@example.com`, role, via: 'invitation' },
});
const invitation = (id: string, email: string, expiresAt = '2026-12-01T00:00:00.000Z'): TeamEvent => ({
  type: 'InvitationCreated',
  data: { invitationId: id, email, role: 'team_member', tokenHash: 'h', expiresAt, invitedBy: 'u1' },
});

describe('team decider', () => {
  it('creates a team with its creator as owner, within the per-user limit', () => {
    const events = decideTeam(
      { type: 'CreateTeam', teamId: 't', name: 'T', slug: 't', description: '', visibility: 'public', personal: false, creator: joiner(1), limits },
      initialTeamState(),
    );
    expect(events.map((e) => e.type)).toEqual(['TeamCreated', 'MemberAdded']);
    expect(events[1].data).toMatchObject({ userId: 'u1', role: 'team_owner' });
    expect(
      when(initialTeamState(), { type: 'CreateTeam', teamId: 't', name: 'T', slug: 't', description: '', visibility: 'private', personal: false, creator: joiner(1, { teamCount: 3 }), limits }),
    ).toThrow(/limit of 3 \(MAX_TEAMS_PER_USER\)/);
  });

  it('keeps the last owner: no leaving, no demotion, no removal', () => {
    const s = given(...created(), member(2));
    expect(when(s, { type: 'LeaveTeam', userId: 'u1' })).toThrow(expect.objectContaining({ code: 'LAST_OWNER' }));
    expect(when(s, { type: 'SetMemberRole', userId: 'u1', role: 'team_member' })).toThrow(expect.objectContaining({ code: 'LAST_OWNER' }));
    expect(when(s, { type: 'RemoveMember', userId: 'u1' })).toThrow(expect.objectContaining({ code: 'LAST_OWNER' }));
    const two = given(...created(), member(2, 'team_owner'));
    expect(decideTeam({ type: 'LeaveTeam', userId: 'u1' }, two)).toEqual([{ type: 'MemberRemoved', data: { userId: 'u1', reason: 'left' } }]);
  });

  it('refuses to delete, leave, share or add members to a personal team', () => {
    const s = given(...created(true));
    expect(when(s, { type: 'DeleteTeam', transferTo: null })).toThrow(/cannot be deleted/);
    expect(when(s, { type: 'UpdateTeam', visibility: 'public' })).toThrow(/cannot be shared/);
    expect(when(s, { type: 'InviteMember', invitationId: 'i', email: 'x@example.com', role: 'team_member', tokenHash: 'h', expiresAt: '2026-12-01T00:00:00.000Z', invitedBy: 'u1', now })).toThrow(/cannot be given members/);
    expect(when(s, { type: 'LeaveTeam', userId: 'u1' })).toThrow(expect.objectContaining({ code: 'PERSONAL_TEAM' }));
  });

  it('accepts an invitation once, only for its email, before it expires', () => {
    const s = given(...created(), invitation('i1', 'u2@example.com'));
    const accept = (user = joiner(2), at = now) =>
      ({ type: 'AcceptInvitation', invitationId: 'i1', user, now: at, requireVerifiedEmail: true, limits }) as TeamCommand;
    expect(decideTeam(accept(), s).map((e) => e.type)).toEqual(['InvitationAccepted', 'MemberAdded']);
    expect(when(s, accept(joiner(3)))).toThrow(/sent to another email/);
    expect(when(s, accept(joiner(2), '2026-12-02T00:00:00.000Z'))).toThrow(/expired/);
    expect(when(s, accept(joiner(2, { emailVerified: false })))).toThrow(/Verify your email address/);
    const used = given(...created(), invitation('i1', 'u2@example.com'), { type: 'InvitationAccepted', data: { invitationId: 'i1', userId: 'u2' } });
    expect(() => decideTeam(accept(), used)).toThrow(/already accepted/);
    const revoked = given(...created(), invitation('i1', 'u2@example.com'), { type: 'InvitationRevoked', data: { invitationId: 'i1' } });
    expect(() => decideTeam(accept(), revoked)).toThrow(/already revoked/);
  });

  it('holds MAX_MEMBERS_PER_TEAM and the joiner’s MAX_TEAMS_PER_USER on admission', () => {
    const full = given(...created(), member(2), member(3), invitation('i4', 'u4@example.com'));
    expect(when(full, { type: 'AcceptInvitation', invitationId: 'i4', user: joiner(4), now, requireVerifiedEmail: false, limits })).toThrow(/MAX_MEMBERS_PER_TEAM/);
    const room = given(...created(), invitation('i4', 'u4@example.com'));
    expect(when(room, { type: 'AcceptInvitation', invitationId: 'i4', user: joiner(4, { teamCount: 3 }), now, requireVerifiedEmail: false, limits })).toThrow(/MAX_TEAMS_PER_USER/);
  });

  it('lets anyone ask to join a public team once, and hides private teams', () => {
    const pub = given(...created(false, 'public'));
    expect(decideTeam({ type: 'RequestToJoin', requestId: 'r', user: joiner(2), message: ' hi ' }, pub)).toEqual([
      { type: 'JoinRequested', data: { requestId: 'r', userId: 'u2', email: 'u2@example.com', message: 'hi' } },
    ]);
    const asked = given(...created(false, 'public'), { type: 'JoinRequested', data: { requestId: 'r', userId: 'u2', email: 'u2@example.com', message: '' } });
    expect(when(asked, { type: 'RequestToJoin', requestId: 'r2', user: joiner(2), message: '' })).toThrow(/already asked/);
    expect(when(given(...created()), { type: 'RequestToJoin', requestId: 'r', user: joiner(2), message: '' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(decideTeam({ type: 'ApproveJoinRequest', requestId: 'r', decidedBy: 'u1', user: joiner(2), limits }, asked).map((e) => e.type)).toEqual([
      'JoinRequestApproved',
      'MemberAdded',
    ]);
  });

  it('answers "not found" for anything on a deleted team', () => {
    const s = given(...created(), { type: 'TeamDeleted', data: { transferredTo: null } });
    expect(when(s, { type: 'UpdateTeam', name: 'x' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
