import { and, eq } from 'drizzle-orm';
import type { StoredEvent } from '../../../events/store/types.js';
import { SERVER_STREAM_PREFIX } from '../../../events/servers/events.js';
import { visibleTo } from '../../authz/visibility.js';
import type { Principal } from '../../authz/principal.js';
import type { Database } from '../../../events/db/types.js';
import type { EventStore } from '../../../events/store/store.js';
import type { Authz } from '../../authz/can.js';
import type { Logger } from '../../log/logger.js';
import type { McpCaller } from './credential.js';
import type { ProxySession } from './proxy-server.js';
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { WebSseTransport } from './sse-transport.js';

export interface OpenSession {
  id: string;
  caller: McpCaller;
  serverId: string | null;
  proxy: ProxySession;
  /** The Streamable HTTP transport, or the legacy SSE one. */
  transport?: WebStandardStreamableHTTPServerTransport;
  sse?: WebSseTransport;
  /** Ends the transport (stream closed, session id forgotten) and the proxy with its upstream sessions. */
  close(reason: string): Promise<void>;
}

const CATALOG_EVENTS = /^(Catalog|Gateway)/;
const ACCESS_EVENTS = new Set(['MemberRemoved', 'MemberRoleChanged', 'TeamDeleted', 'RoleRevoked', 'RoleDeleted', 'RoleUpdated']);

/**
 * Every open Streamable HTTP session and SSE stream, so a commit that ends a credential (logout, password
 * change, revocation, deactivation) or hides a server from its caller ends them at once, and a catalog or
 * server change reaches connected clients as list_changed.
 */
export function createSessionRegistry(deps: { store: EventStore; database: Database; authz: Authz; logger: Logger }) {
  const open = new Map<string, OpenSession>();
  const log = deps.logger.child({ component: 'mcp-sessions' });
  const { db, schema } = deps.database;

  /** Read from the database after the commit, so a lost membership counts whatever order views update in. */
  async function stillSeesServer(p: Principal, serverId: string): Promise<boolean> {
    const { servers } = schema;
    const rows = await db.select({ id: servers.id }).from(servers).where(and(eq(servers.id, serverId), visibleTo(p, servers, schema, deps.authz))).limit(1);
    return rows.length > 0;
  }

  const end = (s: OpenSession, reason: string) => {
    open.delete(s.id);
    log.info({ sessionId: s.id, userId: s.caller.principal.userId, reason }, 'MCP session ended');
    return s.close(reason).catch(() => undefined);
  };

  async function onCommit(events: readonly StoredEvent[]) {
    if (!open.size) return;
    const serversTouched = new Set(events.filter((e) => e.streamId.startsWith(SERVER_STREAM_PREFIX)).map((e) => e.streamId.slice(SERVER_STREAM_PREFIX.length)));
    const catalogTouched = events.some((e) => CATALOG_EVENTS.test(e.type));
    const accessTouched = events.some((e) => ACCESS_EVENTS.has(e.type));
    await Promise.all(
      [...open.values()].map(async (s) => {
        if (!s.caller.stillValid()) return end(s, 'credential no longer valid');
        if (s.serverId && (accessTouched || serversTouched.has(s.serverId)) && !(await stillSeesServer(s.caller.principal, s.serverId))) {
          return end(s, 'server no longer visible');
        }
        if (catalogTouched || (s.serverId ? serversTouched.has(s.serverId) : serversTouched.size > 0) || accessTouched) {
          const server = s.proxy.server;
          await Promise.all([server.sendToolListChanged(), server.sendResourceListChanged(), server.sendPromptListChanged()]).catch(() => undefined);
        }
      }),
    );
  }

  deps.store.subscribe(onCommit);

  return {
    add(s: OpenSession) {
      open.set(s.id, s);
    },
    get: (id: string) => open.get(id),
    remove(id: string) {
      open.delete(id);
    },
    size: () => open.size,
    async closeAll() {
      await Promise.all([...open.values()].map((s) => end(s, 'shutting down')));
    },
  };
}

export type SessionRegistry = ReturnType<typeof createSessionRegistry>;
