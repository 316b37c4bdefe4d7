import { McpError, ErrorCode as RpcErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { AppError, isAppError, type ErrorCode } from '../../../events/errors.js';

export type UpstreamErrorCode = Extract<ErrorCode, `UPSTREAM_${string}`>;

/**
 * Every failure talking to an upstream. `rpc` is set when the upstream itself answered with a JSON-RPC
 * error, so the MCP endpoints can hand the same code, message and data to their client.
 */
export class UpstreamError extends AppError {
  declare readonly code: UpstreamErrorCode;
  readonly rpc?: { code: number; message: string; data?: unknown };

  constructor(code: UpstreamErrorCode, message: string, options: { cause?: unknown; rpc?: UpstreamError['rpc'] } = {}) {
    super(code, message, options.rpc ? { rpcCode: options.rpc.code } : undefined, { cause: options.cause });
    this.rpc = options.rpc;
  }
}

export function isUpstreamError(err: unknown): err is UpstreamError {
  return err instanceof UpstreamError;
}

/**
 * Turns whatever the SDK, fetch, eventsource or the child process threw into one clear UpstreamError that
 * says which thing went wrong: not reachable, not an MCP endpoint, credentials refused, or the handshake.
 * `what` names the upstream (never with its credentials), `during` the step ("initialize", "tools/call").
 */
export function upstreamErrorFrom(err: unknown, what: string, during: string): AppError {
  if (isAppError(err)) return err;

  if (err instanceof StreamableHTTPError || err instanceof SseError) {
    const status = err.code;
    if (status === 401 || status === 403) {
      return new UpstreamError('UPSTREAM_AUTH_REJECTED', `${what} refused the configured credentials (HTTP ${status}) during ${during}`, { cause: err });
    }
    const wrongType = status === -1 || /invalid content type|unexpected content type/i.test(err.message);
    if (status === 404 || status === 405 || status === 406 || status === 415 || wrongType) {
      const answered = wrongType ? 'answered with a non-MCP content type' : `answered HTTP ${status}`;
      return new UpstreamError('UPSTREAM_NOT_MCP', `${what} ${answered} during ${during}: check that the URL is the server's MCP endpoint and the transport is right`, { cause: err });
    }
    if (status === 502 || status === 503 || status === 504) {
      return new UpstreamError('UPSTREAM_UNREACHABLE', `${what} is unavailable (HTTP ${status}) during ${during}`, { cause: err });
    }
    const network = networkReason(err);
    if (network) return new UpstreamError('UPSTREAM_UNREACHABLE', `Cannot reach ${what}: ${network}`, { cause: err });
    const code = during === 'initialize' ? 'UPSTREAM_HANDSHAKE_FAILED' : 'UPSTREAM_REQUEST_FAILED';
    return new UpstreamError(code, `${what} failed during ${during}${status ? ` (HTTP ${status})` : ''}: ${err.message}`, { cause: err });
  }

  if (err instanceof McpError) {
    if (err.code === RpcErrorCode.RequestTimeout) {
      const ms = (err.data as { timeout?: unknown } | undefined)?.timeout;
      const within = typeof ms === 'number' ? `within ${ms / 1000} s` : 'in time';
      return new UpstreamError('UPSTREAM_TIMEOUT', `${what} did not answer ${during} ${within}`, { cause: err });
    }
    if (err.code === RpcErrorCode.ConnectionClosed) {
      return new UpstreamError('UPSTREAM_DISCONNECTED', `${what} closed the connection during ${during}`, { cause: err });
    }
    const code = during === 'initialize' ? 'UPSTREAM_HANDSHAKE_FAILED' : 'UPSTREAM_REQUEST_FAILED';
    return new UpstreamError(code, `${what} answered ${during} with an error: ${err.message}`, {
      cause: err,
      rpc: { code: err.code, message: err.message, data: err.data },
    });
  }

  const network = networkReason(err);
  if (network) return new UpstreamError('UPSTREAM_UNREACHABLE', `Cannot reach ${what}: ${network}`, { cause: err });

  // A body that is not JSON-RPC (an HTML page, some other JSON API) fails the SDK's parsing.
  if (err instanceof SyntaxError || (err instanceof Error && err.name === 'ZodError')) {
    return new UpstreamError('UPSTREAM_NOT_MCP', `${what} did not answer ${during} with MCP (JSON-RPC) messages: check the URL and the transport`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = during === 'initialize' ? 'UPSTREAM_HANDSHAKE_FAILED' : 'UPSTREAM_REQUEST_FAILED';
  return new UpstreamError(code, `${what} failed during ${during}: ${message}`, { cause: err });
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  ENOENT: 'command not found',
  EACCES: 'permission denied',
};

/** fetch and spawn bury the reason (ECONNREFUSED, ENOENT…) in nested causes. */
function networkReason(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES[code]) return NETWORK_CODES[code];
    const message = e instanceof Error ? e.message : '';
    const match = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)\b/.exec(message);
    if (match) return NETWORK_CODES[match[1]];
    if (/\bbad port\b/.test(message)) return 'fetch refuses this port (it belongs to another protocol)';
    if (e instanceof TypeError && message === 'fetch failed' && !(e as { cause?: unknown }).cause) return 'the request failed';
  }
  return undefined;
}
