import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/log/logger.js';
import { startServices, stopServices } from '../../api/bootstrap.js';
import type { Services } from '../../api/services.js';
import type { Principal } from '../../api/authz/principal.js';
import type { Clock } from '../../events/store/store.js';
import type { Dialect } from '../../events/db/url.js';
import { registerUser } from '../../events/users/register.js';
import { findUserById } from '../../events/users/read.js';
import { createThrowawayDatabase } from './databases.js';

/** A clock the test moves by hand: lockouts, expiries and back-offs without sleeping. */
export function manualClock(start = '2026-11-25T12:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  } satisfies Clock & { advance(ms: number): void };
}

export interface TestServices {
  services: Services;
  /** Registers an active user (with a personal team, as registration does) and returns their principal. */
  user(email: string, options?: { admin?: boolean; emailVerified?: boolean }): Promise<Principal>;
  close(): Promise<void>;
}

/** The real start-up on a throwaway database of any dialect, for command and query tests below HTTP. */
export async function startTestServices(dialect: Dialect, env: Record<string, string> = {}, clock?: Clock): Promise<TestServices> {
  const target = await createThrowawayDatabase(dialect);
  const config = loadConfig({
    DATABASE_URL: target.url,
    ENVIRONMENT: 'test',
    DB_MAX_RETRIES: '0',
    ARGON2ID_MEMORY_COST: '1024',
    ARGON2ID_TIME_COST: '1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const services = await startServices({ config, logger: createLogger({ level: 'silent', format: 'json' }), clock });
  return {
    services,
    async user(email, { admin = false, emailVerified = true } = {}) {
      const userId = randomUUID();
      await services.store.transact({ actor: 'test' }, async (unit) => {
        await registerUser(unit, services.database.schema, {
          userId,
          email,
          fullName: email,
          passwordHash: null,
          isPlatformAdmin: admin,
          source: 'admin',
          emailVerified,
        });
        if (services.config.teams.autoCreatePersonalTeams) await services.teams.createPersonalTeam(unit, { userId, email });
      });
      const record = (await findUserById(services.database.db, services.database.schema, userId))!;
      return { kind: 'user', userId, email: record.email, isPlatformAdmin: record.isPlatformAdmin, credential: { type: 'session', sessionId: 'test', issuedAt: 0 } };
    },
    async close() {
      await stopServices(services).catch(() => {});
      await target.drop();
    },
  };
}
