import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/log/logger.js';
import { startServices, stopServices } from '../../api/bootstrap.js';
import type { Services } from '../../api/services.js';
import type { Principal } from '../../api/authz/principal.js';
import type { Clock } from '../../events/store/store.js';
import type { Dialect } from '../../events/db/url.js';
import { findUserByEmail } from '../../events/users/read.js';
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
  /** Creates an active user through the accounts service (personal team included) and returns their principal. */
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
      const input = { email, password: 'test-password-1', fullName: email, isPlatformAdmin: admin };
      // Self-registration (needs PUBLIC_REGISTRATION_ENABLED=true) is the one path that leaves an email unverified.
      if (emailVerified) await services.accounts.createUser(input, { actor: 'test' });
      else await services.accounts.register(input, { actor: 'test' });
      const record = (await findUserByEmail(services.database.db, services.database.schema, email))!;
      return { kind: 'user', userId: record.id, email: record.email, isPlatformAdmin: record.isPlatformAdmin, credential: { type: 'session', sessionId: 'test', issuedAt: 0 } };
    },
    async close() {
      await stopServices(services).catch(() => {});
      await target.drop();
    },
  };
}
