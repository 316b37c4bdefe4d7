import type { StoredEvent } from '../store/types.js';
import type { ServerEvent, ServerFacts, ServerMember } from './events.js';

export interface ServerState {
  status: 'none' | 'active' | 'deleted';
  facts: ServerFacts;
  members: ServerMember[];
}

export const initialServerState = (): ServerState => ({
  status: 'none',
  facts: { name: '', description: '', tags: [], teamId: '', ownerEmail: '', visibility: 'private', exposure: 'catalog' },
  members: [],
});

export function evolveServer(state: ServerState, event: StoredEvent<ServerEvent>): ServerState {
  const e = { type: event.type, data: event.data } as ServerEvent;
  switch (e.type) {
    case 'ServerCreated': {
      const { serverId: _id, createdBy: _by, members, ...facts } = e.data;
      return { status: 'active', facts, members };
    }
    case 'ServerUpdated':
      return { ...state, facts: { ...state.facts, ...e.data } };
    case 'ServerMembersSet':
      return { ...state, members: e.data.members };
    case 'ServerDeleted':
      return { ...state, status: 'deleted', members: [] };
  }
}
