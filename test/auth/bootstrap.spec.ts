import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/log/logger.js';
import { startServices, stopServices } from '../../api/bootstrap.js';
import type { Services } from '../../api/services.js';
import { findSignInRecord } from '../../events/users/read.js';
import { userStreamId } from '../../events/users/events.js';
import type { Principal } from '../../api/authz/principal.js';
import { createThrowawayDatabase, dialects } from '../support/databases.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-boot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real start-up against one database file that outlives it: a restart is a second call. */
function start(env: Record<string, string> = {}): Promise<Services> {
  const config = loadConfig({
    DATABASE_URL: `sqlite:///${join(dir, 'boot.db')}`,
    ENVIRONMENT: 'test',
    ARGON2ID_MEMORY_COST: '1024',
    ARGON2ID_TIME_COST: '1',
    PLATFORM_ADMIN_EMAIL: 'Root@Example.com',
    PLATFORM_ADMIN_PASSWORD: 'first-admin-password',
    ...env,
  });
  const logger = createLogger({ level: 'silent', format: 'json', destination: new Writable({ write: (_c, _e, done) => done() }) });
  return startServices({ config, logger });
}

const principalOf = async (s: Services, email: string): Promise<Principal> => {
  const user = await s.accounts.findUser(email);
  return { kind: 'user', userId: user.id, email: user.email, isPlatformAdmin: user.isPlatformAdmin, credential: { type: 'session', sessionId: 'test', issuedAt: 0 } };
};

describe('platform admin bootstrap', () => {
  it('creates the admin once, verified; a changed password survives restarts, even with another PLATFORM_ADMIN_PASSWORD', async () => {
    let s = await start();
    const admin = await s.accounts.findUser('root@example.com');
    expect(admin).toMatchObject({ email: 'root@example.com', fullName: 'Platform Administrator', isPlatformAdmin: true, isActive: true, emailVerified: true, source: 'bootstrap' });
    await s.accounts.changePassword(await principalOf(s, 'root@example.com'), 'first-admin-password', 'changed-admin-password', {});
    await stopServices(s);

    s = await start();
    await stopServices(s);
    s = await start({ PLATFORM_ADMIN_PASSWORD: 'yet-another-password' });
    try {
      await expect(s.accounts.signIn('root@example.com', 'first-admin-password', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(s.accounts.signIn('root@example.com', 'yet-another-password', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect((await s.accounts.signIn('root@example.com', 'changed-admin-password', {})).user.email).toBe('root@example.com');
      const stream = await s.store.readStream(userStreamId(admin.id));
      expect(stream.filter((e) => e.type === 'UserRegistered')).toHaveLength(1);
    } finally {
      await stopServices(s);
    }
  });

  it('refuses to start with a PLATFORM_ADMIN_PASSWORD that breaks the password policy', async () => {
    const raceDir = mkdtempSync(join(tmpdir(), 'sb-boot-weak-'));
    try {
      await expect(start({ DATABASE_URL: `sqlite:///${join(raceDir, 'weak.db')}`, PASSWORD_MIN_LENGTH: '30' })).rejects.toThrow(
        'PLATFORM_ADMIN_PASSWORD: password does not meet the password policy: it needs at least 30 characters',
      );
    } finally {
      rmSync(raceDir, { recursive: true, force: true });
    }
  });
});

/**
 * Two start-ups racing on one database. In one Node process SQLite's busy wait would block the very thread
 * the other start-up needs, so the race runs on the server databases (and SQLite's cross-process lock is
 * the migrations' own test).
 */
describe.each(dialects.filter((d) => d !== 'sqlite'))('platform admin bootstrap race on %s', (dialect) => {
  it('two processes starting at once create one admin', async () => {
    const target = await createThrowawayDatabase(dialect);
    const both = await Promise.all([start({ DATABASE_URL: target.url }), start({ DATABASE_URL: target.url })]);
    try {
      const { users } = both[0].database.schema;
      expect(await both[0].database.db.select({ email: users.email }).from(users)).toEqual([{ email: 'root@example.com' }]);
    } finally {
      for (const s of both) await stopServices(s);
      await target.drop();
    }
  });
});

describe('password rehash', () => {
  it('upgrades a hash made with older Argon2 parameters at the next sign-in, without ending sessions', async () => {
    const rehashDir = mkdtempSync(join(tmpdir(), 'sb-rehash-'));
    const env = { DATABASE_URL: `sqlite:///${join(rehashDir, 'r.db')}` };
    let s = await start(env);
    const before = await findSignInRecord(s.database.db, s.database.schema, 'root@example.com');
    expect(before?.passwordHash).toMatch(/\$m=1024,p=1,t=1\$/);
    await stopServices(s);
    s = await start({ ...env, ARGON2ID_MEMORY_COST: '2048', ARGON2ID_TIME_COST: '2' });
    try {
      const first = await s.accounts.signIn('root@example.com', 'first-admin-password', {});
      const after = await findSignInRecord(s.database.db, s.database.schema, 'root@example.com');
      expect(after?.passwordHash).toMatch(/\$m=2048,p=1,t=2\$/);
      const stream = await s.store.readStream(userStreamId(after!.id));
      expect(stream.filter((e) => e.type === 'UserPasswordChanged').map((e) => e.data.reason)).toEqual(['rehashed']);
      expect(stream.some((e) => e.type === 'UserSessionsEnded')).toBe(false);
      const request = new Request('http://localhost/version', { headers: { authorization: `Bearer ${first.accessToken}` } });
      expect((await s.authenticate(request, { requestId: 'r', clientIp: null, userAgent: null }))?.email).toBe('root@example.com');
      // Signing in again with current parameters changes nothing.
      await s.accounts.signIn('root@example.com', 'first-admin-password', {});
      expect((await s.store.readStream(userStreamId(after!.id))).filter((e) => e.type === 'UserPasswordChanged')).toHaveLength(1);
    } finally {
      await stopServices(s);
      rmSync(rehashDir, { recursive: true, force: true });
    }
  });
});
