import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCRequest, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { RequestInfo } from '../../http/request-context.js';
import type { Services } from '../../services.js';
import type { McpCaller } from './credential.js';

/**
 * One usage row per MCP request made with an API token, whatever the transport: each JSON-RPC request
 * coming in is timed until its response goes out, and recorded with its method, tool name and outcome.
 */
export function observeTokenUsage(transport: Transport, services: Services, caller: McpCaller, info: RequestInfo): void {
  const credential = caller.principal.credential;
  if (credential.type !== 'api_token') return;
  const pending = new Map<RequestId, { method: string; toolName: string | null; started: number }>();
  const receive = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (isJSONRPCRequest(message)) {
      const name = message.method === 'tools/call' ? (message.params as { name?: unknown } | undefined)?.name : undefined;
      pending.set(message.id, { method: message.method, toolName: typeof name === 'string' ? name : null, started: performance.now() });
    }
    receive?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage, options) => {
    const id = 'id' in message && ('result' in message || 'error' in message) ? message.id : undefined;
    const request = id === undefined ? undefined : pending.get(id);
    if (request && id !== undefined) {
      pending.delete(id);
      const failed = 'error' in message || (message as { result?: { isError?: unknown } }).result?.isError === true;
      services.tokenUsage.record({
        tokenId: credential.tokenId,
        userId: caller.principal.userId,
        at: services.clock.now().toISOString(),
        surface: 'mcp',
        operation: request.method,
        toolName: request.toolName,
        outcome: failed ? 'error' : 'ok',
        latencyMs: Math.round(performance.now() - request.started),
        clientIp: info.clientIp,
        userAgent: info.userAgent,
      });
    }
    return send(message, options);
  };
}
