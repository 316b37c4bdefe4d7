import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

describe('GET /health (readiness) and /health/live (liveness)', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('is healthy while the database answers', async () => {
    t = await startTestApp();
    const res = await t.fetch('/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ status: 'healthy', database: 'ok' });
    expect((await t.fetch('/health', { method: 'HEAD' })).status).toBe(200);
  });

  it('answers 503 with the reason when the database is gone, while liveness stays up', async () => {
    t = await startTestApp();
    await t.services.database.close();
    const res = await t.fetch('/health');
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({ status: 'unhealthy', code: 'UNAVAILABLE' });
    expect(body.detail).toMatch(/^database unreachable: .*not open/);
    expect((await t.fetch('/health/live')).status).toBe(200);
  });
});
