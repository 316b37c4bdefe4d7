import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest, isJSONRPCRequest, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../../events/errors.js';
import type { Route, RouteContext } from '../../http/use-routes.js';
import { json } from '../../http/respond.js';
import { tooLarge } from '../../http/body.js';
import { checkOrigin, mcpCaller, mcpErrorResponse, type McpCaller } from './credential.js';
import { createProxySession } from './proxy-server.js';
import { catalogScope, serverScope, type McpScope } from './scope.js';
import { OneShotTransport, WebSseTransport } from './sse-transport.js';
import { observeTokenUsage } from './token-usage.js';
import { markUsageRecorded } from '../../tokens/use-token-usage.js';

const rpcError = (status: number, code: number, message: string, id: string | number | null = null) =>
  json({ jsonrpc: '2.0', id, error: { code, message } }, status);

/** The caller, after Origin and credential checks, and the scope of the endpoint they asked for. */
async function enter(ctx: RouteContext): Promise<{ caller: McpCaller; scope: McpScope; serverId: string | null }> {
  checkOrigin(ctx.request, ctx.services);
  const caller = await mcpCaller(ctx);
  // Token uses are recorded per JSON-RPC message (observeTokenUsage), not per HTTP request.
  if (caller.principal.credential.type === 'api_token') markUsageRecorded(ctx.request);
  const serverId = ctx.params.id ?? null;
  if (serverId === null) return { caller, scope: catalogScope(ctx.services), serverId };
  if (!(await ctx.services.serverQueries.server(caller.principal, serverId))) throw new NotFoundError('Server');
  return { caller, scope: serverScope(ctx.services, serverId), serverId };
}

/** One JSON-RPC message from the body, size-limited; a parse failure is the JSON-RPC parse error. */
async function readMessage(request: Request, limit: number): Promise<JSONRPCMessage | Response> {
  const text = await request.text();
  if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return rpcError(400, -32700, 'Parse error: the body is not JSON');
  }
  const message = JSONRPCMessageSchema.safeParse(parsed);
  if (!message.success) return rpcError(400, -32600, 'Invalid Request: the body must be one JSON-RPC 2.0 message');
  return message.data;
}

/** A client that accepts JSON but not an event stream (the SDK itself insists on both). */
const acceptsJsonOnly = (request: Request) => {
  const accept = request.headers.get('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/event-stream');
};

/** The request as the SDK's transport wants it; a JSON-mode transport then answers in JSON anyway. */
function acceptingBoth(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.set('accept', 'application/json, text/event-stream');
  return new Request(request.url, { method: request.method, headers, signal: request.signal });
}

/** Sessions whose client asked for JSON at initialize: their transport answers every POST in JSON. */
const jsonSessions = new WeakSet<WebStandardStreamableHTTPServerTransport>();

const guarded = (handle: (ctx: RouteContext) => Promise<Response>) => async (ctx: RouteContext) => {
  try {
    return await handle(ctx);
  } catch (err) {
    return mcpErrorResponse(err);
  }
};

/** Streamable HTTP: POST (initialize opens a session), GET (the session's stream), DELETE (ends it). */
const streamableHttp = guarded(async (ctx) => {
  const { request, services } = ctx;
  const { caller, scope, serverId } = await enter(ctx);
  const registry = services.mcpSessions;
  const sessionId = request.headers.get('mcp-session-id');
  if (sessionId) {
    const s = registry.get(sessionId);
    // Another user's (or another server's) session id is as unknown as a made-up one.
    if (!s || s.serverId !== serverId || s.caller.principal.userId !== caller.principal.userId || !s.transport) return rpcError(404, -32001, 'Session not found');
    if (request.method === 'POST' && acceptsJsonOnly(request) && jsonSessions.has(s.transport)) {
      const message = await readMessage(request, services.config.http.maxRequestBodyBytes);
      if (message instanceof Response) return message;
      return s.transport.handleRequest(acceptingBoth(request), { parsedBody: message });
    }
    return s.transport.handleRequest(request);
  }
  if (request.method !== 'POST') return rpcError(400, -32000, 'Bad Request: send the Mcp-Session-Id header of an initialized session');
  const body = await readMessage(request, services.config.http.maxRequestBodyBytes);
  if (body instanceof Response) return body;
  if (!isInitializeRequest(body)) return rpcError(400, -32000, 'Bad Request: no session; initialize first (or use /rpc for one-shot calls)', isJSONRPCRequest(body) ? body.id : null);

  const proxy = createProxySession({ services, scope, principal: () => caller.principal, stateful: true });
  // JSON or SSE as the request allows: a client that accepts only JSON gets a session answering in JSON.
  const json = acceptsJsonOnly(request);
  const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: randomUUID,
    enableJsonResponse: json,
    keepAliveMs: services.config.mcp.sseKeepaliveSeconds * 1000,
    onsessioninitialized: (id): void =>
      registry.add({
        id,
        caller,
        serverId,
        proxy,
        transport,
        close: async () => {
          await proxy.close();
          await transport.close().catch(() => undefined);
        },
      }),
    onsessionclosed: (id) => {
      registry.remove(id);
      void proxy.close();
    },
  });
  transport.onclose = () => {
    if (transport.sessionId) registry.remove(transport.sessionId);
    void proxy.close();
  };
  await proxy.server.connect(transport);
  observeTokenUsage(transport, services, caller, ctx.info);
  if (json) jsonSessions.add(transport);
  return transport.handleRequest(json ? acceptingBoth(request) : request, { parsedBody: body });
});

/** Legacy HTTP+SSE: GET opens the stream, whose first event names the message endpoint. */
const sseStream = guarded(async (ctx) => {
  const { services, url } = ctx;
  const { caller, scope, serverId } = await enter(ctx);
  const endpoint = url.pathname.replace(/\/sse\/?$/, '/message');
  const transport = new WebSseTransport(endpoint, services.config.mcp.sseKeepaliveSeconds * 1000);
  const proxy = createProxySession({ services, scope, principal: () => caller.principal, stateful: true });
  const registry = services.mcpSessions;
  transport.onclose = () => {
    registry.remove(transport.sessionId);
    void proxy.close();
  };
  registry.add({
    id: transport.sessionId,
    caller,
    serverId,
    proxy,
    sse: transport,
    close: async () => {
      await proxy.close();
      await transport.close();
    },
  });
  await proxy.server.connect(transport);
  observeTokenUsage(transport, services, caller, ctx.info);
  return transport.response;
});

/** Legacy HTTP+SSE: a client message for the stream named by session_id (or sessionId). */
const sseMessage = guarded(async (ctx) => {
  const { request, services, url } = ctx;
  const { caller, serverId } = await enter(ctx);
  const id = url.searchParams.get('session_id') ?? url.searchParams.get('sessionId');
  const s = id ? services.mcpSessions.get(id) : undefined;
  if (!s || !s.sse || s.serverId !== serverId || s.caller.principal.userId !== caller.principal.userId) return rpcError(404, -32001, 'Session not found');
  const message = await readMessage(request, services.config.http.maxRequestBodyBytes);
  if (message instanceof Response) return message;
  s.sse.receive(message);
  return new Response('Accepted', { status: 202, headers: { 'content-type': 'text/plain; charset=utf-8' } });
});

/** One JSON-RPC request in, its one answer out, no session: scripts and curl. */
const oneShot = guarded(async (ctx) => {
  const { request, services } = ctx;
  const { caller, scope } = await enter(ctx);
  const message = await readMessage(request, services.config.http.maxRequestBodyBytes);
  if (message instanceof Response) return message;
  if (!isJSONRPCRequest(message)) return new Response(null, { status: 202 });
  const proxy = createProxySession({ services, scope, principal: () => caller.principal, stateful: false });
  const transport = new OneShotTransport();
  await proxy.server.connect(transport);
  observeTokenUsage(transport, services, caller, ctx.info);
  try {
    const answer = new Promise<JSONRPCMessage>((resolve, reject) => {
      transport.answer.then(resolve, reject);
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
    });
    transport.receive(message);
    return json(await answer);
  } finally {
    await proxy.close();
  }
});

/** Every MCP endpoint, on the API's own port. */
export const mcpRoutes: Route[] = [
  { method: ['GET', 'POST', 'DELETE'], path: '/servers/:id/mcp', handle: streamableHttp },
  { method: 'GET', path: '/servers/:id/sse', handle: sseStream },
  { method: 'POST', path: '/servers/:id/message', handle: sseMessage },
  { method: 'POST', path: '/servers/:id/rpc', handle: oneShot },
  { method: ['GET', 'POST', 'DELETE'], path: '/mcp', handle: streamableHttp },
  { method: 'GET', path: '/sse', handle: sseStream },
  { method: 'POST', path: '/message', handle: sseMessage },
  { method: 'POST', path: '/rpc', handle: oneShot },
];
