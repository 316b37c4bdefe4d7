import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './app.js';
import type { Services } from './services.js';
import { stopServices } from './bootstrap.js';
import { admitBody } from './http/node-body-limit.js';

const DRAIN_MS = 10_000;

export interface RunningServer {
  server: Server;
  url: string;
  /** Stop accepting, end open MCP sessions, let requests in flight finish (up to 10 s), then close the pool. */
  stop(): Promise<void>;
}

export async function listen(app: App, services: Services): Promise<RunningServer> {
  const { host, port } = services.config;
  const limit = services.config.http.maxRequestBodyBytes;
  let stopping: Promise<void> | undefined;
  const inFlight = new Set<ServerResponse>();
  // While draining, answers tell keep-alive clients not to send another request on their connection.
  const closeAfter = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  const server = createServer((req, res) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (stopping) closeAfter(res);
    admitBody(req, res, limit).then(
      (admitted) => (admitted ? app(req, res) : undefined),
      (err: Error) => {
        services.logger.debug({ err: err.message }, 'request body aborted');
        res.destroy();
      },
    );
  });
  // Clients that go away mid-stream must never take the process down.
  server.on('clientError', (err, socket) => {
    services.logger.debug({ err: err.message }, 'client error');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        inFlight.forEach(closeAfter);
        const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
        // Open MCP sessions and SSE streams never finish by themselves: end them now (each stream closes
        // cleanly for its client) so they do not hold the drain window; other requests still finish.
        await services.mcpSessions.closeAll();
        await closed;
        clearTimeout(timer);
        await stopServices(services);
      })();
      return stopping;
    },
  };
}
