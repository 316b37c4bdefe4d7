import type { Route } from './use-routes.js';
import { json } from './respond.js';

const PING_TIMEOUT_MS = 3000;

/** GET /health: up only if the database answers; 503 says why when it does not. */
export const healthRoute: Route = {
  method: ['GET', 'HEAD'],
  path: '/health',
  async handle({ services }) {
    try {
      await Promise.race([
        services.database.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS).unref()),
      ]);
      return json({ status: 'healthy', database: 'ok' });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return json({ status: 'unhealthy', detail: `database unreachable: ${reason}`, code: 'UNAVAILABLE' }, 503);
    }
  },
};
