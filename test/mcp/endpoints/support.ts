import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { listen } from '../../../api/server.js';
import type { Principal } from '../../../api/authz/principal.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { DEFAULT_ADMIN, createSignedInUser, login } from '../../support/auth.js';
import { findUserByEmail } from '../../../events/users/read.js';

export interface McpTestApp extends TestApp {
  /** http://127.0.0.1:<port> of the listening server. */
  base: string;
  adminToken: string;
  /** A principal for service calls made directly (registering gateways, creating servers). */
  principal(email: string): Promise<Principal>;
  user(email: string): Promise<string>;
  stop(): Promise<void>;
}

/** The real app on a loopback socket: SDK clients reach it over HTTP as any MCP client would. */
export async function startMcpApp(env: Record<string, string> = {}): Promise<McpTestApp> {
  const t = await startTestApp({ PORT: '0', HOST: '127.0.0.1', ...env });
  const running = await listen(t.app, t.services);
  const adminToken = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
  return {
    ...t,
    base: running.url,
    adminToken,
    async principal(email) {
      const r = (await findUserByEmail(t.services.database.db, t.services.database.schema, email))!;
      return { kind: 'user', userId: r.id, email: r.email, isPlatformAdmin: r.isPlatformAdmin, credential: { type: 'session', sessionId: 'test', issuedAt: 0 } };
    },
    user: (email) => createSignedInUser(t, adminToken, email),
    async stop() {
      await t.services.mcpSessions.closeAll();
      await running.stop();
      await t.close();
    },
  };
}

export type Transport = 'mcp' | 'sse';

/** An SDK client connected through one of the gateway's transports with a Bearer token. */
export async function connectClient(
  base: string,
  path: string,
  token: string,
  options: { transport?: Transport; capabilities?: ClientCapabilities; name?: string } = {},
): Promise<Client> {
  const client = new Client({ name: options.name ?? 'test-client', version: '1.0.0' }, { capabilities: options.capabilities ?? {} });
  const headers = { authorization: `Bearer ${token}` };
  const transport =
    options.transport === 'sse'
      ? new SSEClientTransport(new URL(`${base}${path}`), { requestInit: { headers }, eventSourceInit: { fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }) } })
      : new StreamableHTTPClientTransport(new URL(`${base}${path}`), { requestInit: { headers } });
  await client.connect(transport);
  return client;
}
