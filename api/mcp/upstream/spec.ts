/**
 * How to reach one upstream MCP server. A registration (and its decrypted credential) becomes one of these;
 * nothing in this folder ever persists or logs it.
 */
export type UpstreamAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'headers'; headers: Record<string, string> };

export type UpstreamSpec =
  | { transport: 'streamable_http' | 'sse'; url: string; auth?: UpstreamAuth }
  | { transport: 'stdio'; command: string; args?: string[]; env?: Record<string, string>; cwd?: string };

/** What an error message may say about an upstream: its URL without credentials, or its command. */
export function describeUpstream(spec: UpstreamSpec): string {
  if (spec.transport === 'stdio') return `stdio command ${JSON.stringify(spec.command)}`;
  return `${spec.transport === 'sse' ? 'SSE' : 'Streamable HTTP'} upstream ${redactUrl(spec.url)}`;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return JSON.stringify(url);
  }
}
