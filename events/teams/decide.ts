import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { MembershipRole } from '../../api/authz/permissions.js';
import type { TeamEvent, TeamVisibility } from './events.js';
import type { TeamState } from './evolve.js';
import { InvitationInvalidError, LastOwnerError, LimitReachedError, PersonalTeamError } from './errors.js';

export interface Limits {
  maxTeamsPerUser: number;
  maxMembersPerTeam: number;
}

/** A user as the team rules need them; `teamCount` is read in the same transaction (it spans streams). */
export interface Joiner {
  userId: string;
  email: string;
  emailVerified: boolean;
  teamCount: number;
}

export type TeamCommand =
  | { type: 'CreateTeam'; teamId: string; name: string; slug: string; description: string; visibility: TeamVisibility; personal: boolean; creator: Joiner; limits: Limits }
  | { type: 'UpdateTeam'; name?: string; slug?: string; description?: string; visibility?: TeamVisibility }
  | { type: 'DeleteTeam'; transferTo: string | null }
  | { type: 'InviteMember'; invitationId: string; email: string; role: MembershipRole; tokenHash: string; expiresAt: string; invitedBy: string; now: string }
  | { type: 'AcceptInvitation'; invitationId: string; user: Joiner; now: string; requireVerifiedEmail: boolean; limits: Limits }
  | { type: 'DeclineInvitation'; invitationId: string; user: Joiner; now: string }
  | { type: 'RevokeInvitation'; invitationId: string }
  | { type: 'RequestToJoin'; requestId: string; user: Joiner; message: string }
  | { type: 'ApproveJoinRequest'; requestId: string; decidedBy: string; user: Joiner; limits: Limits }
  | { type: 'RejectJoinRequest'; requestId: string; decidedBy: string }
  | { type: 'LeaveTeam'; userId: string }
  | { type: 'SetMemberRole'; userId: string; role: MembershipRole }
  | { type: 'RemoveMember'; userId: string };

const owners = (s: TeamState) => Object.values(s.members).filter((m) => m.role === 'team_owner').length;

function admit(state: TeamState, user: Joiner, limits: Limits) {
  if (state.members[user.userId]) throw new ConflictError(`${user.email} is already a member of this team`);
  if (Object.keys(state.members).length >= limits.maxMembersPerTeam) {
    throw new LimitReachedError('MAX_MEMBERS_PER_TEAM', limits.maxMembersPerTeam, 'This team is');
  }
  if (user.teamCount >= limits.maxTeamsPerUser) {
    throw new LimitReachedError('MAX_TEAMS_PER_USER', limits.maxTeamsPerUser, `${user.email} is`);
  }
}

function activeTeam(state: TeamState) {
  if (state.status !== 'active') throw new NotFoundError('Team');
}

/** The rules of one team, pure: who belongs, the last owner, limits, invitations and join requests. */
export function decideTeam(command: TeamCommand, state: TeamState): TeamEvent[] {
  if (command.type === 'CreateTeam') {
    if (state.status !== 'none') throw new ConflictError('This team id is taken');
    const c = command;
    if (!c.personal && c.creator.teamCount >= c.limits.maxTeamsPerUser) {
      throw new LimitReachedError('MAX_TEAMS_PER_USER', c.limits.maxTeamsPerUser, `${c.creator.email} is`);
    }
    return [
      { type: 'TeamCreated', data: { teamId: c.teamId, name: c.name, slug: c.slug, description: c.description, visibility: c.personal ? 'private' : c.visibility, personal: c.personal, createdBy: c.creator.userId } },
      { type: 'MemberAdded', data: { userId: c.creator.userId, email: c.creator.email, role: 'team_owner', via: 'creation' } },
    ];
  }
  activeTeam(state);

  switch (command.type) {
    case 'UpdateTeam': {
      if (state.personal && command.visibility === 'public') throw new PersonalTeamError('shared');
      const data: Extract<TeamEvent, { type: 'TeamUpdated' }>['data'] = {};
      if (command.name !== undefined && command.name !== state.name) {
        data.name = command.name;
        if (command.slug !== undefined) data.slug = command.slug;
      }
      if (command.description !== undefined && command.description !== state.description) data.description = command.description;
      if (command.visibility !== undefined && command.visibility !== state.visibility) data.visibility = command.visibility;
      return Object.keys(data).length ? [{ type: 'TeamUpdated', data }] : [];
    }
    case 'DeleteTeam':
      if (state.personal) throw new PersonalTeamError('deleted');
      return [{ type: 'TeamDeleted', data: { transferredTo: command.transferTo } }];

    case 'InviteMember': {
      if (state.personal) throw new PersonalTeamError('given members');
      const email = command.email;
      if (Object.values(state.members).some((m) => m.email === email)) throw new ConflictError(`${email} is already a member of this team`);
      const pending = Object.values(state.invitations).some((i) => i.email === email && i.status === 'pending' && i.expiresAt > command.now);
      if (pending) throw new ConflictError(`${email} already has a pending invitation to this team: revoke it to send a new one`);
      const { invitationId, role, tokenHash, expiresAt, invitedBy } = command;
      return [{ type: 'InvitationCreated', data: { invitationId, email, role, tokenHash, expiresAt, invitedBy } }];
    }
    case 'AcceptInvitation':
    case 'DeclineInvitation': {
      const inv = state.invitations[command.invitationId];
      if (!inv) throw new InvitationInvalidError('This invitation does not exist');
      if (inv.status !== 'pending') throw new InvitationInvalidError(`This invitation was already ${inv.status}`);
      if (inv.expiresAt <= command.now) throw new InvitationInvalidError('This invitation has expired: ask for a new one');
      if (inv.email !== command.user.email) throw new ForbiddenError('This invitation was sent to another email address');
      if (command.type === 'DeclineInvitation') {
        return [{ type: 'InvitationDeclined', data: { invitationId: command.invitationId, userId: command.user.userId } }];
      }
      if (command.requireVerifiedEmail && !command.user.emailVerified) {
        throw new ForbiddenError('Verify your email address before accepting invitations (REQUIRE_EMAIL_VERIFICATION_FOR_INVITES)');
      }
      admit(state, command.user, command.limits);
      return [
        { type: 'InvitationAccepted', data: { invitationId: command.invitationId, userId: command.user.userId } },
        { type: 'MemberAdded', data: { userId: command.user.userId, email: command.user.email, role: inv.role, via: 'invitation' } },
      ];
    }
    case 'RevokeInvitation': {
      const inv = state.invitations[command.invitationId];
      if (!inv) throw new NotFoundError('Invitation');
      if (inv.status !== 'pending') throw new InvitationInvalidError(`This invitation was already ${inv.status}`);
      return [{ type: 'InvitationRevoked', data: { invitationId: command.invitationId } }];
    }
    case 'RequestToJoin': {
      if (state.visibility !== 'public' || state.personal) throw new NotFoundError('Team');
      if (state.members[command.user.userId]) throw new ConflictError('You are already a member of this team');
      if (Object.values(state.joinRequests).some((r) => r.userId === command.user.userId && r.status === 'pending')) {
        throw new ConflictError('You already asked to join this team; an owner will decide');
      }
      const message = command.message.trim();
      if (message.length > 500) throw new ValidationError('message must be at most 500 characters');
      return [{ type: 'JoinRequested', data: { requestId: command.requestId, userId: command.user.userId, email: command.user.email, message } }];
    }
    case 'ApproveJoinRequest':
    case 'RejectJoinRequest': {
      const req = state.joinRequests[command.requestId];
      if (!req) throw new NotFoundError('Join request');
      if (req.status !== 'pending') throw new ConflictError(`This join request was already ${req.status}`);
      if (command.type === 'RejectJoinRequest') {
        return [{ type: 'JoinRequestRejected', data: { requestId: command.requestId, decidedBy: command.decidedBy } }];
      }
      admit(state, command.user, command.limits);
      return [
        { type: 'JoinRequestApproved', data: { requestId: command.requestId, decidedBy: command.decidedBy } },
        { type: 'MemberAdded', data: { userId: req.userId, email: req.email, role: 'team_member', via: 'join_request' } },
      ];
    }
    case 'LeaveTeam':
    case 'RemoveMember': {
      if (state.personal) throw new PersonalTeamError('left');
      const member = state.members[command.userId];
      if (!member) throw new NotFoundError('Member');
      if (member.role === 'team_owner' && owners(state) === 1) throw new LastOwnerError();
      return [{ type: 'MemberRemoved', data: { userId: command.userId, reason: command.type === 'LeaveTeam' ? 'left' : 'removed' } }];
    }
    case 'SetMemberRole': {
      if (state.personal) throw new PersonalTeamError('given members');
      const member = state.members[command.userId];
      if (!member) throw new NotFoundError('Member');
      if (member.role === command.role) return [];
      if (member.role === 'team_owner' && owners(state) === 1) throw new LastOwnerError();
      return [{ type: 'MemberRoleChanged', data: { userId: command.userId, role: command.role } }];
    }
  }
}
