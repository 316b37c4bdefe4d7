import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ProgressCallback } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { NotFoundError, UnavailableError } from '../../events/errors.js';
import type { itemTable } from '../../events/catalog/projection.js';
import type { Clock } from '../../events/store/store.js';
import type { Principal } from '../authz/principal.js';
import type { UpstreamConnection } from '../mcp/upstream/connection.js';
import { isUpstreamError } from '../mcp/upstream/errors.js';
import type { Metrics, CallOutcome } from './metrics.js';
import type { ServerQueries } from './queries.js';

type ItemRow = ReturnType<typeof itemTable>['$inferSelect'];

/** Where a tool is looked up: one virtual server's members, everything the caller sees (/mcp), or a catalog id (invokeTool). */
export type ToolScope = { type: 'server'; serverId: string } | { type: 'all' } | { type: 'id' };

export interface ResolvedTool {
  item: ItemRow;
  /** The name the caller used. */
  name: string;
  serverId: string | null;
}

export interface CallToolOptions {
  signal?: AbortSignal;
  onprogress?: ProgressCallback;
  /** The connection to use for this gateway: a session's own, when it has one; the shared pooled one otherwise. */
  connectionFor?: (gatewayId: string) => UpstreamConnection | undefined;
}

export interface ToolCallerDeps {
  serverQueries: ServerQueries;
  connection: (gatewayId: string) => UpstreamConnection | undefined;
  metrics: Metrics;
  clock: Clock;
}

/**
 * The one path a tool call takes, for tools/call on every MCP endpoint and for GraphQL invokeTool: find the
 * tool the caller may see and run (tools.execute), call the upstream by its original name, count it.
 * What the caller may not see or run is "not found", the same as a name that does not exist.
 *
 * Results pass through unchanged. An upstream that cannot be reached, drops the call or does not answer in
 * TOOL_TIMEOUT gives a tool result with isError and the reason (the gateway stays up); a JSON-RPC error the
 * upstream answered is thrown as the UpstreamError carrying its code, message and data.
 */
export function createToolCaller(deps: ToolCallerDeps) {
  const { serverQueries, metrics, clock } = deps;

  const callable = (item: ItemRow) => item.status === 'active' && Boolean(item.enabled);

  async function resolve(p: Principal, scope: ToolScope, nameOrId: string): Promise<ResolvedTool> {
    let item: ItemRow | undefined;
    if (scope.type === 'server') {
      item = (await serverQueries.memberByName(p, scope.serverId, 'tools', nameOrId))?.item;
    } else {
      item = await serverQueries.catalogItem(p, 'tools', scope.type === 'all' ? 'name' : 'id', nameOrId);
    }
    if (!item || !callable(item) || !serverQueries.canExecute(p, item)) throw new NotFoundError(`Tool ${JSON.stringify(nameOrId)}`);
    return { item, name: nameOrId, serverId: scope.type === 'server' ? scope.serverId : null };
  }

  async function call(tool: ResolvedTool, args: Record<string, unknown> | undefined, options: CallToolOptions = {}): Promise<CallToolResult> {
    const { item } = tool;
    const connection = options.connectionFor?.(item.gatewayId) ?? deps.connection(item.gatewayId);
    const started = performance.now();
    let outcome: CallOutcome = 'ok';
    try {
      if (!connection) throw new UnavailableError(`The gateway of ${JSON.stringify(tool.name)} is disabled`);
      const result = await connection.callTool(item.upstreamName, args, { signal: options.signal, onprogress: options.onprogress });
      if (result.isError) outcome = 'tool_error';
      return result;
    } catch (err) {
      if (options.signal?.aborted) {
        outcome = 'transport_failure';
        throw err;
      }
      if (isUpstreamError(err) && err.rpc) {
        outcome = 'rpc_failure';
        throw err;
      }
      outcome = 'transport_failure';
      const message = err instanceof Error ? err.message : String(err);
      return { content: [{ type: 'text', text: `Tool ${JSON.stringify(tool.name)} failed: ${message}` }], isError: true };
    } finally {
      metrics.record({ toolId: item.id, serverId: tool.serverId, gatewayId: item.gatewayId, outcome, latencyMs: performance.now() - started, at: clock.now() });
    }
  }

  return { resolve, call };
}

export type ToolCaller = ReturnType<typeof createToolCaller>;
