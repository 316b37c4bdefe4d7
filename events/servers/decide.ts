import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { ItemKind, Visibility } from '../catalog/events.js';
import type { Decider } from '../store/store.js';
import type { NameExposure, ServerEvent, ServerFacts, ServerMember } from './events.js';
import { evolveServer, initialServerState, type ServerState } from './evolve.js';

/** A member as the rules need it, read from the catalog by the command in the same transaction. */
export interface MemberFacts {
  kind: ItemKind;
  itemId: string;
  alias: string | null;
  /** The catalog name (prefixed tool or prompt name; the URI or URI template of a resource or template). */
  catalogName: string;
  /** The upstream's own name, or the URI / URI template. */
  upstreamName: string;
  teamId: string;
  ownerEmail: string;
  visibility: Visibility;
}

export type ServerCommand =
  | { type: 'CreateServer'; serverId: string; facts: ServerFacts; createdBy: string; members: MemberFacts[] }
  /** `members`: the server's members after the change, resolved anew (exposure and audience are re-checked against them). */
  | { type: 'UpdateServer'; change: Partial<ServerFacts>; members: MemberFacts[] }
  | { type: 'SetMembers'; members: MemberFacts[] }
  /** Team deletion moves the server with the team's catalog items, which move in the same transaction. */
  | { type: 'TransferTeam'; teamId: string }
  | { type: 'DeleteServer' };

const KIND_LABEL: Record<ItemKind, string> = { tools: 'tool', resources: 'resource', resourceTemplates: 'resource template', prompts: 'prompt' };
const NAMED_KINDS: readonly ItemKind[] = ['tools', 'prompts'];
export const EXPOSED_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Whether everyone who may see the server may also see the member: a public server takes public members,
 * a team server public ones and its own team's, a private server anything its owner may see.
 */
function covers(server: Pick<ServerFacts, 'visibility' | 'teamId'>, m: MemberFacts): boolean {
  if (m.visibility === 'public') return true;
  if (server.visibility === 'public') return false;
  if (server.visibility === 'team') return m.visibility === 'team' && m.teamId === server.teamId;
  return true;
}

/** What a client sees a member as: alias, upstream name under `upstream` exposure, else the catalog name. */
export function exposedNameOf(exposure: NameExposure, m: MemberFacts): string {
  if (m.alias) return m.alias;
  return exposure === 'upstream' && NAMED_KINDS.includes(m.kind) ? m.upstreamName : m.catalogName;
}

function checkMembers(facts: Pick<ServerFacts, 'visibility' | 'teamId' | 'exposure'>, members: MemberFacts[]): ServerMember[] {
  const seenItems = new Set<string>();
  const names = new Map<string, MemberFacts>();
  for (const m of members) {
    const label = `${KIND_LABEL[m.kind]} ${JSON.stringify(m.catalogName)}`;
    if (seenItems.has(m.itemId)) throw new ValidationError(`The ${label} is listed twice`, { field: 'members', itemId: m.itemId });
    seenItems.add(m.itemId);
    if (m.alias !== null) {
      if (!NAMED_KINDS.includes(m.kind)) throw new ValidationError(`Only tools and prompts take an alias; the ${label} keeps its URI`, { field: 'members', itemId: m.itemId });
      if (!EXPOSED_NAME.test(m.alias)) throw new ValidationError(`The alias ${JSON.stringify(m.alias)} must be 1 to 128 characters of A-Z a-z 0-9 _ . -`, { field: 'members', itemId: m.itemId });
    }
    if (!covers(facts, m)) {
      throw new ValidationError(
        `The ${label} is ${m.visibility}${m.visibility === 'team' && facts.visibility === 'team' ? ' to another team' : ''}, narrower than this ${facts.visibility} server: some who see the server could not see it. Widen its visibility or narrow the server's.`,
        { field: 'members', itemId: m.itemId },
      );
    }
    // Resources collide on their URI, tools and prompts on the name clients call them by.
    const key = `${m.kind === 'resourceTemplates' ? 'resources' : m.kind}:${NAMED_KINDS.includes(m.kind) ? exposedNameOf(facts.exposure, m) : m.upstreamName}`;
    const other = names.get(key);
    if (other) {
      const what = NAMED_KINDS.includes(m.kind) ? `the name ${JSON.stringify(exposedNameOf(facts.exposure, m))}` : `the URI ${JSON.stringify(m.upstreamName)}`;
      throw new ConflictError(`The ${label} and the ${KIND_LABEL[other.kind]} ${JSON.stringify(other.catalogName)} would share ${what} in this server: give one an alias or leave one out`, {
        field: 'members',
        itemIds: [other.itemId, m.itemId],
      });
    }
    names.set(key, m);
  }
  return members.map((m) => {
    const exposed = exposedNameOf(facts.exposure, m);
    return { kind: m.kind, itemId: m.itemId, alias: m.alias, exposedName: exposed === m.catalogName && !m.alias ? null : exposed };
  });
}

const sameMembers = (a: ServerMember[], b: ServerMember[]) => JSON.stringify(a) === JSON.stringify(b);

/** The rules of one virtual server, pure: its audience covers its members, and no two members collide. */
export function decideServer(command: ServerCommand, state: ServerState): ServerEvent[] {
  if (command.type === 'CreateServer') {
    if (state.status !== 'none') throw new ConflictError(`A server with the id ${JSON.stringify(command.serverId)} exists already`, { field: 'id' });
    const members = checkMembers(command.facts, command.members);
    return [{ type: 'ServerCreated', data: { serverId: command.serverId, ...command.facts, createdBy: command.createdBy, members } }];
  }
  if (state.status !== 'active') throw new NotFoundError('Server');
  switch (command.type) {
    case 'UpdateServer': {
      const data: Partial<ServerFacts> = {};
      for (const [key, value] of Object.entries(command.change) as [keyof ServerFacts, unknown][]) {
        if (value !== undefined && JSON.stringify(value) !== JSON.stringify(state.facts[key])) (data as Record<string, unknown>)[key] = value;
      }
      const next = { ...state.facts, ...data };
      const members = checkMembers(next, command.members);
      const events: ServerEvent[] = [];
      if (Object.keys(data).length) events.push({ type: 'ServerUpdated', data });
      if (!sameMembers(members, state.members)) events.push({ type: 'ServerMembersSet', data: { members } });
      return events;
    }
    case 'SetMembers': {
      const members = checkMembers(state.facts, command.members);
      return sameMembers(members, state.members) ? [] : [{ type: 'ServerMembersSet', data: { members } }];
    }
    case 'TransferTeam':
      return command.teamId === state.facts.teamId ? [] : [{ type: 'ServerUpdated', data: { teamId: command.teamId } }];
    case 'DeleteServer':
      return [{ type: 'ServerDeleted', data: {} }];
  }
}

export const serverDecider: Decider<ServerState, ServerCommand, ServerEvent> = {
  initialState: initialServerState,
  evolve: evolveServer,
  decide: decideServer,
};
