import type { Route } from './use-routes.js';
import { json } from './respond.js';
import { requirePrincipal } from '../auth/require-principal.js';

/** GET /version: what is running, for operators and support; any valid credential may read it. */
export const versionRoute: Route = {
  method: 'GET',
  path: '/version',
  async handle(ctx) {
    const { services } = ctx;
    await requirePrincipal(ctx);
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
