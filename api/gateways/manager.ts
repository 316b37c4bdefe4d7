import { eq } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import { NotFoundError, UnavailableError } from '../../events/errors.js';
import type { EventStore } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import { gatewayDecider } from '../../events/gateways/decide.js';
import { gatewayStream } from '../../events/gateways/events.js';
import { ITEM_KINDS, type ItemKind } from '../../events/catalog/events.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { createUpstreamConnection, type UpstreamConnection } from '../mcp/upstream/connection.js';
import { startHealthChecks, type HealthMonitor } from '../mcp/upstream/health-monitor.js';
import { initialHealth } from '../mcp/upstream/health.js';
import type { UpstreamSpec } from '../mcp/upstream/spec.js';
import { systemTimer, type Timer } from '../mcp/upstream/timer.js';
import { discoveredItems, kindsOf } from './discovered.js';
import { openSecrets } from './credentials.js';

/** What one sync changed, by event type. */
export interface SyncOutcome {
  added: number;
  changed: number;
  missing: number;
  restored: number;
}

type GatewayRow = typeof import('../../drizzle/pg/schema.js').gateways.$inferSelect;

interface Live {
  connection: UpstreamConnection;
  health: HealthMonitor;
  stopListening: () => void;
  /** Syncs of one gateway run one after another. */
  queue: Promise<unknown>;
  /** Health transitions being recorded, in order. */
  recording: Promise<void>;
}

export interface GatewayManagerDeps {
  database: Database;
  store: EventStore;
  config: Config;
  logger: Logger;
  secretBox: SecretBox;
  timer?: Timer;
}

const SYSTEM: RequestMeta = { actor: 'system', requestId: 'gateway-manager' };

/**
 * Keeps one UpstreamConnection per enabled gateway, shared by every caller (the MCP endpoints ask for it
 * with `connection(id)`). It keeps the catalog in line with each upstream (list_changed and reconnects
 * re-sync), and records health transitions as events. Started at boot without waiting for any upstream.
 */
export function createGatewayManager(deps: GatewayManagerDeps) {
  const { database, store, config, secretBox } = deps;
  const timer = deps.timer ?? systemTimer;
  const log = deps.logger.child({ component: 'gateway-manager' });
  const live = new Map<string, Live>();
  let stopped = false;

  const connectionOptions = (gatewayId: string) => ({
    gatewayId,
    logger: deps.logger,
    timer,
    connectTimeoutMs: config.mcp.validationTimeoutSeconds * 1000,
    requestTimeoutMs: config.mcp.toolTimeoutSeconds * 1000,
  });

  function specOf(row: GatewayRow): UpstreamSpec {
    const secrets = openSecrets(secretBox, row.id, row.credentials);
    if (row.transport === 'stdio') return { transport: 'stdio', command: row.command ?? '', args: JSON.parse(row.args) as string[], env: secrets.env };
    return { transport: row.transport as 'streamable_http' | 'sse', url: row.url ?? '', auth: secrets.auth ?? { type: 'none' } };
  }

  async function row(gatewayId: string): Promise<GatewayRow | undefined> {
    const [found] = await database.db.select().from(database.schema.gateways).where(eq(database.schema.gateways.id, gatewayId)).limit(1);
    return found;
  }

  async function recordHealth(gatewayId: string, status: 'reachable' | 'unreachable', lastError: string | null, at: Date) {
    try {
      await store.handle(SYSTEM, gatewayStream(gatewayId), gatewayDecider, { type: 'RecordHealth', status, lastError, at: at.toISOString() });
      log.info({ gatewayId, status, lastError }, 'gateway health changed');
    } catch (err) {
      log.error({ gatewayId, err: (err as Error).message }, 'recording a health change failed');
    }
  }

  /** Lists the kinds upstream and appends what changed, in one transaction. */
  async function syncNow(gatewayId: string, connection: UpstreamConnection, kinds: readonly ItemKind[], meta: RequestMeta): Promise<SyncOutcome> {
    const lists: Partial<Record<ItemKind, readonly object[]>> = {};
    for (const kind of kinds) lists[kind] = await connection.listAll(kind);
    const items = discoveredItems(lists);
    const appended = await store.handle(meta, gatewayStream(gatewayId), gatewayDecider, {
      type: 'SyncCatalog',
      discovered: { kinds, items },
      separator: config.mcp.toolNameSeparator,
    });
    const count = (type: string) => appended.filter((e) => e.type === type).length;
    const outcome = { added: count('CatalogItemDiscovered'), changed: count('CatalogItemChanged'), missing: count('CatalogItemMissing'), restored: count('CatalogItemRestored') };
    if (appended.length) log.info({ gatewayId, ...outcome }, 'catalog synced');
    return outcome;
  }

  function enqueue<T>(gatewayId: string, work: () => Promise<T>): Promise<T> {
    const entry = live.get(gatewayId);
    if (!entry) return Promise.reject(new UnavailableError('This gateway is disabled: enable it first'));
    const next = entry.queue.then(work, work);
    entry.queue = next.catch(() => undefined);
    return next;
  }

  function backgroundSync(gatewayId: string, kinds: readonly ItemKind[], why: string) {
    const entry = live.get(gatewayId);
    if (!entry || stopped) return;
    enqueue(gatewayId, () => syncNow(gatewayId, entry.connection, kinds, SYSTEM)).catch((err: unknown) => {
      if (!stopped) log.warn({ gatewayId, why, code: (err as { code?: string }).code, err: (err as Error).message }, 'catalog sync failed');
    });
  }

  /** Starts watching a connection: list_changed and reconnects re-sync, health checks run on the timer. */
  function watch(gatewayId: string, connection: UpstreamConnection, options: { synced: boolean; reachable: boolean }) {
    let synced = options.synced;
    const stopListening = connection.subscribe((event) => {
      if (event.type === 'list_changed') backgroundSync(gatewayId, kindsOf(event.kind), 'list_changed');
      else if (event.type === 'connected' && (event.reconnect || !synced)) {
        synced = true;
        backgroundSync(gatewayId, ITEM_KINDS, event.reconnect ? 'reconnected' : 'connected');
      }
    });
    const health = startHealthChecks({
      probe: () => connection.ping({ timeout: config.mcp.healthCheckTimeoutSeconds * 1000 }),
      timer,
      intervalMs: config.mcp.healthCheckIntervalSeconds * 1000,
      threshold: config.mcp.unhealthyThreshold,
      initial: options.reachable ? initialHealth : { ...initialHealth, status: 'unhealthy' },
      onTransition: (t) => {
        const entry = live.get(gatewayId);
        if (entry) entry.recording = entry.recording.then(() => recordHealth(gatewayId, t.to === 'healthy' ? 'reachable' : 'unreachable', t.lastError, t.at));
      },
    });
    live.set(gatewayId, { connection, health, stopListening, queue: Promise.resolve(), recording: Promise.resolve() });
  }

  async function detach(gatewayId: string) {
    const entry = live.get(gatewayId);
    if (!entry) return;
    live.delete(gatewayId);
    entry.health.stop();
    entry.stopListening();
    await Promise.all([entry.queue, entry.recording]);
    await entry.connection.close();
  }

  async function startFromRow(r: GatewayRow) {
    let spec: UpstreamSpec;
    try {
      spec = specOf(r);
    } catch (err) {
      log.error({ gatewayId: r.id, err: (err as Error).message }, 'gateway credentials unreadable: set them again with updateGateway');
      return;
    }
    const connection = createUpstreamConnection(spec, connectionOptions(r.id));
    watch(r.id, connection, { synced: false, reachable: Boolean(r.reachable) });
    connection.connect().catch((err: unknown) => log.warn({ gatewayId: r.id, code: (err as { code?: string }).code, err: (err as Error).message }, 'gateway not reachable at start'));
  }

  return {
    /** Connects every enabled gateway in the background; returns at once. */
    start(): void {
      void (async () => {
        const rows = await database.db.select().from(database.schema.gateways).where(eq(database.schema.gateways.enabled, true));
        for (const r of rows) if (!stopped && !live.has(r.id)) await startFromRow(r);
      })().catch((err: unknown) => log.error({ err: (err as Error).message }, 'starting gateway connections failed'));
    },
    async stop(): Promise<void> {
      stopped = true;
      await Promise.all([...live.keys()].map(detach));
    },
    /** The shared, initialized connection of an enabled gateway, or undefined when it is disabled or unknown. */
    connection: (gatewayId: string): UpstreamConnection | undefined => live.get(gatewayId)?.connection,
    /** A connection for a gateway not yet stored: registration validates with it, then hands it over with `adopt`. */
    open: (gatewayId: string, spec: UpstreamSpec): UpstreamConnection => createUpstreamConnection(spec, connectionOptions(gatewayId)),
    /** Takes over a connection whose catalog was just stored. */
    adopt(gatewayId: string, connection: UpstreamConnection): void {
      if (stopped) return void connection.close();
      watch(gatewayId, connection, { synced: true, reachable: true });
    },
    /** (Re)connects a gateway from its stored row: after enabling it, or after its connection settings changed. */
    async reload(gatewayId: string): Promise<void> {
      await detach(gatewayId);
      const r = await row(gatewayId);
      if (r?.enabled && !stopped) await startFromRow(r);
    },
    detach,
    /** Discovers and syncs now (refreshGateway), after any sync already running for this gateway. */
    sync(gatewayId: string, meta: RequestMeta, kinds: readonly ItemKind[] = ITEM_KINDS): Promise<SyncOutcome> {
      const entry = live.get(gatewayId);
      if (!entry) return Promise.reject(new UnavailableError('This gateway is disabled: enable it first'));
      return enqueue(gatewayId, () => syncNow(gatewayId, entry.connection, kinds, meta));
    },
    /** Runs a health check now (the timer runs them every HEALTH_CHECK_INTERVAL). */
    async checkHealth(gatewayId: string) {
      const entry = live.get(gatewayId);
      if (!entry) throw new NotFoundError('Gateway connection');
      const state = await entry.health.checkNow();
      await entry.recording;
      return state;
    },
    /** Resolves when every sync queued so far has finished (tests and shutdown). */
    async idle(gatewayId: string): Promise<void> {
      await live.get(gatewayId)?.queue;
    },
  };
}

export type GatewayManager = ReturnType<typeof createGatewayManager>;
