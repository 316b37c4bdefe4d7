import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createCountingServer } from '../../fixtures/counting-server.js';
import { createUpstreamConnection, type UpstreamConnection } from '../../../api/mcp/upstream/connection.js';
import { createLogger } from '../../../api/log/logger.js';

/** A pooled session makes many requests through one transport: none may leave a listener behind. */
describe('requests of a pooled upstream session', () => {
  let host: HostedServer;
  let connection: UpstreamConnection;
  // Every signal anything listens on for 'abort', so the test can count what is still attached.
  const signals = new Set<AbortSignal>();
  const addEventListener = EventTarget.prototype.addEventListener;

  beforeAll(async () => {
    EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
      if (type === 'abort' && this instanceof AbortSignal) signals.add(this);
      return (addEventListener as (...a: unknown[]) => void).call(this, type, ...rest);
    } as typeof addEventListener;
    host = await hostOverHttp(() => createCountingServer({ initializes: 0 }));
    connection = createUpstreamConnection({ transport: 'streamable_http', url: host.url }, { gatewayId: 'own-signal', logger: createLogger({ level: 'silent', format: 'json' }) });
  });
  afterAll(async () => {
    EventTarget.prototype.addEventListener = addEventListener;
    await connection?.close();
    await host?.close();
  });

  it('leave no abort listeners on a shared signal, however many calls go through it', async () => {
    for (let i = 0; i < 300; i++) await connection.callTool('echo', { text: String(i) });
    const most = Math.max(...[...signals].map((s) => getEventListeners(s, 'abort').length));
    expect(most).toBeLessThan(10);
  });
});
