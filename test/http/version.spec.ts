import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { readMigrations } from '../../events/db/migrate.js';
import { DEFAULT_ADMIN, FAST_ARGON2, bearer, login } from '../support/auth.js';

describe('GET /version', () => {
  let t: TestApp;
  let now = new Date('2026-11-25T12:00:00.000Z');
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ ...FAST_ARGON2 }, { clock: { now: () => now } });
    token = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
  });
  afterAll(() => t.close());
  /** What a caller must send to read /version: any valid token. */
  const versionRequest = (): RequestInit => ({ headers: bearer(token) });

  it('needs a valid token', async () => {
    const res = await t.fetch('/version');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: 'Authentication required: send "Authorization: Bearer <token>"', code: 'UNAUTHENTICATED' });
    expect((await t.fetch('/version', { headers: bearer(`${token}x`) })).status).toBe(401);
  });

  it('says what is running: app, version, Node, dialect, last migration, uptime', async () => {
    now = new Date(now.getTime() + 90_500);
    const res = await t.fetch('/version', versionRequest());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      app: 'switchboard',
      version: t.services.version,
      node_version: process.version,
      database: { dialect: 'sqlite', last_migration: readMigrations('sqlite').at(-1)!.tag },
      uptime_seconds: 91,
      environment: 'test',
    });
    expect(t.services.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
