import { describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';

const PRODUCTION = {
  ENVIRONMENT: 'production',
  JWT_SECRET_KEY: 'production-signing-key',
  AUTH_ENCRYPTION_SECRET: 'production-encryption-secret',
  PLATFORM_ADMIN_PASSWORD: 'production-admin-password',
};

describe('security headers', () => {
  it('are on every answer, errors included, with a strict CSP on JSON', async () => {
    const t = await startTestApp();
    try {
      for (const path of ['/health', '/nothing']) {
        const h = (await t.fetch(path)).headers;
        expect(h.get('x-content-type-options')).toBe('nosniff');
        expect(h.get('x-frame-options')).toBe('DENY');
        expect(h.get('referrer-policy')).toBe('no-referrer');
        expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(h.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
        // HSTS only when the public address is https.
        expect(h.get('strict-transport-security')).toBeNull();
      }
      // GraphiQL (outside production) needs its inline scripts, so its page is the one without the CSP.
      const page = await t.fetch('/graphql', { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('GraphiQL');
      expect(page.headers.get('content-security-policy')).toBeNull();
      expect(page.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await t.close();
    }
  });

  it('add HSTS behind an https APP_DOMAIN, and production serves no GraphiQL', async () => {
    const t = await startTestApp({ ...PRODUCTION, APP_DOMAIN: 'https://gateway.example.com' });
    try {
      expect((await t.fetch('/health')).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      const page = await t.fetch('/graphql', { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
    } finally {
      await t.close();
    }
  });

  it('can be turned off with SECURITY_HEADERS_ENABLED=false', async () => {
    const t = await startTestApp({ SECURITY_HEADERS_ENABLED: 'false' });
    try {
      const h = (await t.fetch('/health')).headers;
      expect(h.get('x-frame-options')).toBeNull();
      expect(h.get('content-security-policy')).toBeNull();
    } finally {
      await t.close();
    }
  });
});
