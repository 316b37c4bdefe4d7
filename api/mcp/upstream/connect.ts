import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode as RpcErrorCode,
  ListRootsRequestSchema,
  McpError,
  type ClientCapabilities,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequest,
  type ElicitResult,
  type Implementation,
  type ListRootsResult,
  type Notification,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import { UpstreamError, upstreamErrorFrom } from './errors.js';
import { describeUpstream, type UpstreamSpec } from './spec.js';
import { createTransport } from './transport.js';

export const DEFAULT_VALIDATION_TIMEOUT_MS = 5_000;

/**
 * Declared by default so that servers which offer some tools only to capable clients (server-everything's
 * sampling, elicitation and roots tools) show their whole catalog.
 */
export const DEFAULT_CLIENT_CAPABILITIES: ClientCapabilities = {
  sampling: {},
  elicitation: { form: {}, url: {} },
  roots: { listChanged: true },
};

/**
 * Answers to the requests an upstream may send us. A pooled session has no downstream client to ask, so by
 * default sampling and elicitation are refused and roots are empty; a session bound to one downstream
 * client passes its own handlers.
 */
export interface UpstreamRequestHandlers {
  sampling?: (request: CreateMessageRequest['params'], signal: AbortSignal) => Promise<CreateMessageResult>;
  elicitation?: (request: ElicitRequest['params'], signal: AbortSignal) => Promise<ElicitResult>;
  roots?: (signal: AbortSignal) => Promise<ListRootsResult>;
}

export interface ConnectOptions {
  /** GATEWAY_VALIDATION_TIMEOUT: the whole connect + initialize must finish within it. */
  timeoutMs?: number;
  capabilities?: ClientCapabilities;
  handlers?: UpstreamRequestHandlers;
  /** Every notification the upstream sends (list_changed, logging, resources/updated…). */
  onNotification?: (notification: Notification) => void;
  /** Each stderr line of a stdio child. */
  onStderr?: (line: string) => void;
  clientVersion?: string;
}

/** One initialized MCP session with an upstream. */
export interface UpstreamSession {
  readonly client: Client;
  readonly server: Implementation;
  readonly capabilities: ServerCapabilities;
  readonly instructions: string | undefined;
  /** Resolves once the session has ended, whichever side ended it. */
  readonly closed: Promise<void>;
  readonly isClosed: () => boolean;
  close(): Promise<void>;
}

/**
 * Connects and initializes, or throws one clear error saying what failed: a bad spec (ValidationError),
 * UPSTREAM_UNREACHABLE, UPSTREAM_NOT_MCP, UPSTREAM_AUTH_REJECTED, UPSTREAM_HANDSHAKE_FAILED or UPSTREAM_TIMEOUT.
 * Nothing is left running on failure.
 */
export async function connectUpstream(spec: UpstreamSpec, options: ConnectOptions = {}): Promise<UpstreamSession> {
  const what = describeUpstream(spec);
  const timeoutMs = options.timeoutMs ?? DEFAULT_VALIDATION_TIMEOUT_MS;
  const transport = createTransport(spec, { onStderr: options.onStderr });
  const capabilities = options.capabilities ?? DEFAULT_CLIENT_CAPABILITIES;
  const client = new Client({ name: 'switchboard', version: options.clientVersion ?? '0.1.0' }, { capabilities });
  installRequestHandlers(client, capabilities, options.handlers ?? {});
  if (options.onNotification) {
    const onNotification = options.onNotification;
    client.fallbackNotificationHandler = async (notification) => onNotification(notification);
  }

  let closed = false;
  let markClosed!: () => void;
  const closedPromise = new Promise<void>((resolve) => (markClosed = resolve));
  client.onclose = () => {
    closed = true;
    markClosed();
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UpstreamError('UPSTREAM_TIMEOUT', `${what} did not complete the MCP handshake within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([client.connect(transport, { timeout: timeoutMs }), timeout]);
  } catch (err) {
    await client.close().catch(() => undefined);
    throw handshakeError(err, what);
  } finally {
    clearTimeout(timer);
  }

  if (spec.transport !== 'stdio') watchForLostStreams(client, timeoutMs, () => closed);

  return {
    client,
    server: client.getServerVersion() ?? { name: 'unknown', version: 'unknown' },
    capabilities: client.getServerCapabilities() ?? {},
    instructions: client.getInstructions(),
    closed: closedPromise,
    isClosed: () => closed,
    close: () => client.close(),
  };
}

function handshakeError(err: unknown, what: string) {
  const error = upstreamErrorFrom(err, what, 'initialize');
  if (error.code === 'UPSTREAM_DISCONNECTED') {
    return new UpstreamError('UPSTREAM_HANDSHAKE_FAILED', `${what} closed the connection before completing the MCP handshake`, { cause: err });
  }
  if (error.code === 'UPSTREAM_REQUEST_FAILED') {
    return new UpstreamError('UPSTREAM_HANDSHAKE_FAILED', error.message, { cause: err });
  }
  return error;
}

/**
 * An HTTP upstream that dies does not close the SDK client: the transport reports "SSE stream disconnected"
 * (and maybe failed reconnections) through onerror while the requests in flight wait for answers that
 * will never come. On such an error we ask the upstream for a ping; if it cannot answer, the session is
 * closed, which fails the waiting requests at once (UPSTREAM_DISCONNECTED) and lets the next call reconnect.
 */
function watchForLostStreams(client: Client, timeoutMs: number, isClosed: () => boolean): void {
  let probing = false;
  client.onerror = () => {
    if (probing || isClosed()) return;
    probing = true;
    client
      .ping({ timeout: timeoutMs })
      .catch(() => client.close())
      .catch(() => undefined)
      .finally(() => (probing = false));
  };
}

function installRequestHandlers(client: Client, capabilities: ClientCapabilities, handlers: UpstreamRequestHandlers): void {
  const refuse = (what: string) =>
    new McpError(RpcErrorCode.MethodNotFound, `${what} is not available: no client is attached to this gateway session`);
  if (capabilities.sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, (request, extra) => {
      if (!handlers.sampling) throw refuse('Sampling');
      return handlers.sampling(request.params, extra.signal);
    });
  }
  if (capabilities.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, (request, extra) => {
      if (!handlers.elicitation) throw refuse('Elicitation');
      return handlers.elicitation(request.params, extra.signal);
    });
  }
  if (capabilities.roots) {
    client.setRequestHandler(ListRootsRequestSchema, (_request, extra) => (handlers.roots ? handlers.roots(extra.signal) : { roots: [] }));
  }
}
