import type { DomainEvent } from '../store/types.js';
import type { MembershipRole } from '../../api/authz/permissions.js';

export type TeamVisibility = 'private' | 'public';

export type TeamEvent =
  | DomainEvent<'TeamCreated', { teamId: string; name: string; slug: string; description: string; visibility: TeamVisibility; personal: boolean; createdBy: string }>
  | DomainEvent<'TeamUpdated', { name?: string; slug?: string; description?: string; visibility?: TeamVisibility }>
  | DomainEvent<'TeamDeleted', { transferredTo: string | null }>
  | DomainEvent<'MemberAdded', { userId: string; email: string; role: MembershipRole; via: 'creation' | 'invitation' | 'join_request' }>
  | DomainEvent<'MemberRoleChanged', { userId: string; role: MembershipRole }>
  | DomainEvent<'MemberRemoved', { userId: string; reason: 'removed' | 'left' }>
  | DomainEvent<'InvitationCreated', { invitationId: string; email: string; role: MembershipRole; tokenHash: string; expiresAt: string; invitedBy: string }>
  | DomainEvent<'InvitationAccepted', { invitationId: string; userId: string }>
  | DomainEvent<'InvitationDeclined', { invitationId: string; userId: string }>
  | DomainEvent<'InvitationRevoked', { invitationId: string }>
  | DomainEvent<'JoinRequested', { requestId: string; userId: string; email: string; message: string }>
  | DomainEvent<'JoinRequestApproved', { requestId: string; decidedBy: string }>
  | DomainEvent<'JoinRequestRejected', { requestId: string; decidedBy: string }>;

export type TeamEventType = TeamEvent['type'];

export const teamEventTypes: Record<TeamEventType, { secretFields?: readonly string[] }> = {
  TeamCreated: {},
  TeamUpdated: {},
  TeamDeleted: {},
  MemberAdded: {},
  MemberRoleChanged: {},
  MemberRemoved: {},
  // The invitation token is a bearer secret: only its hash is stored, and even that stays out of audit answers.
  InvitationCreated: { secretFields: ['tokenHash'] },
  InvitationAccepted: {},
  InvitationDeclined: {},
  InvitationRevoked: {},
  JoinRequested: {},
  JoinRequestApproved: {},
  JoinRequestRejected: {},
};

export const teamStream = (teamId: string) => `team-${teamId}`;
