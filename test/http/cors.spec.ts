import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

const ALLOWED = 'https://admin.example.com';
const OTHER = 'https://evil.example.net';

describe('CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ALLOWED_ORIGINS: `${ALLOWED},https://second.example.com` });
  });
  afterAll(() => t.close());

  it('echoes an allowed origin, with credentials', async () => {
    const res = await t.fetch('/health', { headers: { origin: ALLOWED } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('never echoes an origin that is not allowed', async () => {
    const res = await t.fetch('/health', { headers: { origin: OTHER } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).not.toBe(OTHER);
    expect(res.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('answers a preflight from an allowed origin with the methods and headers it may use', async () => {
    const res = await t.fetch('/graphql', {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('gives a preflight from another origin nothing it could use', async () => {
    const res = await t.fetch('/graphql', { method: 'OPTIONS', headers: { origin: OTHER, 'access-control-request-method': 'POST' } });
    expect(res.headers.get('access-control-allow-origin')).not.toBe(OTHER);
    expect(res.headers.get('access-control-allow-origin')).not.toBe('*');
  });
});

describe('CORS_ENABLED=false', () => {
  it('sends no CORS headers at all', async () => {
    const t = await startTestApp({ CORS_ENABLED: 'false', ALLOWED_ORIGINS: ALLOWED });
    try {
      const res = await t.fetch('/health', { headers: { origin: ALLOWED } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await t.close();
    }
  });
});
