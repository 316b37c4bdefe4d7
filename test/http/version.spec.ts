import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { readMigrations } from '../../events/db/migrate.js';

describe('GET /version', () => {
  let t: TestApp;
  let now = new Date('2026-11-25T12:00:00.000Z');
  beforeAll(async () => {
    t = await startTestApp({}, { clock: { now: () => now } });
  });
  afterAll(() => t.close());
  /** What a caller must send to read /version (extend when it requires a credential). */
  const versionRequest = (): RequestInit => ({});

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
