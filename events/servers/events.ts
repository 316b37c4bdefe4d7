import type { DomainEvent } from '../store/types.js';
import type { ItemKind, Visibility } from '../catalog/events.js';

/**
 * How a server names its tools and prompts to its clients: the prefixed catalog names, or the names the
 * upstream uses (a server over one upstream is then a drop-in replacement for it). A member's alias wins
 * over both. Resources and templates always keep their URIs.
 */
export type NameExposure = 'catalog' | 'upstream';

export type ServerMember = {
  kind: ItemKind;
  itemId: string;
  /**
   * The name clients see when it is not the catalog name: the alias, or the upstream name under
   * `upstream` exposure. Fixed when the member is added (upstream names never change; catalog names do
   * when a gateway is renamed, so those are read from the catalog instead).
   */
  exposedName: string | null;
  alias: string | null;
};

export type ServerFacts = {
  name: string;
  description: string;
  tags: string[];
  teamId: string;
  ownerEmail: string;
  visibility: Visibility;
  exposure: NameExposure;
};

/** A virtual server's stream (`server-<id>`): the bundle, its settings and its members. */
export type ServerEvent =
  | DomainEvent<'ServerCreated', ServerFacts & { serverId: string; createdBy: string; members: ServerMember[] }>
  | DomainEvent<'ServerUpdated', Partial<ServerFacts>>
  | DomainEvent<'ServerMembersSet', { members: ServerMember[] }>
  | DomainEvent<'ServerDeleted', Record<string, never>>;

export type ServerEventType = ServerEvent['type'];

export const serverEventTypes: Record<ServerEventType, { secretFields?: readonly string[] }> = {
  ServerCreated: {},
  ServerUpdated: {},
  ServerMembersSet: {},
  ServerDeleted: {},
};

export const serverStream = (serverId: string) => `server-${serverId}`;
export const SERVER_STREAM_PREFIX = 'server-';
