import { loadConfig } from '../../../api/config/config.js';
import { startServices, stopServices } from '../../../api/bootstrap.js';
import type { Services } from '../../../api/services.js';
import type { Principal } from '../../../api/authz/principal.js';
import type { Timer } from '../../../api/mcp/upstream/timer.js';
import { findUserByEmail } from '../../../events/users/read.js';
import { createThrowawayDatabase } from '../../support/databases.js';
import { capturedLogger } from '../../mcp/upstream/support.js';

/**
 * The real start-up on SQLite with a Timer the test advances (stdio back-off, health checks), the captured
 * log lines, and the bootstrap platform admin as a principal.
 */
export async function startTimedServices(timer: Timer, env: Record<string, string> = {}) {
  const target = await createThrowawayDatabase('sqlite');
  const config = loadConfig({ DATABASE_URL: target.url, ENVIRONMENT: 'test', ARGON2ID_MEMORY_COST: '1024', ARGON2ID_TIME_COST: '1', ...env });
  const { logger, lines } = capturedLogger();
  const services: Services = await startServices({ config, logger, timer });
  const row = (await findUserByEmail(services.database.db, services.database.schema, config.emailAuth.adminEmail))!;
  const admin: Principal = { kind: 'user', userId: row.id, email: row.email, isPlatformAdmin: true, credential: { type: 'session', sessionId: 'test', issuedAt: 0 } };
  return {
    services,
    admin,
    lines,
    async close() {
      await stopServices(services).catch(() => {});
      await target.drop();
    },
  };
}
