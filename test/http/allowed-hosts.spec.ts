import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../api/server.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** A GET over the socket with the Host header a browser would send after a DNS rebinding. */
function getWithHost(base: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL('/health', base);
  return new Promise((resolve, reject) => {
    httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('ALLOWED_HOSTS', () => {
  let t: TestApp;
  let server: RunningServer;
  beforeAll(async () => {
    t = await startTestApp({ PORT: '0', APP_DOMAIN: 'https://gateway.example.com' });
    server = await listen(t.app, t.services);
  });
  afterAll(async () => {
    await server.stop();
    await t.close();
  });

  it('serves localhost, loopback addresses and the host of APP_DOMAIN by default', async () => {
    const { port } = new URL(server.url);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'gateway.example.com', 'Gateway.Example.COM:443']) {
      expect((await getWithHost(server.url, host)).status, host).toBe(200);
    }
  });

  it('refuses any other Host with 403, naming it', async () => {
    const res = await getWithHost(server.url, 'attacker.example:4444');
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({ detail: 'Host attacker.example is not served here (ALLOWED_HOSTS)', code: 'FORBIDDEN' });
  });

  it('takes its list from ALLOWED_HOSTS when set', async () => {
    const custom = await startTestApp({ ALLOWED_HOSTS: 'internal.example' });
    try {
      expect((await custom.fetch('/health')).status).toBe(403);
      expect((await custom.app.fetch(new Request('http://internal.example/health'))).status).toBe(200);
    } finally {
      await custom.close();
    }
  });
});
