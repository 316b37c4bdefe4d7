import type { TokenCommands } from './tokens/commands.js';
import type { TokenQueries } from './tokens/queries.js';
import type { UsageRecorder } from './tokens/usage.js';
import type { Config } from './config/config.js';
import type { Logger } from './log/logger.js';
import type { Database } from '../events/db/types.js';
import type { Clock, EventStore } from '../events/store/store.js';
import type { Principal } from './authz/principal.js';
import type { RequestInfo } from './http/request-context.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { Authz } from './authz/can.js';
import type { TeamCommands } from './teams/commands.js';
import type { TeamQueries } from './teams/queries.js';
import type { RoleCommands } from './roles/commands.js';
import type { AuthServices } from './auth/services.js';
import type { Accounts } from './auth/accounts.js';
import type { SsoService } from './sso/service.js';
import type { GatewayManager } from './gateways/manager.js';
import type { GatewayCommands } from './gateways/commands.js';
import type { GatewayQueries } from './gateways/queries.js';
import type { CatalogCommands } from './catalog/commands.js';
import type { CatalogQueries } from './catalog/queries.js';
import type { ServerCommands } from './servers/commands.js';
import type { ServerQueries } from './servers/queries.js';
import type { Metrics } from './servers/metrics.js';
import type { ToolCaller } from './servers/tool-call.js';
import type { SessionRegistry } from './mcp/endpoints/sessions.js';

/** Long-lived parts every edge may use; built once in `api/main.ts` (or a test) and passed down. */
export interface Services {
  config: Config;
  logger: Logger;
  database: Database;
  store: EventStore;
  clock: Clock;
  /** Encrypts credentials stored at rest with AUTH_ENCRYPTION_SECRET; its key is derived once, here at start-up. */
  secretBox: SecretBox;
  /** can()/canSee() over the in-memory view of grants: the one place authorisation rules live. */
  authz: Authz;
  teams: TeamCommands;
  teamQueries: TeamQueries;
  roles: RoleCommands;
  /** One live upstream connection per enabled gateway; keeps the catalog in sync and records health. */
  gatewayManager: GatewayManager;
  gateways: GatewayCommands;
  gatewayQueries: GatewayQueries;
  /** Local changes to tools, resources, resource templates and prompts. */
  catalog: CatalogCommands;
  catalogQueries: CatalogQueries;
  /** Virtual servers: bundles of catalog items served at /servers/{id}/mcp. */
  servers: ServerCommands;
  serverQueries: ServerQueries;
  /** Call metrics per tool, server and gateway, counted in memory and written in batches. */
  metrics: Metrics;
  /** The one tool-call path (tools/call on every MCP endpoint, GraphQL invokeTool). */
  toolCaller: ToolCaller;
  /** Open MCP sessions and SSE streams, ended at once when their credential or their server's visibility goes. */
  mcpSessions: SessionRegistry;
  startedAt: Date;
  version: string;
  /** The newest applied migration, read at start-up (migrations only run then). */
  lastMigration: string | undefined;
  /** Passwords, tokens and the in-memory users and revocation views. */
  auth: AuthServices;
  /** Sign-in, registration, sessions and account administration. */
  accounts: Accounts;
  /** Single sign-on: providers (environment and GraphQL), the redirect flow, sign-in rules, approvals. */
  sso: SsoService;
  /** Resolves the request's credential to a principal from current state; null when anonymous. */
  authenticate(request: Request, info: RequestInfo): Promise<Principal | null>;
  tokens: TokenCommands;
  tokenQueries: TokenQueries;
  /** API-token usage rows, batched off the request path. */
  tokenUsage: UsageRecorder;
}
