import { asc, eq, gt, max } from 'drizzle-orm';
import type { Database, Db } from '../db/types.js';
import { assertNoNul } from '../text.js';
import { StreamVersionConflictError, isStreamVersionConflict } from './errors.js';
import { chainHash } from './hash-chain.js';
import type { Projection } from './projection.js';
import type {
  DomainEvent,
  EventMetadata,
  EventTypeInfo,
  ExpectedVersion,
  LogHead,
  RequestMeta,
  StoredEvent,
} from './types.js';
import { rowToEvent } from './rows.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface EventRegistry {
  types: Readonly<Record<string, EventTypeInfo>>;
  projections: readonly Projection[];
}

/** A decider as Emmett shapes it: pure functions over one stream's state. */
export interface Decider<S, C, E extends DomainEvent> {
  initialState(): S;
  evolve(state: S, event: StoredEvent<E>): S;
  decide(command: C, state: S): E[];
}

/** One transaction's view of the log: reads see its own appends; everything commits or nothing does. */
export interface UnitOfWork {
  readonly tx: Db;
  readonly meta: EventMetadata;
  /** Fold a stream with `evolve`; returns the state and the version to expect. */
  load<S, E extends DomainEvent>(streamId: string, decider: Pick<Decider<S, unknown, E>, 'initialState' | 'evolve'>): Promise<{ state: S; version: number }>;
  append(streamId: string, expectedVersion: ExpectedVersion, events: readonly DomainEvent[]): Promise<StoredEvent[]>;
}

export interface EventStore {
  readonly database: Database;
  readonly registry: EventRegistry;
  /**
   * Runs `work` in one transaction that first locks the log head, so appends are serialised and positions
   * gapless. A stream-version conflict (state read before the lock) is retried, never surfaced unless it persists.
   */
  transact<T>(meta: RequestMeta, work: (unit: UnitOfWork) => Promise<T>): Promise<T>;
  /** decide(command, state) on one stream and append the result, in one transaction. */
  handle<S, C, E extends DomainEvent>(meta: RequestMeta, streamId: string, decider: Decider<S, C, E>, command: C): Promise<StoredEvent<E>[]>;
  readStream(streamId: string): Promise<StoredEvent[]>;
  readFrom(afterPosition: number, limit: number): Promise<StoredEvent[]>;
  head(): Promise<LogHead>;
  /**
   * Called after each commit with what it appended: how in-memory views stay current. The committing
   * call waits for its listeners, so a view is up to date before the change's response is sent.
   */
  subscribe(listener: CommitListener): () => void;
}

export type CommitListener = (events: readonly StoredEvent[]) => void | Promise<void>;

const MAX_CONFLICT_RETRIES = 10;

export function createEventStore(database: Database, registry: EventRegistry, clock: Clock = systemClock): EventStore {
  const { dialect, schema } = database;
  const { events, logHead } = schema;
  const listeners = new Set<CommitListener>();
  const projectionsByType = new Map<string, Projection[]>();
  for (const p of registry.projections) {
    for (const type of p.handles) projectionsByType.set(type, [...(projectionsByType.get(type) ?? []), p]);
  }

  async function lockHead(tx: Db): Promise<LogHead> {
    const query = tx.select({ position: logHead.position, hash: logHead.hash }).from(logHead).where(eq(logHead.id, 1));
    // SQLite has no row locks: BEGIN IMMEDIATE already holds the database's write lock.
    const [row] = dialect === 'sqlite' ? await query : await query.for('update');
    if (!row) throw new Error('The event log head is missing: run the migrations first');
    return { position: Number(row.position), hash: row.hash };
  }

  async function streamVersion(tx: Db, streamId: string): Promise<number> {
    const [row] = await tx.select({ v: max(events.streamVersion) }).from(events).where(eq(events.streamId, streamId));
    return Number(row?.v ?? 0);
  }

  async function readStreamWith(db: Db, streamId: string): Promise<StoredEvent[]> {
    const found = await db.select().from(events).where(eq(events.streamId, streamId)).orderBy(asc(events.streamVersion));
    return found.map(rowToEvent);
  }

  async function runOnce<T>(meta: RequestMeta, work: (unit: UnitOfWork) => Promise<T>) {
    const appended: StoredEvent[] = [];
    const result = await database.transaction(async (tx) => {
      let head = await lockHead(tx);
      const metadata: EventMetadata = {
        actor: meta.actor ?? null,
        requestId: meta.requestId ?? null,
        clientIp: meta.clientIp ?? null,
        userAgent: meta.userAgent ?? null,
        time: clock.now().toISOString(),
      };
      assertNoNul(metadata, 'metadata');
      const unit: UnitOfWork = {
        tx,
        meta: metadata,
        async load(streamId, decider) {
          const stream = await readStreamWith(tx, streamId);
          let state = decider.initialState();
          for (const e of stream) state = decider.evolve(state, e as never);
          return { state, version: stream.length ? stream[stream.length - 1].streamVersion : 0 };
        },
        async append(streamId, expectedVersion, newEvents) {
          if (newEvents.length === 0) return [];
          const current = await streamVersion(tx, streamId);
          if (expectedVersion !== 'any' && expectedVersion !== current) {
            throw new StreamVersionConflictError(streamId, expectedVersion, current);
          }
          const stored: StoredEvent[] = [];
          for (const [i, e] of newEvents.entries()) {
            if (!registry.types[e.type]) throw new Error(`Unknown event type ${e.type}: add it to events/registry.ts`);
            assertNoNul(e.data, `${e.type}.data`);
            const record = {
              position: head.position + 1,
              streamId,
              streamVersion: current + i + 1,
              type: e.type,
              data: e.data,
              metadata,
            };
            const hash = chainHash(head.hash, record, registry.types[e.type].secretFields);
            stored.push({ ...record, hash });
            head = { position: record.position, hash };
          }
          await tx.insert(events).values(
            stored.map((e) => ({
              position: e.position,
              streamId: e.streamId,
              streamVersion: e.streamVersion,
              type: e.type,
              data: JSON.stringify(e.data),
              actor: metadata.actor,
              requestId: metadata.requestId,
              clientIp: metadata.clientIp,
              userAgent: metadata.userAgent,
              recordedAt: metadata.time,
              hash: e.hash,
            })),
          );
          for (const e of stored) {
            for (const p of projectionsByType.get(e.type) ?? []) await p.apply(tx, e, { dialect, schema });
          }
          appended.push(...stored);
          return stored;
        },
      };
      const value = await work(unit);
      if (appended.length) {
        await tx.update(logHead).set({ position: head.position, hash: head.hash }).where(eq(logHead.id, 1));
      }
      return value;
    });
    if (appended.length) await Promise.all([...listeners].map((l) => l(appended)));
    return result;
  }

  const store: EventStore = {
    database,
    registry,
    async transact(meta, work) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await runOnce(meta, work);
        } catch (err) {
          if (!isStreamVersionConflict(err) || attempt >= MAX_CONFLICT_RETRIES) throw err;
        }
      }
    },
    handle(meta, streamId, decider, command) {
      return store.transact(meta, async (unit) => {
        const { state, version } = await unit.load(streamId, decider);
        return (await unit.append(streamId, version, decider.decide(command, state))) as StoredEvent<never>[];
      });
    },
    readStream: (streamId) => readStreamWith(database.db, streamId),
    async readFrom(afterPosition, limit) {
      const found = await database.db
        .select()
        .from(events)
        .where(gt(events.position, afterPosition))
        .orderBy(asc(events.position))
        .limit(limit);
      return found.map(rowToEvent);
    },
    async head() {
      const [row] = await database.db.select().from(logHead).where(eq(logHead.id, 1));
      return { position: Number(row?.position ?? 0), hash: row?.hash ?? '' };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}

