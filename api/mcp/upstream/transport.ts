import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ValidationError } from '../../../events/errors.js';
import { authHeaders } from './auth-headers.js';
import { childEnvironment } from './child-env.js';
import { fetchWithOwnSignal } from './own-signal-fetch.js';
import type { UpstreamSpec } from './spec.js';

export interface TransportOptions {
  /** Each line a stdio child writes to stderr (the child's own diagnostics). */
  onStderr?: (line: string) => void;
}

/** One SDK client transport for a spec; the auth headers go on every HTTP request it makes. */
export function createTransport(spec: UpstreamSpec, options: TransportOptions = {}): Transport {
  if (spec.transport === 'stdio') {
    if (!spec.command.trim()) throw new ValidationError('A stdio upstream needs a command', { field: 'command' });
    const transport = new StdioClientTransport({
      command: spec.command,
      args: spec.args ?? [],
      env: childEnvironment(spec.env),
      cwd: spec.cwd,
      stderr: 'pipe',
    });
    // stderr: 'pipe' makes the SDK hand out a PassThrough before the child starts, so no early line is lost.
    const stderr = transport.stderr;
    if (stderr) {
      const lines = createInterface({ input: stderr as Readable, crlfDelay: Infinity });
      lines.on('line', (line) => options.onStderr?.(line));
    }
    return transport;
  }
  const url = parseUpstreamUrl(spec.url);
  const requestInit: RequestInit = { headers: authHeaders(spec.auth) };
  if (spec.transport === 'sse') return new SSEClientTransport(url, { requestInit, fetch: fetchWithOwnSignal });
  return new StreamableHTTPClientTransport(url, { requestInit, fetch: fetchWithOwnSignal });
}

export function parseUpstreamUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError(`Upstream URL ${JSON.stringify(raw)} is not a valid URL`, { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(`Upstream URL must use http or https, not ${url.protocol.replace(':', '')}`, { field: 'url' });
  }
  if (url.username || url.password) {
    // Credentials in the URL would end up in logs and error messages; the auth setting carries them.
    throw new ValidationError('Upstream URL must not contain credentials; use the auth setting instead', { field: 'url' });
  }
  return url;
}
