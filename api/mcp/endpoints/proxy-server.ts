import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ClientCapabilities,
  type LoggingLevel,
  type Notification,
} from '@modelcontextprotocol/sdk/types.js';
import { isAppError } from '../../../events/errors.js';
import type { Principal } from '../../authz/principal.js';
import type { Services } from '../../services.js';
import { isUpstreamError } from '../upstream/errors.js';
import type { UpstreamConnection } from '../upstream/connection.js';
import { openSessionConnection } from '../../servers/upstream-access.js';
import type { McpScope, UpstreamRef } from './scope.js';

export const SERVER_CAPABILITIES = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  completions: {},
  logging: {},
};

/** An error for the downstream client: the upstream's JSON-RPC error as it was, "not found" as invalid params. */
export function toMcpError(err: unknown): McpError {
  if (err instanceof McpError) return err;
  if (isUpstreamError(err) && err.rpc) return new McpError(err.rpc.code, err.rpc.message.replace(/^MCP error -?\d+: /, ''), err.rpc.data);
  if (isAppError(err)) return new McpError(err.code === 'NOT_FOUND' || err.code === 'VALIDATION_FAILED' ? ErrorCode.InvalidParams : ErrorCode.InternalError, err.message);
  return new McpError(ErrorCode.InternalError, 'Internal error');
}

const wrap =
  <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
  async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (err) {
      throw toMcpError(err);
    }
  };

/**
 * The gateway side of one downstream MCP session: a low-level SDK Server whose handlers answer from the
 * scope (what the caller may see) and forward to the members' upstreams.
 *
 * Calls go through the manager's pooled connection until the session needs state of its own: when its
 * client declared sampling, elicitation or roots, subscribes, or sets a log level, it gets its own upstream
 * session per gateway (declaring what the client declared, answering upstream requests by asking this
 * client), used for every call after that and closed with it. Nothing from one client's upstream session
 * reaches another's.
 */
export interface ProxySession {
  readonly server: Server;
  /** Whether the session holds upstream sessions of its own (or will, on first use). */
  ownsUpstreams(): boolean;
  close(): Promise<void>;
}

export interface ProxyOptions {
  services: Services;
  scope: McpScope;
  principal: () => Principal;
  /** Whether the transport can carry server-to-client requests and notifications (not /rpc). */
  stateful: boolean;
}

export function createProxySession({ services, scope, principal, stateful }: ProxyOptions): ProxySession {
  const server = new Server({ name: 'switchboard', version: services.version }, { capabilities: SERVER_CAPABILITIES });
  const own = new Map<string, Promise<UpstreamConnection>>();
  let needsOwn = false;
  let level: LoggingLevel | null = null;
  let closed = false;
  const log = services.logger.child({ component: 'mcp-session' });

  const declared = (): ClientCapabilities => {
    const c = server.getClientCapabilities() ?? {};
    return { ...(c.sampling ? { sampling: c.sampling } : {}), ...(c.elicitation ? { elicitation: c.elicitation } : {}), ...(c.roots ? { roots: c.roots } : {}) };
  };

  server.oninitialized = () => {
    if (stateful && Object.keys(declared()).length) needsOwn = true;
  };

  const forward = async (gatewayId: string, notification: Notification) => {
    if (closed) return;
    if (notification.method === 'notifications/message') {
      await server.notification(notification as never);
    } else if (notification.method === 'notifications/resources/updated') {
      const uri = String((notification.params as { uri?: unknown } | undefined)?.uri ?? '');
      const shown = await scope.downstreamUri(principal(), gatewayId, uri);
      if (shown) await server.sendResourceUpdated({ uri: shown });
    }
  };

  function ownConnection(gatewayId: string): Promise<UpstreamConnection> {
    let c = own.get(gatewayId);
    if (!c) {
      c = (async () => {
        const connection = await openSessionConnection(services, gatewayId, {
          capabilities: declared(),
          handlers: {
            sampling: (params, signal) => server.createMessage(params, { signal }),
            elicitation: (params, signal) => server.elicitInput(params as never, { signal }),
            roots: (signal) => server.listRoots(undefined, { signal }),
          },
        });
        connection.subscribe((event) => {
          if (event.type === 'notification') forward(gatewayId, event.notification).catch((err: unknown) => log.debug({ err: (err as Error).message }, 'forwarding a notification failed'));
        });
        if (closed) {
          await connection.close();
          throw new McpError(ErrorCode.ConnectionClosed, 'The session has ended');
        }
        if (level) await connection.setLoggingLevel(level);
        return connection;
      })();
      c.catch(() => own.delete(gatewayId));
      own.set(gatewayId, c);
    }
    return c;
  }

  /** The connection a request to this gateway goes through. */
  async function connectionFor(gatewayId: string): Promise<UpstreamConnection> {
    if (needsOwn) return ownConnection(gatewayId);
    const pooled = services.gatewayManager.connection(gatewayId);
    if (!pooled) throw new McpError(ErrorCode.InternalError, 'This item\'s gateway is disabled');
    return pooled;
  }

  const notFound = (what: string) => new McpError(ErrorCode.InvalidParams, `${what} not found`);
  const resolved = async <T>(ref: Promise<UpstreamRef | undefined>, what: string, then: (r: UpstreamRef, c: UpstreamConnection) => Promise<T>) => {
    const r = await ref;
    if (!r) throw notFound(what);
    return then(r, await connectionFor(r.gatewayId));
  };

  server.setRequestHandler(ListToolsRequestSchema, wrap(async (req) => {
    const page = await scope.tools(principal(), req.params?.cursor);
    return { tools: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }));

  server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
    let tool;
    try {
      tool = await scope.tool(principal(), req.params.name);
    } catch (err) {
      throw isAppError(err) && err.code === 'NOT_FOUND' ? new McpError(ErrorCode.InvalidParams, `Unknown tool: ${req.params.name}`) : toMcpError(err);
    }
    const progressToken = req.params._meta?.progressToken;
    const connection = needsOwn ? await wrap(ownConnection)(tool.item.gatewayId) : undefined;
    try {
      return await services.toolCaller.call(tool, req.params.arguments, {
        signal: extra.signal,
        connectionFor: () => connection,
        onprogress:
          progressToken === undefined
            ? undefined
            : (progress) => void extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken } }).catch(() => undefined),
      });
    } catch (err) {
      throw toMcpError(err);
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, wrap(async (req) => {
    const page = await scope.resources(principal(), req.params?.cursor);
    return { resources: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, wrap(async (req) => {
    const page = await scope.resourceTemplates(principal(), req.params?.cursor);
    return { resourceTemplates: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }));
  server.setRequestHandler(ReadResourceRequestSchema, wrap(async (req, extra) =>
    resolved(scope.resource(principal(), req.params.uri), `Resource ${req.params.uri}`, async (r, c) => {
      const result = await c.readResource(r.upstreamName, { signal: extra.signal });
      // The client asked by the URI it was shown (maybe gateway-qualified): answer with that one.
      return r.upstreamName === req.params.uri ? result : { ...result, contents: result.contents.map((x) => (x.uri === r.upstreamName ? { ...x, uri: req.params.uri } : x)) };
    }),
  ));
  server.setRequestHandler(SubscribeRequestSchema, wrap(async (req, extra) => {
    needsOwn = stateful;
    return resolved(scope.resource(principal(), req.params.uri), `Resource ${req.params.uri}`, async (r, c) => {
      await c.subscribeResource(r.upstreamName, { signal: extra.signal });
      return {};
    });
  }));
  server.setRequestHandler(UnsubscribeRequestSchema, wrap(async (req, extra) =>
    resolved(scope.resource(principal(), req.params.uri), `Resource ${req.params.uri}`, async (r, c) => {
      await c.unsubscribeResource(r.upstreamName, { signal: extra.signal });
      return {};
    }),
  ));
  server.setRequestHandler(ListPromptsRequestSchema, wrap(async (req) => {
    const page = await scope.prompts(principal(), req.params?.cursor);
    return { prompts: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }));
  server.setRequestHandler(GetPromptRequestSchema, wrap(async (req, extra) =>
    resolved(scope.prompt(principal(), req.params.name), `Prompt ${req.params.name}`, (r, c) => c.getPrompt(r.upstreamName, req.params.arguments, { signal: extra.signal })),
  ));
  server.setRequestHandler(CompleteRequestSchema, wrap(async (req, extra) => {
    const { ref } = req.params;
    const target = ref.type === 'ref/prompt' ? scope.prompt(principal(), ref.name) : scope.template(principal(), ref.uri);
    const what = ref.type === 'ref/prompt' ? `Prompt ${ref.name}` : `Resource template ${ref.uri}`;
    return resolved(target, what, (r, c) =>
      c.complete({ ...req.params, ref: ref.type === 'ref/prompt' ? { ...ref, name: r.upstreamName } : { ...ref, uri: r.upstreamName } }, { signal: extra.signal }),
    );
  }));
  server.setRequestHandler(SetLevelRequestSchema, wrap(async (req) => {
    level = req.params.level;
    needsOwn = stateful;
    await Promise.all([...own.values()].map(async (c) => (await c).setLoggingLevel(req.params.level)));
    return {};
  }));

  return {
    server,
    ownsUpstreams: () => needsOwn,
    async close() {
      if (closed) return;
      closed = true;
      const connections = [...own.values()];
      own.clear();
      await Promise.all(connections.map((c) => c.then((x) => x.close()).catch(() => undefined)));
      await server.close().catch(() => undefined);
    },
  };
}
