import type { Plugin } from 'graphql-yoga';
import type { Services } from '../services.js';
import { requestInfo, type ServerContext } from '../http/request-context.js';
import type { UsageOutcome, UsageSurface } from './usage.js';

interface TokenUse {
  tokenId: string;
  userId: string;
  startedAt: number;
  operation?: string | null;
  failed?: boolean;
}

const uses = new WeakMap<Request, TokenUse>();
const recordedBySurface = new WeakSet<Request>();

/** Called by the token authenticator as soon as a known token is presented, refused or not. */
export function noteTokenUse(request: Request, tokenId: string, userId: string): void {
  if (!uses.has(request)) uses.set(request, { tokenId, userId, startedAt: performance.now() });
}

/** A surface that records its own finer rows (one per MCP message) tells the generic recorder to stand back. */
export function markUsageRecorded(request: Request): void {
  recordedBySurface.add(request);
}

function surfaceOf(path: string, rootPath: string): UsageSurface {
  const p = path.slice(rootPath.length);
  if (p.startsWith('/graphql')) return 'graphql';
  if (p === '/mcp' || p.startsWith('/mcp/') || p.startsWith('/servers/') || p === '/rpc') return 'mcp';
  return 'rest';
}

function outcomeOf(status: number, failed: boolean | undefined): UsageOutcome {
  if (status === 401 || status === 403) return 'denied';
  return status >= 400 || failed ? 'error' : 'ok';
}

/** One usage row per request made with an API token: which operation, how it ended, how long it took, from where. */
export function useTokenUsage(services: Services): Plugin<{}, ServerContext> {
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const use = request ? uses.get(request) : undefined;
      if (!use) return;
      use.operation = args.operationName ?? null;
      return {
        onExecuteDone({ result }) {
          if ('errors' in result && result.errors?.length) use.failed = true;
        },
      };
    },
    onResponse({ request, response, serverContext }) {
      const use = uses.get(request);
      if (!use || recordedBySurface.has(request)) return;
      const info = requestInfo(request, serverContext, services);
      const path = new URL(request.url).pathname;
      const surface = surfaceOf(path, services.config.rootPath);
      services.tokenUsage.record({
        tokenId: use.tokenId,
        userId: use.userId,
        at: services.clock.now().toISOString(),
        surface,
        operation: surface === 'graphql' ? (use.operation ?? null) : `${request.method} ${path}`,
        toolName: null,
        outcome: outcomeOf(response.status, use.failed),
        latencyMs: Math.round(performance.now() - use.startedAt),
        clientIp: info.clientIp,
        userAgent: info.userAgent,
      });
    },
  };
}
