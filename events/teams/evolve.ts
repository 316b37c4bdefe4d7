import type { StoredEvent } from '../store/types.js';
import type { MembershipRole } from '../../api/authz/permissions.js';
import type { TeamEvent, TeamVisibility } from './events.js';

export interface Invitation {
  email: string;
  role: MembershipRole;
  tokenHash: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'declined' | 'revoked';
}

export interface JoinRequest {
  userId: string;
  email: string;
  status: 'pending' | 'approved' | 'rejected';
}

export interface TeamState {
  status: 'none' | 'active' | 'deleted';
  teamId: string;
  name: string;
  description: string;
  visibility: TeamVisibility;
  personal: boolean;
  createdBy: string;
  members: Record<string, { email: string; role: MembershipRole }>;
  invitations: Record<string, Invitation>;
  joinRequests: Record<string, JoinRequest>;
}

export const initialTeamState = (): TeamState => ({
  status: 'none',
  teamId: '',
  name: '',
  description: '',
  visibility: 'private',
  personal: false,
  createdBy: '',
  members: {},
  invitations: {},
  joinRequests: {},
});

export function evolveTeam(state: TeamState, event: StoredEvent<TeamEvent>): TeamState {
  const e = { type: event.type, data: event.data } as TeamEvent;
  switch (e.type) {
    case 'TeamCreated':
      return { ...state, status: 'active', teamId: e.data.teamId, name: e.data.name, description: e.data.description, visibility: e.data.visibility, personal: e.data.personal, createdBy: e.data.createdBy };
    case 'TeamUpdated':
      return {
        ...state,
        name: e.data.name ?? state.name,
        description: e.data.description ?? state.description,
        visibility: e.data.visibility ?? state.visibility,
      };
    case 'TeamDeleted':
      return { ...state, status: 'deleted', members: {} };
    case 'MemberAdded':
      return { ...state, members: { ...state.members, [e.data.userId]: { email: e.data.email, role: e.data.role } } };
    case 'MemberRoleChanged': {
      const member = state.members[e.data.userId];
      return member ? { ...state, members: { ...state.members, [e.data.userId]: { ...member, role: e.data.role } } } : state;
    }
    case 'MemberRemoved': {
      const { [e.data.userId]: _gone, ...members } = state.members;
      return { ...state, members };
    }
    case 'InvitationCreated':
      return {
        ...state,
        invitations: {
          ...state.invitations,
          [e.data.invitationId]: { email: e.data.email, role: e.data.role, tokenHash: e.data.tokenHash, expiresAt: e.data.expiresAt, status: 'pending' },
        },
      };
    case 'InvitationAccepted':
    case 'InvitationDeclined':
    case 'InvitationRevoked': {
      const inv = state.invitations[e.data.invitationId];
      if (!inv) return state;
      const status = e.type === 'InvitationAccepted' ? 'accepted' : e.type === 'InvitationDeclined' ? 'declined' : 'revoked';
      return { ...state, invitations: { ...state.invitations, [e.data.invitationId]: { ...inv, status } } };
    }
    case 'JoinRequested':
      return {
        ...state,
        joinRequests: { ...state.joinRequests, [e.data.requestId]: { userId: e.data.userId, email: e.data.email, status: 'pending' } },
      };
    case 'JoinRequestApproved':
    case 'JoinRequestRejected': {
      const req = state.joinRequests[e.data.requestId];
      if (!req) return state;
      return {
        ...state,
        joinRequests: { ...state.joinRequests, [e.data.requestId]: { ...req, status: e.type === 'JoinRequestApproved' ? 'approved' : 'rejected' } },
      };
    }
  }
}
