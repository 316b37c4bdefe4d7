import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUpstreamConnection } from '../../../api/mcp/upstream/connection.js';
import { initialHealth, recordCheck, type HealthState, type HealthTransition } from '../../../api/mcp/upstream/health.js';
import { startHealthChecks } from '../../../api/mcp/upstream/health-monitor.js';
import { createCountingServer } from '../../fixtures/counting-server.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { manualTimer } from './manual-timer.js';
import { capturedLogger } from './support.js';

const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s));

describe('recordCheck', () => {
  it('turns unhealthy at the threshold-th consecutive failure, once, and recovers on the next success', () => {
    let state: HealthState = initialHealth;
    const transitions: HealthTransition[] = [];
    const step = (ok: boolean, s: number) => {
      const r = recordCheck(state, ok ? { ok, at: at(s) } : { ok, at: at(s), error: `down ${s}` }, 3);
      state = r.state;
      if (r.transition) transitions.push(r.transition);
    };
    step(false, 1);
    step(false, 2);
    step(true, 3); // a success in between resets the count
    step(false, 4);
    step(false, 5);
    expect(transitions).toEqual([]);
    step(false, 6);
    step(false, 7);
    expect(transitions).toEqual([{ from: 'healthy', to: 'unhealthy', at: at(6), lastError: 'down 6', lastErrorAt: at(6) }]);
    expect(state).toMatchObject({ status: 'unhealthy', consecutiveFailures: 4, lastError: 'down 7', lastErrorAt: at(7) });
    step(true, 8);
    expect(transitions[1]).toEqual({ from: 'unhealthy', to: 'healthy', at: at(8), lastError: 'down 7', lastErrorAt: at(7) });
    expect(state).toMatchObject({ status: 'healthy', consecutiveFailures: 0, lastError: 'down 7', lastCheckedAt: at(8) });
  });
});

describe('health checks against a real upstream', () => {
  let host: HostedServer;
  beforeAll(async () => {
    host = await hostOverHttp(() => createCountingServer({ initializes: 0 }));
  });
  afterAll(() => host.close());

  it('ping every interval; unhealthy after UNHEALTHY_THRESHOLD failures with the last error; healthy again on recovery', async () => {
    const timer = manualTimer();
    const conn = createUpstreamConnection({ transport: 'streamable_http', url: host.url }, { gatewayId: 'gw-health', logger: capturedLogger().logger });
    await conn.connect();
    const transitions: HealthTransition[] = [];
    const monitor = startHealthChecks({
      probe: () => conn.ping({ timeout: 2_000 }),
      timer,
      intervalMs: 30_000,
      threshold: 2,
      onTransition: (t) => transitions.push(t),
    });
    /** Moves the clock to the next scheduled check and waits until it has been recorded. */
    const tick = async () => {
      expect(timer.pending()).toEqual([30_000]);
      timer.advance(30_000);
      await vi.waitFor(() => expect(monitor.state().lastCheckedAt).toEqual(timer.now()), { timeout: 5_000 });
      return monitor.state();
    };
    try {
      expect((await tick()).status).toBe('healthy');

      host.setDown(true);
      expect(await tick()).toMatchObject({ status: 'healthy', consecutiveFailures: 1 });
      expect(transitions).toEqual([]);
      const unhealthy = await tick();
      expect(unhealthy).toMatchObject({ status: 'unhealthy', consecutiveFailures: 2, lastError: expect.stringContaining('HTTP 503') });
      expect(transitions).toEqual([
        { from: 'healthy', to: 'unhealthy', at: timer.now(), lastError: unhealthy.lastError, lastErrorAt: timer.now() },
      ]);
      await tick();
      expect(transitions).toHaveLength(1);

      host.setDown(false);
      expect((await tick()).status).toBe('healthy');
      expect(transitions[1]).toMatchObject({ from: 'unhealthy', to: 'healthy', at: timer.now() });
    } finally {
      monitor.stop();
      await conn.close();
    }
    expect(timer.pending()).toEqual([]);
  });
});
