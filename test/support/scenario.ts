import type { EventStore } from '../../events/store/store.js';
import { tokenDecider } from '../../events/tokens/decide.js';
import { tokenStreamId } from '../../events/tokens/events.js';
import { serverDecider, type MemberFacts, type ServerCommand } from '../../events/servers/decide.js';
import { serverStream } from '../../events/servers/events.js';
import { registerUser } from '../../events/users/register.js';
import { recordSignInAttempt } from '../../events/users/sign-in.js';
import { userDecider, type UserCommand } from '../../events/users/decide.js';
import { userStreamId } from '../../events/users/events.js';
import { sessionDecider } from '../../events/sessions/decide.js';
import { sessionStreamId } from '../../events/sessions/events.js';
import { decideTeam, type TeamCommand } from '../../events/teams/decide.js';
import { evolveTeam, initialTeamState } from '../../events/teams/evolve.js';
import { teamStream } from '../../events/teams/events.js';
import { decideAccess, decideRole, evolveAccess, evolveRole, initialAccessState, initialRoleState } from '../../events/roles/decide.js';
import { accessStream, roleStream } from '../../events/roles/events.js';
import { ssoApprovalDecider, ssoProviderDecider } from '../../events/sso/decide.js';
import { ssoApprovalStreamId, ssoProviderStreamId } from '../../events/sso/events.js';
import { decideGateway, type GatewayCommand } from '../../events/gateways/decide.js';
import { evolveGateway, initialGatewayState } from '../../events/gateways/evolve.js';
import { gatewayStream } from '../../events/gateways/events.js';
import { catalogItemId } from '../../events/catalog/names.js';

/**
 * One story that emits every registered event type through real domain commands, for the replay-equality
 * test (test/events/replay/replay-equality.spec.ts) and the event benchmarks. Each domain appends its
 * steps to SCENARIO; a step runs its commands against the store and may read what earlier steps made.
 */
export interface ScenarioStep {
  name: string;
  run(store: EventStore): Promise<void>;
}

const admin = { actor: 'scenario@example.com', requestId: 'scenario', clientIp: '127.0.0.1', userAgent: 'scenario/1' };
const lockout = { maxFailedAttempts: 2, lockoutMinutes: 15 };
/** A user command decided at the transaction's own time (the store's clock), as the services do. */
const handleUser = (store: EventStore, userId: string, command: (now: Date) => UserCommand) =>
  store.transact(admin, async (u) => {
    const streamId = userStreamId(userId);
    const { state, version } = await u.load(streamId, userDecider);
    return u.append(streamId, version, userDecider.decide(command(new Date(u.meta.time)), state));
  });

export const SCENARIO: ScenarioStep[] = [
  {
    name: 'users: register an admin (verified) and a member with a password',
    async run(store) {
      const { schema } = store.database;
      await store.transact(admin, (u) =>
        registerUser(u, schema, {
          userId: 'u-admin', email: 'Admin@Example.com', fullName: 'Ada Admin', passwordHash: '$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA',
          isPlatformAdmin: true, source: 'bootstrap', emailVerified: true,
        }),
      );
      await store.transact(admin, (u) =>
        registerUser(u, schema, {
          userId: 'u-member', email: 'member@example.com', fullName: 'Max Member', passwordHash: '$argon2id$v=19$m=65536,t=3,p=1$c2FsdDI$aGFzaDI',
          isPlatformAdmin: false, source: 'self', emailVerified: false,
        }),
      );
      await handleUser(store, 'u-member', () => ({ type: 'VerifyEmail', method: 'mail' }));
    },
  },
  {
    name: 'users: failed sign-ins lock, an admin unlocks, a good sign-in clears failures',
    async run(store) {
      for (let i = 0; i < 2; i++) await store.transact(admin, (u) => recordSignInAttempt(u, 'u-member', false, lockout));
      await handleUser(store, 'u-member', () => ({ type: 'Unlock' }));
      await store.transact(admin, (u) => recordSignInAttempt(u, 'u-member', false, { maxFailedAttempts: 5, lockoutMinutes: 15 }));
      await store.transact(admin, (u) => recordSignInAttempt(u, 'u-member', true, lockout));
    },
  },
  {
    name: 'users: password change, admin rights granted and revoked, deactivation and reactivation, sessions ended',
    async run(store) {
      await handleUser(store, 'u-member', (now) => ({ type: 'ChangePassword', passwordHash: '$argon2id$v=19$m=65536,t=3,p=1$c2FsdDM$aGFzaDM', reason: 'changed', now }));
      await handleUser(store, 'u-member', () => ({ type: 'SetPlatformAdmin', isPlatformAdmin: true }));
      await handleUser(store, 'u-member', () => ({ type: 'SetPlatformAdmin', isPlatformAdmin: false }));
      await handleUser(store, 'u-member', (now) => ({ type: 'SetActive', active: false, now }));
      await handleUser(store, 'u-member', (now) => ({ type: 'SetActive', active: true, now }));
      await handleUser(store, 'u-admin', (now) => ({ type: 'EndSessions', now, reason: 'admin' }));
    },
  },
  {
    name: 'sessions: start one per user, revoke one',
    async run(store) {
      for (const [sessionId, userId, email] of [['s-1', 'u-admin', 'admin@example.com'], ['s-2', 'u-member', 'member@example.com']]) {
        await store.handle(admin, sessionStreamId(sessionId), sessionDecider, {
          type: 'Start', sessionId, userId, email, method: 'password', issuedAt: '2026-11-25T10:00:00.000Z', expiresAt: '2026-12-02T10:00:00.000Z',
        });
      }
      await store.handle(admin, sessionStreamId('s-2'), sessionDecider, { type: 'Revoke', reason: 'signed_out' });
    },
  },
];

/** Runs every step in order against a store built on the real registry. */
export async function runScenario(store: EventStore): Promise<void> {
  for (const step of SCENARIO) {
    try {
      await step.run(store);
    } catch (err) {
      throw new Error(`scenario step "${step.name}" failed: ${(err as Error).message}`, { cause: err });
    }
  }
}

const teamDecider = { initialState: initialTeamState, evolve: evolveTeam, decide: decideTeam };
const roleDecider = { initialState: initialRoleState, evolve: evolveRole, decide: decideRole };
const accessDecider = { initialState: initialAccessState, evolve: evolveAccess, decide: decideAccess };
const limits = { maxTeamsPerUser: 10, maxMembersPerTeam: 10 };
const joiner = (userId: string, email: string) => ({ userId, email, emailVerified: true, teamCount: 0 });
const team = (store: EventStore, teamId: string, command: TeamCommand) => store.handle(admin, teamStream(teamId), teamDecider, command);
const invite = (invitationId: string) =>
  ({ type: 'InviteMember', invitationId, email: 'member@example.com', role: 'team_member', tokenHash: invitationId.padEnd(64, '0'), expiresAt: '2099-01-01T00:00:00.000Z', invitedBy: 'u-admin', now: '2026-11-25T10:00:00.000Z' }) as const;

SCENARIO.push(
  {
    name: 'teams: create, update, invitations accepted, declined and revoked, roles changed, members removed',
    async run(store) {
      await team(store, 't-1', { type: 'CreateTeam', teamId: 't-1', name: 'Platform', slug: 'platform', description: '', visibility: 'private', personal: false, creator: joiner('u-admin', 'admin@example.com'), limits });
      await team(store, 't-1', { type: 'UpdateTeam', name: 'Platform team', slug: 'platform-team', description: 'Runs the gateway', visibility: 'public' });
      await team(store, 't-1', invite('inv-declined'));
      await team(store, 't-1', { type: 'DeclineInvitation', invitationId: 'inv-declined', user: joiner('u-member', 'member@example.com'), now: '2026-11-25T10:01:00.000Z' });
      await team(store, 't-1', invite('inv-revoked'));
      await team(store, 't-1', { type: 'RevokeInvitation', invitationId: 'inv-revoked' });
      await team(store, 't-1', invite('inv-accepted'));
      await team(store, 't-1', { type: 'AcceptInvitation', invitationId: 'inv-accepted', user: joiner('u-member', 'member@example.com'), now: '2026-11-25T10:02:00.000Z', requireVerifiedEmail: true, limits });
      await team(store, 't-1', { type: 'SetMemberRole', userId: 'u-member', role: 'team_owner' });
      await team(store, 't-1', { type: 'LeaveTeam', userId: 'u-member' });
    },
  },
  {
    name: 'teams: join requests approved and rejected, a member removed, a team deleted',
    async run(store) {
      await team(store, 't-1', { type: 'RequestToJoin', requestId: 'jr-1', user: joiner('u-member', 'member@example.com'), message: 'please' });
      await team(store, 't-1', { type: 'ApproveJoinRequest', requestId: 'jr-1', decidedBy: 'u-admin', user: joiner('u-member', 'member@example.com'), limits });
      await team(store, 't-1', { type: 'RemoveMember', userId: 'u-member' });
      await team(store, 't-1', { type: 'RequestToJoin', requestId: 'jr-2', user: joiner('u-member', 'member@example.com'), message: '' });
      await team(store, 't-1', { type: 'RejectJoinRequest', requestId: 'jr-2', decidedBy: 'u-admin' });
      await team(store, 't-2', { type: 'CreateTeam', teamId: 't-2', name: 'Short-lived', slug: 'short-lived', description: '', visibility: 'private', personal: false, creator: joiner('u-admin', 'admin@example.com'), limits });
      await team(store, 't-2', { type: 'DeleteTeam', transferTo: 't-1' });
    },
  },
  {
    name: 'roles: define, update, grant globally and in a team, revoke, delete with its grants',
    async run(store) {
      await store.handle(admin, roleStream('r-1'), roleDecider, { type: 'DefineRole', roleId: 'r-1', name: 'Tool runner', description: '', scope: 'team', permissions: ['tools.execute', 'tools.read'] });
      await store.handle(admin, roleStream('r-1'), roleDecider, { type: 'UpdateRole', description: 'Runs tools', permissions: ['tools.*'] });
      await store.handle(admin, accessStream('u-admin'), accessDecider, { type: 'GrantRole', grantId: 'g-1', userId: 'u-admin', email: 'admin@example.com', roleId: 'r-1', teamId: 't-1' });
      await store.handle(admin, accessStream('u-member'), accessDecider, { type: 'GrantRole', grantId: 'g-2', userId: 'u-member', email: 'member@example.com', roleId: 'auditor', teamId: null });
      await store.handle(admin, accessStream('u-member'), accessDecider, { type: 'RevokeRole', grantId: 'g-2', reason: 'revoked' });
      await store.handle(admin, accessStream('u-admin'), accessDecider, { type: 'RevokeRole', grantId: 'g-1', reason: 'role_deleted' });
      await store.handle(admin, roleStream('r-1'), roleDecider, { type: 'DeleteRole' });
    },
  },
);

const gatewayDeciderForScenario = { initialState: initialGatewayState, evolve: evolveGateway, decide: decideGateway };
const gateway = (store: EventStore, gatewayId: string, command: GatewayCommand) => store.handle(admin, gatewayStream(gatewayId), gatewayDeciderForScenario, command);
const discoveredTool = (name: string, description: string) => ({ kind: 'tools' as const, upstreamName: name, definition: JSON.stringify({ description, inputSchema: { type: 'object' }, name }) });

SCENARIO.push({
  name: 'gateways: register with a catalog, sync (change, missing, restore), overrides, rename, health, enable, transfer, delete',
  async run(store) {
    const registered = {
      gatewayId: 'gw-1', name: 'Scenario upstream', slug: 'scenario-upstream', description: '', tags: ['demo'], teamId: 't-1', ownerEmail: 'admin@example.com',
      visibility: 'team' as const, transport: 'streamable_http' as const, url: 'http://127.0.0.1:9/mcp', command: null, args: [], authType: 'bearer' as const,
      credentials: 'sealed-credential-placeholder', server: { name: 'scenario', version: '1.0.0', instructions: null }, createdBy: 'u-admin',
    };
    const all = ['tools', 'resources', 'resourceTemplates', 'prompts'] as const;
    await gateway(store, 'gw-1', {
      type: 'RegisterGateway', separator: '-', gateway: registered,
      discovered: { kinds: all, items: [discoveredTool('echo', 'Echoes'), discoveredTool('sum', 'Adds'), { kind: 'resources', upstreamName: 'file:///a.txt', definition: JSON.stringify({ uri: 'file:///a.txt', name: 'a', mimeType: 'text/plain' }) }, { kind: 'resourceTemplates', upstreamName: 'file:///{p}', definition: JSON.stringify({ uriTemplate: 'file:///{p}', name: 'files' }) }, { kind: 'prompts', upstreamName: 'greet', definition: JSON.stringify({ name: 'greet' }) }] },
    });
    await gateway(store, 'gw-1', { type: 'SyncCatalog', separator: '-', discovered: { kinds: ['tools'], items: [discoveredTool('echo', 'Echoes loudly')] } });
    await gateway(store, 'gw-1', { type: 'SyncCatalog', separator: '-', discovered: { kinds: ['tools'], items: [discoveredTool('echo', 'Echoes loudly'), discoveredTool('sum', 'Adds')] } });
    const echoId = catalogItemId('gw-1', 'tools', 'echo');
    await gateway(store, 'gw-1', { type: 'UpdateItem', itemId: echoId, displayName: 'Echo', description: 'Local', tags: ['fav'], visibility: 'public' });
    await gateway(store, 'gw-1', { type: 'SetItemEnabled', itemId: echoId, enabled: false });
    await gateway(store, 'gw-1', { type: 'UpdateGateway', separator: '-', discovered: null, change: { name: 'Renamed upstream', slug: 'renamed-upstream', tags: ['demo', 'renamed'], credentials: 'sealed-credential-placeholder-2', authType: 'bearer' } });
    await gateway(store, 'gw-1', { type: 'RecordHealth', status: 'unreachable', lastError: 'HTTP 503', at: '2026-11-25T11:00:00.000Z' });
    await gateway(store, 'gw-1', { type: 'RecordHealth', status: 'reachable', lastError: 'HTTP 503', at: '2026-11-25T11:05:00.000Z' });
    await gateway(store, 'gw-1', { type: 'SetGatewayEnabled', enabled: false });
    await gateway(store, 'gw-1', { type: 'SetGatewayEnabled', enabled: true });
    await team(store, 't-3', { type: 'CreateTeam', teamId: 't-3', name: 'Receiver', slug: 'receiver', description: '', visibility: 'private', personal: false, creator: joiner('u-admin', 'admin@example.com'), limits });
    await gateway(store, 'gw-1', { type: 'TransferTeam', from: 't-1', to: 't-3', gateway: true, kinds: all });
    await gateway(store, 'gw-2', { type: 'RegisterGateway', separator: '-', gateway: { ...registered, gatewayId: 'gw-2', slug: 'short-lived', credentials: null, authType: 'none' }, discovered: { kinds: all, items: [discoveredTool('echo', 'Echoes')] } });
    await gateway(store, 'gw-2', { type: 'DeleteGateway' });
  },
});

SCENARIO.push(
  {
    name: 'sso: a provider defined, updated and deleted; approvals requested, granted and rejected',
    async run(store) {
      const sealed = 'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      await store.handle(admin, ssoProviderStreamId('corp'), ssoProviderDecider, {
        type: 'Create', providerId: 'corp', name: 'Corp', preset: 'okta', issuer: 'https://corp.okta.example', clientId: 'corp-client', clientSecret: sealed, enabled: true,
      });
      await store.handle(admin, ssoProviderStreamId('corp'), ssoProviderDecider, { type: 'Update', name: 'Corp SSO', enabled: false, clientSecret: sealed });
      await store.handle(admin, ssoProviderStreamId('corp'), ssoProviderDecider, { type: 'Delete' });
      for (const email of ['new@example.com', 'unwanted@example.com']) {
        await store.handle(admin, ssoApprovalStreamId(email), ssoApprovalDecider, { type: 'Request', email, fullName: 'New', providerId: 'google' });
      }
      await store.handle(admin, ssoApprovalStreamId('new@example.com'), ssoApprovalDecider, { type: 'Approve', decidedBy: 'admin@example.com' });
      await store.handle(admin, ssoApprovalStreamId('unwanted@example.com'), ssoApprovalDecider, { type: 'Reject', decidedBy: 'admin@example.com', reason: 'not staff' });
    },
  },
  {
    name: 'users: an unverified account taken over by an SSO sign-in (password removed, sessions ended, email verified)',
    async run(store) {
      await store.transact(admin, (u) =>
        registerUser(u, store.database.schema, {
          userId: 'u-takeover', email: 'takeover@example.com', fullName: 'Tina', passwordHash: '$argon2id$v=19$m=65536,t=3,p=1$c2FsdDQ$aGFzaDQ',
          isPlatformAdmin: false, source: 'self', emailVerified: false,
        }),
      );
      await handleUser(store, 'u-takeover', (now) => ({ type: 'TakeOverBySso', now }));
    },
  },
);

SCENARIO.push({
  name: 'servers: create with members (alias, upstream names), update settings and members, transfer with a team, delete',
  async run(store) {
    const server = (serverId: string, command: ServerCommand) => store.handle(admin, serverStream(serverId), serverDecider, command);
    const member = (kind: MemberFacts['kind'], upstreamName: string, alias: string | null = null): MemberFacts => ({
      kind, itemId: `item-${kind}-${upstreamName}`, alias, catalogName: `up-${upstreamName}`, upstreamName, teamId: 't-1', ownerEmail: 'admin@example.com', visibility: 'team',
    });
    const facts = { name: 'Scenario server', description: 'Bundle', tags: ['demo'], teamId: 't-1', ownerEmail: 'admin@example.com', visibility: 'team' as const, exposure: 'catalog' as const };
    await server('srv-custom-id', { type: 'CreateServer', serverId: 'srv-custom-id', facts, createdBy: 'u-admin', members: [member('tools', 'echo'), member('resources', 'file:///a.txt'), member('prompts', 'greet', 'hello')] });
    await server('srv-custom-id', { type: 'UpdateServer', change: { description: 'Drop-in', exposure: 'upstream', tags: ['demo', 'drop-in'] }, members: [member('tools', 'echo'), member('resources', 'file:///a.txt'), member('prompts', 'greet', 'hello')] });
    await server('srv-custom-id', { type: 'SetMembers', members: [member('tools', 'echo'), member('resourceTemplates', 'file:///{p}')] });
    await server('srv-custom-id', { type: 'TransferTeam', teamId: 't-3' });
    await server('srv-custom-id', { type: 'DeleteServer' });
    await server('srv-kept', { type: 'CreateServer', serverId: 'srv-kept', facts: { ...facts, name: 'Kept', visibility: 'private' }, createdBy: 'u-admin', members: [member('tools', 'sum')] });
  },
});

SCENARIO.push({
  name: 'tokens: create one limited to a team, a server and a list, move it with its team, revoke it',
  async run(store) {
    const token = (command: Parameters<typeof tokenDecider.decide>[0]) => store.handle(admin, tokenStreamId('tok-1'), tokenDecider, command);
    await token({
      type: 'Create',
      token: {
        tokenId: 'tok-1', userId: 'u-admin', email: 'admin@example.com', name: 'ci', tokenHash: 'f'.repeat(64), description: 'pipeline',
        teamId: 't-1', serverId: 'srv-kept', permissions: ['tools.execute'], ipRules: ['10.0.0.0/8'], expiresAt: '2099-01-01T00:00:00.000Z',
      },
    });
    await token({ type: 'MoveToTeam', teamId: 't-3' });
    await token({ type: 'Revoke', reason: 'rotated' });
  },
});
