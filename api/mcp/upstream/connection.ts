import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptResult,
  type Implementation,
  type LoggingLevel,
  type Notification,
  type ReadResourceResult,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { ProgressCallback, RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Logger } from '../../log/logger.js';
import type { AppError } from '../../../events/errors.js';
import { DEFAULT_BACKOFF, restartDelay, type BackoffPolicy } from './backoff.js';
import { connectUpstream, type ConnectOptions, type UpstreamSession } from './connect.js';
import { discoverAll, listAll, type CatalogItems, type CatalogKind, type Discovery } from './discover.js';
import { UpstreamError, upstreamErrorFrom } from './errors.js';
import { describeUpstream, type UpstreamSpec } from './spec.js';
import { systemTimer, type Timer } from './timer.js';

export const DEFAULT_TOOL_TIMEOUT_MS = 60_000;

export type ListChangedKind = 'tools' | 'resources' | 'prompts';

const LIST_CHANGED: Record<string, ListChangedKind> = {
  'notifications/tools/list_changed': 'tools',
  'notifications/resources/list_changed': 'resources',
  'notifications/prompts/list_changed': 'prompts',
};

export interface SessionInfo {
  server: Implementation;
  capabilities: ServerCapabilities;
  instructions: string | undefined;
}

/** What happens to a connection, for the catalog sync, the health bookkeeping and the MCP endpoints. */
export type UpstreamEvent =
  /** A session was established; `reconnect` when it replaces one that dropped (re-sync the catalog then). */
  | { type: 'connected'; info: SessionInfo; reconnect: boolean }
  | { type: 'disconnected'; reason: string }
  /** A supervised stdio child exited (or failed to start again) and will be restarted after `delayMs`. */
  | { type: 'restart_scheduled'; attempt: number; delayMs: number; at: Date }
  | { type: 'restart_failed'; error: AppError }
  | { type: 'list_changed'; kind: ListChangedKind }
  /** Any other notification: logging messages, resources/updated, progress of requests not ours… */
  | { type: 'notification'; notification: Notification };

export interface CallOptions {
  signal?: AbortSignal;
  onprogress?: ProgressCallback;
  /** Milliseconds; TOOL_TIMEOUT (the connection's requestTimeoutMs) when not given. */
  timeout?: number;
}

export interface UpstreamConnectionOptions extends Pick<ConnectOptions, 'capabilities' | 'handlers' | 'clientVersion'> {
  /** The gateway's id: every log line about this upstream carries it. */
  gatewayId: string;
  logger: Logger;
  /** GATEWAY_VALIDATION_TIMEOUT for connect + initialize. */
  connectTimeoutMs?: number;
  /** TOOL_TIMEOUT: the default for every request. */
  requestTimeoutMs?: number;
  timer?: Timer;
  backoff?: BackoffPolicy;
}

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'restarting' | 'closed';

/**
 * The one place that talks to an upstream: owns a single initialized session (per upstream and credential)
 * shared by every call that needs no session state, and re-establishes it when it drops, so calls never
 * pay an initialize each.
 *
 * - HTTP upstreams reconnect lazily: the call after a drop opens a new session. A request the upstream
 *   rejects because it forgot our session (HTTP 404) is retried once on a fresh one; the upstream never
 *   processed it.
 * - A stdio child is supervised: when it exits it is restarted after a growing back-off (1 s, 2 s, 4 s…
 *   capped; back to 1 s after a stable run) on the injected timer. Calls made while it waits fail at once
 *   with UPSTREAM_UNREACHABLE instead of respawning it early.
 * - A call in flight when the upstream dies fails with UPSTREAM_DISCONNECTED.
 * - Failures are UpstreamErrors (errors.ts); an aborted call rejects with the signal's reason.
 */
export interface UpstreamConnection {
  readonly spec: UpstreamSpec;
  state(): ConnectionState;
  /** The current session's server facts, or null while there is none. */
  info(): SessionInfo | null;
  /** Establishes the session now (registration does this to validate); resolves with the server's facts. */
  connect(): Promise<SessionInfo>;
  /** Everything the upstream offers, every page, NUL escaped. */
  discover(options?: CallOptions): Promise<Discovery & SessionInfo>;
  listAll<K extends CatalogKind>(kind: K, options?: CallOptions): Promise<CatalogItems[K][]>;
  callTool(name: string, args?: Record<string, unknown>, options?: CallOptions): Promise<CallToolResult>;
  readResource(uri: string, options?: CallOptions): Promise<ReadResourceResult>;
  getPrompt(name: string, args?: Record<string, string>, options?: CallOptions): Promise<GetPromptResult>;
  complete(params: CompleteRequest['params'], options?: CallOptions): Promise<CompleteResult>;
  subscribeResource(uri: string, options?: CallOptions): Promise<void>;
  unsubscribeResource(uri: string, options?: CallOptions): Promise<void>;
  setLoggingLevel(level: LoggingLevel, options?: CallOptions): Promise<void>;
  ping(options?: CallOptions): Promise<void>;
  /** Every event; returns the unsubscribe function. */
  subscribe(listener: (event: UpstreamEvent) => void): () => void;
  /** Only list_changed notifications: what the catalog sync listens to. */
  onListChanged(listener: (kind: ListChangedKind) => void): () => void;
  /** Ends the session, kills a stdio child and stops restarting it. */
  close(): Promise<void>;
}

export function createUpstreamConnection(spec: UpstreamSpec, options: UpstreamConnectionOptions): UpstreamConnection {
  const what = describeUpstream(spec);
  const timer = options.timer ?? systemTimer;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const supervised = spec.transport === 'stdio';
  const log = options.logger.child({ gatewayId: options.gatewayId });
  const listeners = new Set<(event: UpstreamEvent) => void>();

  let current: UpstreamSession | null = null;
  let connecting: Promise<UpstreamSession> | null = null;
  let everConnected = false;
  let closed = false;
  let startedAt = 0;
  let restartAttempt = 0;
  let restart: { at: Date; cancel: () => void } | null = null;

  const subscribe = (listener: (event: UpstreamEvent) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };

  const emit = (event: UpstreamEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log.error({ err }, 'upstream event listener failed');
      }
    }
  };

  const onNotification = (notification: Notification) => {
    const kind = LIST_CHANGED[notification.method];
    emit(kind ? { type: 'list_changed', kind } : { type: 'notification', notification });
  };

  const infoOf = (s: UpstreamSession): SessionInfo => ({ server: s.server, capabilities: s.capabilities, instructions: s.instructions });

  const establish = async (): Promise<UpstreamSession> => {
    const s = await connectUpstream(spec, {
      timeoutMs: options.connectTimeoutMs,
      capabilities: options.capabilities,
      handlers: options.handlers,
      clientVersion: options.clientVersion,
      onNotification,
      onStderr: (line) => log.warn({ stderr: line }, 'upstream stderr'),
    });
    if (closed) {
      await s.close();
      throw stoppedError();
    }
    current = s;
    startedAt = timer.now().getTime();
    void s.closed.then(() => sessionEnded(s));
    emit({ type: 'connected', info: infoOf(s), reconnect: everConnected });
    everConnected = true;
    return s;
  };

  const startConnecting = () => {
    const attempt = establish().finally(() => {
      if (connecting === attempt) connecting = null;
    });
    connecting = attempt;
    return attempt;
  };

  const sessionEnded = (s: UpstreamSession) => {
    if (current === s) current = null;
    if (closed) return;
    log.warn({ transport: spec.transport }, 'upstream session ended');
    emit({ type: 'disconnected', reason: `${what} closed the session` });
    if (supervised && !current && !connecting && !restart) scheduleRestart(true);
  };

  const scheduleRestart = (afterExit: boolean) => {
    const now = timer.now();
    if (afterExit && now.getTime() - startedAt >= backoff.stableAfterMs) restartAttempt = 0;
    const attempt = restartAttempt++;
    const delayMs = restartDelay(attempt, backoff);
    const at = new Date(now.getTime() + delayMs);
    const cancel = timer.schedule(delayMs, () => {
      restart = null;
      if (closed) return;
      startConnecting().catch((err: unknown) => {
        if (closed) return;
        const error = upstreamErrorFrom(err, what, 'restart');
        log.warn({ code: error.code, message: error.message }, 'upstream restart failed');
        emit({ type: 'restart_failed', error });
        scheduleRestart(false);
      });
    });
    restart = { at, cancel };
    log.warn({ attempt, delayMs }, 'stdio upstream exited; restart scheduled');
    emit({ type: 'restart_scheduled', attempt, delayMs, at });
  };

  const stoppedError = () => new UpstreamError('UPSTREAM_UNREACHABLE', `${what} connection has been closed`);

  const session = (): Promise<UpstreamSession> => {
    if (closed) return Promise.reject(stoppedError());
    if (current && !current.isClosed()) return Promise.resolve(current);
    if (connecting) return connecting;
    if (restart) {
      return Promise.reject(
        new UpstreamError('UPSTREAM_UNREACHABLE', `${what} exited and is being restarted; next attempt at ${restart.at.toISOString()}`),
      );
    }
    return startConnecting();
  };

  const drop = (s: UpstreamSession) => {
    if (current === s) current = null;
    void s.close().catch(() => undefined);
  };

  /** Transport-level failures end the session; the upstream's own JSON-RPC errors and timeouts do not. */
  const endsSession = (error: AppError) => error.code !== 'UPSTREAM_REQUEST_FAILED' && error.code !== 'UPSTREAM_TIMEOUT';

  const forgotSession = (err: unknown) => spec.transport === 'streamable_http' && err instanceof StreamableHTTPError && err.code === 404;

  const run = async <T>(during: string, call: CallOptions | undefined, fn: (s: UpstreamSession, o: RequestOptions) => Promise<T>): Promise<T> => {
    const requestOptions: RequestOptions = {
      signal: call?.signal,
      onprogress: call?.onprogress,
      timeout: call?.timeout ?? requestTimeoutMs,
    };
    for (let attempt = 0; ; attempt++) {
      call?.signal?.throwIfAborted();
      const s = await session();
      try {
        return await fn(s, requestOptions);
      } catch (err) {
        if (call?.signal?.aborted) throw call.signal.reason;
        if (attempt === 0 && forgotSession(err)) {
          drop(s);
          continue;
        }
        const error = upstreamErrorFrom(err, what, during);
        if (endsSession(error)) drop(s);
        throw error;
      }
    }
  };

  return {
    spec,
    state() {
      if (closed) return 'closed';
      if (current && !current.isClosed()) return 'ready';
      if (connecting) return 'connecting';
      return restart ? 'restarting' : 'idle';
    },
    info: () => (current ? infoOf(current) : null),
    connect: async () => infoOf(await session()),
    discover: (call) =>
      run('discovery', call, async (s, o) => ({ ...infoOf(s), ...(await discoverAll(s.client, s.capabilities, o)) })),
    listAll: (kind, call) => run(`${kind} listing`, call, (s, o) => listAll(s.client, s.capabilities, kind, o)),
    // A plain request rather than client.callTool: the gateway passes results through as the upstream sent
    // them, without the SDK's client-side output-schema validation.
    callTool: (name, args, call) =>
      run('tools/call', call, (s, o) =>
        s.client.request({ method: 'tools/call', params: { name, arguments: args ?? {} } }, CallToolResultSchema, o),
      ) as Promise<CallToolResult>,
    readResource: (uri, call) => run('resources/read', call, (s, o) => s.client.readResource({ uri }, o)),
    getPrompt: (name, args, call) => run('prompts/get', call, (s, o) => s.client.getPrompt({ name, arguments: args }, o)),
    complete: (params, call) => run('completion/complete', call, (s, o) => s.client.complete(params, o)),
    subscribeResource: (uri, call) => run('resources/subscribe', call, async (s, o) => void (await s.client.subscribeResource({ uri }, o))),
    unsubscribeResource: (uri, call) =>
      run('resources/unsubscribe', call, async (s, o) => void (await s.client.unsubscribeResource({ uri }, o))),
    setLoggingLevel: (level, call) => run('logging/setLevel', call, async (s, o) => void (await s.client.setLoggingLevel(level, o))),
    ping: (call) => run('ping', call, async (s, o) => void (await s.client.ping(o))),
    subscribe,
    onListChanged: (listener) =>
      subscribe((event) => {
        if (event.type === 'list_changed') listener(event.kind);
      }),
    async close() {
      closed = true;
      restart?.cancel();
      restart = null;
      const s = current;
      current = null;
      // An establish still in flight sees `closed` and closes its own session.
      await Promise.all([s?.close(), connecting?.catch(() => undefined)]);
      listeners.clear();
    },
  };
}
