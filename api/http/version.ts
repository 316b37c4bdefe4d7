import type { Route } from './use-routes.js';
import { json } from './respond.js';

/** GET /version: what is running, for operators and support. */
export const versionRoute: Route = {
  method: 'GET',
  path: '/version',
  handle({ services }) {
    return json({
      app: 'switchboard',
      version: services.version,
      node_version: process.version,
      database: { dialect: services.database.dialect, last_migration: services.lastMigration ?? null },
      uptime_seconds: Math.round((services.clock.now().getTime() - services.startedAt.getTime()) / 1000),
      environment: services.config.environment,
    });
  },
};
