import { readFileSync } from 'node:fs';
import type { Config } from './config/config.js';
import type { Logger } from './log/logger.js';
import type { Services } from './services.js';
import { openDatabase } from '../events/db/connect.js';
import { migrate } from '../events/db/migrate.js';
import { redactDatabaseUrl } from '../events/db/url.js';
import { createEventStore, systemClock, type Clock } from '../events/store/store.js';
import { registry } from '../events/registry.js';
import { createAuthzView } from './authz/view.js';
import { createAuthz } from './authz/can.js';
import { createTeamCommands } from './teams/commands.js';
import { createTeamQueries } from './teams/queries.js';
import { createRoleCommands } from './roles/commands.js';
import { createSecretBox } from './crypto/secret-box.js';
import { startAuthServices } from './auth/services.js';
import { createSsoService } from './sso/service.js';
import { createGatewayManager } from './gateways/manager.js';
import { createGatewayCommands } from './gateways/commands.js';
import { createGatewayQueries } from './gateways/queries.js';
import { createCatalogCommands } from './catalog/commands.js';
import { createCatalogQueries } from './catalog/queries.js';
import { createServerCommands } from './servers/commands.js';
import { createServerQueries } from './servers/queries.js';
import { createMetrics } from './servers/metrics.js';
import { createToolCaller } from './servers/tool-call.js';
import { createSessionRegistry } from './mcp/endpoints/sessions.js';
import { createTokenCommands } from './tokens/commands.js';
import { createTokenQueries } from './tokens/queries.js';
import { createUsageRecorder } from './tokens/usage.js';
import type { Timer } from './mcp/upstream/timer.js';

export const APP_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface BootstrapOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Back-off and health-check time for upstream connections; tests pass one they advance by hand. */
  timer?: Timer;
}

/**
 * Connects (retrying as configured), migrates and builds every long-lived service. Shared by
 * `npm start` and the HTTP-level tests, so tests run the same start-up as production.
 */
export async function startServices({ config, logger, clock = systemClock, timer }: BootstrapOptions): Promise<Services> {
  const shownUrl = redactDatabaseUrl(config.database.url);
  const database = await openDatabase(config.database.url, {
    poolSize: config.database.poolSize,
    poolRecycleSeconds: config.database.poolRecycleSeconds,
    maxRetries: config.database.maxRetries,
    retryIntervalMs: config.database.retryIntervalMs,
    onRetry: (attempt, err) =>
      logger.warn({ attempt, of: config.database.maxRetries, reason: (err as Error).message }, `database ${shownUrl} not reachable yet; retrying`),
  });
  try {
    const { applied, last } = await migrate(database);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const store = createEventStore(database, registry, clock);
    const authzView = createAuthzView(database);
    await authzView.load();
    store.subscribe((events) => authzView.onCommit(events));
    const authz = createAuthz(authzView);
    const auth = await startAuthServices({ config, store, clock, logger, authz });
    const secretBox = createSecretBox(config.encryption.secret);
    const gatewayManager = createGatewayManager({ database, store, config, logger, secretBox, timer });
    const serverQueries = createServerQueries(database, authz);
    store.subscribe(() => serverQueries.forget());
    const metrics = createMetrics({ database, clock, logger, retentionDays: config.mcp.metricsRetentionDays });
    const tokenUsage = createUsageRecorder({ database, clock, logger, retentionDays: config.mcp.usageLogRetentionDays });
    const services: Services = {
      config,
      logger,
      database,
      store,
      clock,
      secretBox,
      authz,
      teams: createTeamCommands({ store, authz, config, clock }),
      teamQueries: createTeamQueries(database, authz),
      roles: createRoleCommands({ store, authz, view: authzView }),
      gatewayManager,
      gateways: createGatewayCommands({ store, authz, config, secretBox, manager: gatewayManager }),
      gatewayQueries: createGatewayQueries(database, authz),
      catalog: createCatalogCommands({ store, authz }),
      catalogQueries: createCatalogQueries(database, authz),
      servers: createServerCommands({ store, authz }),
      serverQueries,
      metrics,
      toolCaller: createToolCaller({ serverQueries, connection: gatewayManager.connection, metrics, clock }),
      mcpSessions: createSessionRegistry({ store, database, authz, logger }),
      tokens: createTokenCommands({ store, authz, config, clock }),
      tokenQueries: createTokenQueries(database, authz),
      tokenUsage,
      startedAt: clock.now(),
      version: APP_VERSION,
      lastMigration: last,
      auth,
      accounts: auth.accounts,
      sso: createSsoService({ config, store, clock, secretBox, accounts: auth.accounts, logger }),
      authenticate: auth.authenticate,
    };
    if (config.teams.autoCreatePersonalTeams) {
      // Registered before the admin bootstrap, so the first account gets its personal team too.
      auth.accounts.onRegistered((unit, user) => services.teams.createPersonalTeam(unit, user).then(() => undefined));
    }
    if ((await auth.accounts.bootstrapPlatformAdmin()) === 'created') logger.info({ email: config.emailAuth.adminEmail }, 'platform admin created');
    // Upstreams connect in the background: a slow or dead one never holds up start-up.
    gatewayManager.start();
    return services;
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}

export async function stopServices(services: Services): Promise<void> {
  await services.mcpSessions.closeAll();
  await services.metrics.stop();
  await services.tokenUsage.stop();
  await services.gatewayManager.stop();
  await services.database.close();
}
