import { and, eq, sql } from 'drizzle-orm';
import type { Projection } from '../store/projection.js';
import type { StoredEvent } from '../store/types.js';
import type { TeamEvent } from './events.js';
import { teamEventTypes } from './events.js';

export const membershipGrantId = (teamId: string, userId: string) => `m:${teamId}:${userId}`;

/** teams, memberships (as role grants), invitations and join requests, from the team streams. */
export const teamsProjection: Projection = {
  name: 'teams',
  tables: [
    { name: 'teams', key: ['id'] },
    { name: 'team_invitations', key: ['id'] },
    { name: 'team_join_requests', key: ['id'] },
  ],
  handles: new Set(Object.keys(teamEventTypes)),
  async apply(tx, stored, { schema }) {
    const { teams, roleGrants, teamInvitations, teamJoinRequests } = schema;
    const e = { type: stored.type, data: stored.data } as TeamEvent;
    const teamId = stored.streamId.slice('team-'.length);
    const at = stored.metadata.time;
    const touch = () => tx.update(teams).set({ updatedAt: at }).where(eq(teams.id, teamId));
    const recount = () =>
      tx
        .update(teams)
        .set({
          memberCount: sql`(select count(*) from role_grants where team_id = ${teamId} and role_id in ('team_owner', 'team_member'))`,
          updatedAt: at,
        })
        .where(eq(teams.id, teamId));

    switch (e.type) {
      case 'TeamCreated':
        await tx.insert(teams).values({
          id: teamId,
          name: e.data.name,
          slug: e.data.slug,
          description: e.data.description,
          visibility: e.data.visibility,
          personal: e.data.personal,
          createdBy: e.data.createdBy,
          memberCount: 0,
          createdAt: at,
          updatedAt: at,
        });
        return;
      case 'TeamUpdated':
        await tx
          .update(teams)
          .set({ ...withoutUndefined({ name: e.data.name, slug: e.data.slug, description: e.data.description, visibility: e.data.visibility }), updatedAt: at })
          .where(eq(teams.id, teamId));
        return;
      case 'TeamDeleted':
        await tx.delete(roleGrants).where(eq(roleGrants.teamId, teamId));
        await tx.delete(teamInvitations).where(eq(teamInvitations.teamId, teamId));
        await tx.delete(teamJoinRequests).where(eq(teamJoinRequests.teamId, teamId));
        await tx.delete(teams).where(eq(teams.id, teamId));
        return;
      case 'MemberAdded':
        await tx.insert(roleGrants).values({
          id: membershipGrantId(teamId, e.data.userId),
          userId: e.data.userId,
          email: e.data.email,
          roleId: e.data.role,
          teamId,
          grantedAt: at,
        });
        await recount();
        return;
      case 'MemberRoleChanged':
        await tx.update(roleGrants).set({ roleId: e.data.role, grantedAt: at }).where(eq(roleGrants.id, membershipGrantId(teamId, e.data.userId)));
        await touch();
        return;
      case 'MemberRemoved':
        // Team-scoped custom grants end with the membership: a role within a team needs the team.
        await tx.delete(roleGrants).where(and(eq(roleGrants.teamId, teamId), eq(roleGrants.userId, e.data.userId)));
        await recount();
        return;
      case 'InvitationCreated':
        await tx.insert(teamInvitations).values({
          id: e.data.invitationId,
          teamId,
          email: e.data.email,
          role: e.data.role,
          tokenHash: e.data.tokenHash,
          expiresAt: e.data.expiresAt,
          status: 'pending',
          invitedBy: e.data.invitedBy,
          createdAt: at,
          decidedAt: null,
        });
        return;
      case 'InvitationAccepted':
      case 'InvitationDeclined':
      case 'InvitationRevoked': {
        const status = e.type === 'InvitationAccepted' ? 'accepted' : e.type === 'InvitationDeclined' ? 'declined' : 'revoked';
        await tx.update(teamInvitations).set({ status, decidedAt: at }).where(eq(teamInvitations.id, e.data.invitationId));
        return;
      }
      case 'JoinRequested':
        await tx.insert(teamJoinRequests).values({
          id: e.data.requestId,
          teamId,
          userId: e.data.userId,
          email: e.data.email,
          message: e.data.message,
          status: 'pending',
          createdAt: at,
          decidedAt: null,
        });
        return;
      case 'JoinRequestApproved':
      case 'JoinRequestRejected':
        await tx
          .update(teamJoinRequests)
          .set({ status: e.type === 'JoinRequestApproved' ? 'approved' : 'rejected', decidedAt: at })
          .where(eq(teamJoinRequests.id, e.data.requestId));
        return;
    }
  },
};

function withoutUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type TeamStoredEvent = StoredEvent<TeamEvent>;
