import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../events/db/types.js';
import { AlreadyExistsError, ForbiddenError, ValidationError } from '../../events/errors.js';
import { isUniqueViolation } from '../../events/db/errors.js';
import type { EventStore } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import { gatewayDecider, type GatewayCommand } from '../../events/gateways/decide.js';
import { gatewayStream, type GatewayEvent, type GatewayTransport } from '../../events/gateways/events.js';
import { ITEM_KINDS, type Visibility } from '../../events/catalog/events.js';
import type { Authz } from '../authz/can.js';
import type { Principal } from '../authz/principal.js';
import type { Config } from '../config/config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { UpstreamConnection } from '../mcp/upstream/connection.js';
import type { UpstreamAuth, UpstreamSpec } from '../mcp/upstream/spec.js';
import { refOf, requirePermission, requireVisible, targetTeam } from './access.js';
import { openSecrets, sealSecrets } from './credentials.js';
import { discoveredItems } from './discovered.js';
import { checkAuth, checkCommand, checkName, checkTags, checkText, checkUrl, checkVisibility, gatewaySlug, TRANSPORTS, type AuthInput } from './input.js';
import type { GatewayManager, SyncOutcome } from './manager.js';

export interface RegisterGatewayInput {
  name: unknown;
  description?: unknown;
  tags?: unknown;
  teamId?: string | null;
  visibility?: Visibility | null;
  transport: GatewayTransport;
  url?: unknown;
  auth?: AuthInput | null;
  command?: unknown;
  args?: unknown;
  env?: unknown;
}

export type UpdateGatewayInput = Partial<Omit<RegisterGatewayInput, 'transport'>>;

export interface GatewayCommandsDeps {
  store: EventStore;
  authz: Authz;
  config: Config;
  secretBox: SecretBox;
  manager: GatewayManager;
}

const STDIO_ADMIN_ONLY = 'Only platform administrators may register or change stdio gateways: they run a command on the Switchboard host';

export function createGatewayCommands({ store, authz, config, secretBox, manager }: GatewayCommandsDeps) {
  const { schema, db } = store.database;
  const { gateways } = schema;
  const separator = config.mcp.toolNameSeparator;

  const findGateway = async (tx: Db, id: string) => (await tx.select().from(gateways).where(eq(gateways.id, id)).limit(1))[0];

  async function visibleGateway(tx: Db, p: Principal, id: string, permission: string) {
    const row = requireVisible(authz, p, await findGateway(tx, id), 'Gateway', 'gateways');
    requirePermission(authz, p, permission, refOf(row, 'gateways'));
    return row;
  }

  async function slugFree(tx: Db, slug: string, except?: string) {
    const [taken] = await tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.slug, slug)).limit(1);
    if (taken && taken.id !== except) throw slugTaken(slug);
  }
  const slugTaken = (slug: string) => new AlreadyExistsError(`A gateway whose name gives the tool prefix "${slug}" exists already: choose another name`, { field: 'name' });

  /** Connects and discovers everything before anything is stored; closes the connection on failure. */
  async function discover(connection: UpstreamConnection) {
    try {
      return await connection.discover();
    } catch (err) {
      await connection.close();
      throw err;
    }
  }

  /** Appends the command's events; a stored-name race surfaces as the same clear error as the pre-check. */
  async function append(meta: RequestMeta, gatewayId: string, check: (tx: Db) => Promise<void>, command: () => GatewayCommand, slug?: string) {
    try {
      return await store.transact(meta, async (unit) => {
        await check(unit.tx);
        const { state, version } = await unit.load(gatewayStream(gatewayId), gatewayDecider);
        return unit.append(gatewayStream(gatewayId), version, gatewayDecider.decide(command(), state));
      });
    } catch (err) {
      if (slug && isUniqueViolation(err)) throw slugTaken(slug);
      throw err;
    }
  }

  return {
    /**
     * Registers an upstream: validates, checks rights, connects, initializes and discovers every page of
     * its catalog, then stores the gateway and its items in one transaction. Any failure stores nothing.
     */
    async registerGateway(p: Principal, meta: RequestMeta, input: RegisterGatewayInput): Promise<string> {
      if (!TRANSPORTS.includes(input.transport)) throw new ValidationError(`transport must be one of ${TRANSPORTS.join(', ')}`, { field: 'transport' });
      if (input.transport === 'stdio' && !p.isPlatformAdmin) throw new ForbiddenError(STDIO_ADMIN_ONLY);
      const name = checkName(input.name);
      const slug = gatewaySlug(name);
      const description = checkText(input.description, 'description');
      const tags = checkTags(input.tags);
      const visibility = checkVisibility(input.visibility, 'private');
      let spec: UpstreamSpec;
      let secrets: { auth?: UpstreamAuth; env?: Record<string, string> };
      if (input.transport === 'stdio') {
        const c = checkCommand(input.command, input.args, input.env);
        spec = { transport: 'stdio', command: c.command, args: c.args, env: c.env };
        secrets = { env: c.env };
      } else {
        const auth = checkAuth(input.auth);
        spec = { transport: input.transport, url: checkUrl(input.url), auth };
        secrets = { auth };
      }
      const teamId = await targetTeam(db, schema, authz, p, input.teamId, 'gateways');
      await slugFree(db, slug);

      const gatewayId = randomUUID();
      const connection = manager.open(gatewayId, spec);
      const found = await discover(connection);
      try {
        await append(
          meta,
          gatewayId,
          async (tx) => {
            await targetTeam(tx, schema, authz, p, teamId, 'gateways');
            await slugFree(tx, slug);
          },
          () => ({
            type: 'RegisterGateway',
            separator,
            discovered: { kinds: ITEM_KINDS, items: discoveredItems(found) },
            gateway: {
              gatewayId,
              name,
              slug,
              description,
              tags,
              teamId,
              ownerEmail: p.email,
              visibility,
              transport: spec.transport,
              url: spec.transport === 'stdio' ? null : spec.url,
              command: spec.transport === 'stdio' ? spec.command : null,
              args: spec.transport === 'stdio' ? (spec.args ?? []) : [],
              authType: spec.transport === 'stdio' ? 'none' : (spec.auth?.type ?? 'none'),
              credentials: sealSecrets(secretBox, gatewayId, secrets),
              server: { name: found.server.name, version: found.server.version, instructions: found.instructions ?? null },
              createdBy: p.userId,
            },
          }),
          slug,
        );
      } catch (err) {
        await connection.close();
        throw err;
      }
      manager.adopt(gatewayId, connection);
      return gatewayId;
    },

    /**
     * Changes a gateway. New connection settings (URL, auth, command, args, env) are validated by connecting
     * and discovering first, and the catalog is synced with what the new upstream offers in the same change.
     */
    async updateGateway(p: Principal, meta: RequestMeta, gatewayId: string, input: UpdateGatewayInput): Promise<void> {
      const row = await visibleGateway(db, p, gatewayId, 'gateways.update');
      const change: Extract<GatewayEvent, { type: 'GatewayUpdated' }>['data'] = {};
      if (input.name !== undefined && input.name !== null) {
        change.name = checkName(input.name);
        change.slug = gatewaySlug(change.name);
        await slugFree(db, change.slug, gatewayId);
      }
      if (input.description !== undefined && input.description !== null) change.description = checkText(input.description, 'description');
      if (input.tags !== undefined && input.tags !== null) change.tags = checkTags(input.tags);
      if (input.visibility) change.visibility = checkVisibility(input.visibility, 'private');
      if (input.teamId && input.teamId !== row.teamId) change.teamId = await targetTeam(db, schema, authz, p, input.teamId, 'gateways');

      let connection: UpstreamConnection | null = null;
      const stdio = row.transport === 'stdio';
      const touchesConnection = stdio ? [input.command, input.args, input.env].some((v) => v != null) : [input.url, input.auth].some((v) => v != null);
      if (touchesConnection) {
        if (stdio && !p.isPlatformAdmin) throw new ForbiddenError(STDIO_ADMIN_ONLY);
        const old = openSecrets(secretBox, gatewayId, row.credentials);
        let spec: UpstreamSpec;
        if (stdio) {
          const c = checkCommand(input.command ?? row.command, input.args ?? (JSON.parse(row.args) as string[]), input.env ?? old.env);
          spec = { transport: 'stdio', command: c.command, args: c.args, env: c.env };
          Object.assign(change, { command: c.command, args: c.args, credentials: sealSecrets(secretBox, gatewayId, { env: c.env }) });
        } else {
          const auth = input.auth ? checkAuth(input.auth) : (old.auth ?? { type: 'none' as const });
          const url = checkUrl(input.url ?? row.url);
          spec = { transport: row.transport as 'streamable_http' | 'sse', url, auth };
          Object.assign(change, { url, authType: auth.type, credentials: sealSecrets(secretBox, gatewayId, { auth }) });
        }
        connection = manager.open(gatewayId, spec);
      }
      const found = connection ? await discover(connection) : null;
      try {
        await append(
          meta,
          gatewayId,
          async (tx) => {
            await visibleGateway(tx, p, gatewayId, 'gateways.update');
            if (change.slug) await slugFree(tx, change.slug, gatewayId);
          },
          () => ({ type: 'UpdateGateway', change, separator, discovered: found ? { kinds: ITEM_KINDS, items: discoveredItems(found) } : null }),
          change.slug,
        );
      } catch (err) {
        await connection?.close();
        throw err;
      }
      if (connection) {
        await manager.detach(gatewayId);
        if (row.enabled) manager.adopt(gatewayId, connection);
        else await connection.close();
      }
    },

    /** Discovers again now and brings the catalog in line (added, changed, missing, restored). */
    async refreshGateway(p: Principal, meta: RequestMeta, gatewayId: string): Promise<SyncOutcome> {
      await visibleGateway(db, p, gatewayId, 'gateways.update');
      return manager.sync(gatewayId, meta);
    },

    async setGatewayEnabled(p: Principal, meta: RequestMeta, gatewayId: string, enabled: boolean): Promise<void> {
      const appended = await append(meta, gatewayId, (tx) => visibleGateway(tx, p, gatewayId, 'gateways.update').then(() => undefined), () => ({ type: 'SetGatewayEnabled', enabled }));
      if (!appended.length) return;
      if (enabled) await manager.reload(gatewayId);
      else await manager.detach(gatewayId);
    },

    /** Deletes the gateway and its catalog items, and closes its connection (a stdio child is stopped). */
    async deleteGateway(p: Principal, meta: RequestMeta, gatewayId: string): Promise<void> {
      await append(meta, gatewayId, (tx) => visibleGateway(tx, p, gatewayId, 'gateways.delete').then(() => undefined), () => ({ type: 'DeleteGateway' }));
      await manager.detach(gatewayId);
    },
  };
}

export type GatewayCommands = ReturnType<typeof createGatewayCommands>;
