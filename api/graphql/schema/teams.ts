import { builder } from '../builder.js';
import { pageRequest } from '../paging.js';
import { NotFoundError } from '../../../events/errors.js';
import type { TeamRow } from '../../teams/commands.js';
import { teamAsResource } from '../../teams/commands.js';
import type { GraphQLContext } from '../context.js';
import type { Principal } from '../../authz/principal.js';

export const TeamVisibility = builder.enumType('TeamVisibility', {
  description: 'private: members only; public: discoverable, anyone signed in may ask to join',
  values: ['private', 'public'] as const,
});

export const MembershipRole = builder.enumType('MembershipRole', { values: ['team_owner', 'team_member'] as const });

/** Every team operation needs a signed-in user; the finer rules are can() inside the commands. */
export function principalOf(ctx: GraphQLContext): Principal {
  return ctx.principal!;
}

const Member = builder.objectRef<{ userId: string; email: string; role: string; since: string }>('TeamMember').implement({
  fields: (t) => ({
    email: t.exposeString('email'),
    role: t.field({ type: MembershipRole, resolve: (m) => m.role as 'team_owner' | 'team_member' }),
    since: t.field({ type: 'DateTime', resolve: (m) => m.since }),
  }),
});

const MemberPage = builder.objectRef<{ items: { userId: string; email: string; role: string; since: string }[]; nextCursor: string | null }>('TeamMemberPage').implement({
  fields: (t) => ({
    items: t.field({ type: [Member], resolve: (p) => p.items }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
  }),
});

export const Team = builder.objectRef<TeamRow>('Team').implement({
  // The backstop: lists are filtered in SQL, and a team nobody should see never resolves.
  authScopes: (team, ctx) => ctx.services.authz.canSee(ctx.principal, teamAsResource(team)),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    description: t.exposeString('description'),
    visibility: t.field({ type: TeamVisibility, resolve: (team) => team.visibility }),
    personal: t.exposeBoolean('personal'),
    memberCount: t.exposeInt('memberCount'),
    createdAt: t.field({ type: 'DateTime', resolve: (team) => team.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (team) => team.updatedAt }),
    myRole: t.field({
      type: MembershipRole,
      nullable: true,
      description: 'Your role in this team, or null when you are not a member',
      resolve: (team, _a, ctx) => (ctx.principal ? ctx.services.authz.membership(ctx.principal, team.id) : null),
    }),
    members: t.field({
      type: MemberPage,
      description: 'Visible to the team: members of a public team are not shown to outsiders',
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: async (team, args, ctx) => {
        const p = principalOf(ctx);
        const inside = ctx.services.authz.membership(p, team.id) !== null || ctx.services.authz.can(p, 'teams.read', { teamId: team.id });
        if (!inside) return { items: [], nextCursor: null };
        return ctx.services.teamQueries.members(team.id, pageRequest(args.first, args.after));
      },
    }),
  }),
});

const TeamPage = builder.objectRef<{ items: TeamRow[]; nextCursor: string | null }>('TeamPage').implement({
  fields: (t) => ({
    items: t.field({ type: [Team], resolve: (p) => p.items }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
  }),
});

interface InvitationShape {
  id: string;
  teamId: string;
  email: string;
  role: string;
  status: string;
  expiresAt: string;
  createdAt: string;
}

const Invitation = builder.objectRef<InvitationShape>('TeamInvitation').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    teamId: t.exposeID('teamId'),
    email: t.exposeString('email'),
    role: t.field({ type: MembershipRole, resolve: (i) => i.role as 'team_owner' | 'team_member' }),
    status: t.exposeString('status', { description: 'pending, accepted, declined or revoked' }),
    expiresAt: t.field({ type: 'DateTime', resolve: (i) => i.expiresAt }),
    createdAt: t.field({ type: 'DateTime', resolve: (i) => i.createdAt }),
  }),
});

const InvitationPage = builder.objectRef<{ items: InvitationShape[]; nextCursor: string | null }>('TeamInvitationPage').implement({
  fields: (t) => ({
    items: t.field({ type: [Invitation], resolve: (p) => p.items }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
  }),
});

const CreatedInvitation = builder
  .objectRef<{ invitationId: string; teamId: string; email: string; role: string; expiresAt: string; token: string; acceptUrl: string }>('CreatedInvitation')
  .implement({
    description: 'Shown once: the token is stored only as a hash. Send the link to the invitee (there is no mail yet).',
    fields: (t) => ({
      invitationId: t.exposeID('invitationId'),
      teamId: t.exposeID('teamId'),
      email: t.exposeString('email'),
      role: t.field({ type: MembershipRole, resolve: (i) => i.role as 'team_owner' | 'team_member' }),
      expiresAt: t.field({ type: 'DateTime', resolve: (i) => i.expiresAt }),
      token: t.exposeString('token'),
      acceptUrl: t.exposeString('acceptUrl'),
    }),
  });

interface JoinRequestShape {
  id: string;
  teamId: string;
  email: string;
  message: string;
  status: string;
  createdAt: string;
}

const JoinRequest = builder.objectRef<JoinRequestShape>('TeamJoinRequest').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    teamId: t.exposeID('teamId'),
    email: t.exposeString('email'),
    message: t.exposeString('message'),
    status: t.exposeString('status', { description: 'pending, approved or rejected' }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
  }),
});

const JoinRequestPage = builder.objectRef<{ items: JoinRequestShape[]; nextCursor: string | null }>('TeamJoinRequestPage').implement({
  fields: (t) => ({
    items: t.field({ type: [JoinRequest], resolve: (p) => p.items }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
  }),
});

async function loadTeam(ctx: GraphQLContext, id: string): Promise<TeamRow> {
  const team = await ctx.services.teamQueries.team(principalOf(ctx), id);
  if (!team) throw new NotFoundError('Team');
  return team;
}

builder.queryFields((t) => ({
  teams: t.field({
    type: TeamPage,
    description: 'Teams you belong to (every team for platform admins and auditors)',
    authScopes: { authenticated: true },
    args: { search: t.arg.string(), first: t.arg.int(), after: t.arg.string() },
    resolve: (_r, a, ctx) => ctx.services.teamQueries.myTeams(principalOf(ctx), a.search, pageRequest(a.first, a.after)),
  }),
  team: t.field({
    type: Team,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => loadTeam(ctx, String(a.id)),
  }),
  discoverTeams: t.field({
    type: TeamPage,
    description: 'Public teams you may ask to join',
    authScopes: { authenticated: true },
    args: { search: t.arg.string(), first: t.arg.int(), after: t.arg.string() },
    resolve: (_r, a, ctx) => ctx.services.teamQueries.discover(principalOf(ctx), a.search, pageRequest(a.first, a.after)),
  }),
  invitations: t.field({
    type: InvitationPage,
    authScopes: { authenticated: true },
    args: { teamId: t.arg.id({ required: true }), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_r, a, ctx) => {
      const page = await ctx.services.teamQueries.invitations(principalOf(ctx), String(a.teamId), pageRequest(a.first, a.after));
      if (!page) throw new NotFoundError('Team');
      return page;
    },
  }),
  joinRequests: t.field({
    type: JoinRequestPage,
    authScopes: { authenticated: true },
    args: { teamId: t.arg.id({ required: true }), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_r, a, ctx) => {
      const page = await ctx.services.teamQueries.joinRequests(principalOf(ctx), String(a.teamId), pageRequest(a.first, a.after));
      if (!page) throw new NotFoundError('Team');
      return page;
    },
  }),
}));

builder.mutationFields((t) => ({
  createTeam: t.field({
    type: Team,
    authScopes: { authenticated: true },
    args: { name: t.arg.string({ required: true }), description: t.arg.string(), visibility: t.arg({ type: TeamVisibility }) },
    resolve: async (_r, a, ctx) => {
      const id = await ctx.services.teams.createTeam(principalOf(ctx), ctx.meta(), { name: a.name, description: a.description, visibility: a.visibility ?? undefined });
      return loadTeam(ctx, id);
    },
  }),
  updateTeam: t.field({
    type: Team,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }), name: t.arg.string(), description: t.arg.string(), visibility: t.arg({ type: TeamVisibility }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.teams.updateTeam(principalOf(ctx), ctx.meta(), String(a.id), {
        name: a.name ?? undefined,
        description: a.description ?? undefined,
        visibility: a.visibility ?? undefined,
      });
      return loadTeam(ctx, String(a.id));
    },
  }),
  deleteTeam: t.boolean({
    authScopes: { authenticated: true },
    description: 'Refused while the team owns resources or tokens, unless transferTo names a team to receive them',
    args: { id: t.arg.id({ required: true }), transferTo: t.arg.id() },
    resolve: async (_r, a, ctx) => {
      await ctx.services.teams.deleteTeam(principalOf(ctx), ctx.meta(), String(a.id), a.transferTo ? String(a.transferTo) : null);
      return true;
    },
  }),
  inviteMember: t.field({
    type: CreatedInvitation,
    authScopes: { authenticated: true },
    args: { teamId: t.arg.id({ required: true }), email: t.arg.string({ required: true }), role: t.arg({ type: MembershipRole, defaultValue: 'team_member' }) },
    resolve: (_r, a, ctx) => ctx.services.teams.inviteMember(principalOf(ctx), ctx.meta(), String(a.teamId), a.email, a.role ?? 'team_member'),
  }),
  acceptInvitation: t.field({
    type: Team,
    authScopes: { authenticated: true },
    args: { token: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => loadTeam(ctx, await ctx.services.teams.answerInvitation(principalOf(ctx), ctx.meta(), a.token, true)),
  }),
  declineInvitation: t.boolean({
    authScopes: { authenticated: true },
    args: { token: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.teams.answerInvitation(principalOf(ctx), ctx.meta(), a.token, false);
      return true;
    },
  }),
  revokeInvitation: t.boolean({
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.teams.revokeInvitation(principalOf(ctx), ctx.meta(), String(a.id));
      return true;
    },
  }),
  requestToJoin: t.field({
    type: 'ID',
    description: 'Ask to join a public team; returns the join request id',
    authScopes: { authenticated: true },
    args: { teamId: t.arg.id({ required: true }), message: t.arg.string() },
    resolve: (_r, a, ctx) => ctx.services.teams.requestToJoin(principalOf(ctx), ctx.meta(), String(a.teamId), a.message),
  }),
  approveJoinRequest: t.boolean({
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.teams.decideJoinRequest(principalOf(ctx), ctx.meta(), String(a.id), true);
      return true;
    },
  }),
  rejectJoinRequest: t.boolean({
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.teams.decideJoinRequest(principalOf(ctx), ctx.meta(), String(a.id), false);
      return true;
    },
  }),
  leaveTeam: t.boolean({
    authScopes: { authenticated: true },
    args: { teamId: t.arg.id({ required: true }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.teams.leaveTeam(principalOf(ctx), ctx.meta(), String(a.teamId));
      return true;
    },
  }),
  setMemberRole: t.field({
    type: Team,
    authScopes: { authenticated: true },
    args: { teamId: t.arg.id({ required: true }), email: t.arg.string({ required: true }), role: t.arg({ type: MembershipRole, required: true }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.teams.setMemberRole(principalOf(ctx), ctx.meta(), String(a.teamId), a.email, a.role);
      return loadTeam(ctx, String(a.teamId));
    },
  }),
  removeMember: t.boolean({
    authScopes: { authenticated: true },
    args: { teamId: t.arg.id({ required: true }), email: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.teams.removeMember(principalOf(ctx), ctx.meta(), String(a.teamId), a.email);
      return true;
    },
  }),
}));
