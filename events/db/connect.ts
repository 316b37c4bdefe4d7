import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SQL } from 'drizzle-orm';
import { UnavailableError } from '../errors.js';
import type { Database, Db, Schema } from './types.js';
import { parseDatabaseUrl, redactDatabaseUrl, type DatabaseTarget } from './url.js';

export interface PoolOptions {
  /** DB_POOL_SIZE: postgres.js `max`, mysql2 `connectionLimit`. A query that finds every connection busy waits. */
  poolSize: number;
  /**
   * DB_POOL_RECYCLE (s, 0 = never): postgres.js `max_lifetime`; mysql2 `idleTimeout` (it has no maximum
   * lifetime, so only idle connections are recycled). DB_MAX_OVERFLOW and DB_POOL_TIMEOUT have no
   * equivalent in either driver (fixed-size pools; no wait timeout for a pooled connection) and are not passed.
   */
  poolRecycleSeconds: number;
  /** DB_MAX_RETRIES and DB_RETRY_INTERVAL_MS: for the first connection only. */
  maxRetries: number;
  retryIntervalMs: number;
}

const MAX_TIMER_MS = 2_147_483_647;
const DEFAULT_POOL: PoolOptions = { poolSize: 20, poolRecycleSeconds: 3600, maxRetries: 5, retryIntervalMs: 2000 };

export interface OpenOptions extends Partial<PoolOptions> {
  /** Called before each retry of the first connection. */
  onRetry?: (attempt: number, error: unknown) => void;
  /** PostgreSQL only: tables resolve in this schema (replay builds fresh projections there). */
  searchPath?: string;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  const pool = { ...DEFAULT_POOL, ...options };
  const database = await openTarget(target, pool, options);
  try {
    await connectWithRetries(database, pool, options.onRetry, redactDatabaseUrl(url));
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
  return database;
}

async function connectWithRetries(database: Database, pool: PoolOptions, onRetry: OpenOptions['onRetry'], shown: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      await database.ping();
      return;
    } catch (err) {
      if (attempt >= pool.maxRetries) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new UnavailableError(
          `Cannot connect to the database at ${shown} after ${attempt + 1} attempt(s): ${reason}`,
          { cause: err },
        );
      }
      onRetry?.(attempt + 1, err);
      await sleep(pool.retryIntervalMs);
    }
  }
}

function openTarget(target: DatabaseTarget, pool: PoolOptions, options: OpenOptions): Promise<Database> {
  switch (target.dialect) {
    case 'sqlite':
      return openSqlite(target.file);
    case 'pg':
      return openPostgres(target.url, pool, options.searchPath);
    case 'mysql':
      return openMysql(target.url, pool);
  }
}

async function openSqlite(file: string): Promise<Database> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const { drizzle } = await import('drizzle-orm/better-sqlite3');
  const schema = (await import('../../drizzle/sqlite/schema.js')) as unknown as Schema;
  const memory = file === ':memory:';

  const open = () => {
    const conn = new BetterSqlite3(file);
    conn.pragma('busy_timeout = 15000');
    if (!memory) conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = NORMAL');
    cachePreparedStatements(conn);
    return conn;
  };
  let writer: InstanceType<typeof BetterSqlite3> | undefined;
  let reader: InstanceType<typeof BetterSqlite3>;
  try {
    if (!memory) mkdirSync(dirname(file), { recursive: true });
    writer = open();
    // An in-memory database exists only on its own connection, so reads share the writer there.
    reader = memory ? writer : open();
  } catch (err) {
    writer?.close();
    throw new UnavailableError(`Cannot open the SQLite database ${file}: ${(err as Error).message}`, { cause: err });
  }
  const writeDb = drizzle(writer, { schema: schema as never }) as unknown as Db;
  const readDb = memory ? writeDb : (drizzle(reader, { schema: schema as never }) as unknown as Db);

  // Writes are queued: each runs alone with BEGIN IMMEDIATE, so an awaiting transaction never
  // interleaves with another request's statements on the single writer connection.
  let tail: Promise<unknown> = Promise.resolve();
  const transaction = <T>(fn: (tx: Db) => Promise<T>): Promise<T> => {
    const run = async () => {
      writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(writeDb);
        writer.exec('COMMIT');
        return result;
      } catch (err) {
        if (writer.inTransaction) writer.exec('ROLLBACK');
        throw err;
      }
    };
    const next = tail.then(run, run);
    tail = next.catch(() => undefined);
    return next;
  };

  return {
    dialect: 'sqlite',
    schema,
    db: readDb,
    transaction,
    async query<T>(q: SQL | string) {
      return (typeof q === 'string' ? reader.prepare(q).all() : (readDb as unknown as { all(q: SQL): unknown[] }).all(q)) as T[];
    },
    async ping() {
      reader.prepare('select 1').get();
    },
    async close() {
      await tail;
      if (reader !== writer) reader.close();
      writer.close();
    },
  } as Database;
}

async function openPostgres(url: string, pool: PoolOptions, searchPath?: string): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const schema = (await import('../../drizzle/pg/schema.js')) as unknown as Schema;
  const client = postgres(url, {
    max: pool.poolSize,
    max_lifetime: pool.poolRecycleSeconds || null,
    connect_timeout: 10,
    onnotice: () => {},
    ...(searchPath ? { connection: { search_path: searchPath } } : {}),
  });
  const db = drizzle(client, { schema }) as Db;
  return {
    dialect: 'pg',
    schema,
    db,
    transaction: (fn) => db.transaction((tx) => fn(tx as unknown as Db)),
    async query<T>(q: SQL | string) {
      if (typeof q === 'string') return (await client.unsafe(q)) as unknown as T[];
      return (await db.execute(q)) as unknown as T[];
    },
    async ping() {
      await client`select 1`;
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  } as Database;
}

async function openMysql(url: string, pool: PoolOptions): Promise<Database> {
  const mysql = await import('mysql2/promise');
  const { drizzle } = await import('drizzle-orm/mysql2');
  const schema = (await import('../../drizzle/mysql/schema.js')) as unknown as Schema;
  const client = mysql.createPool({
    uri: url,
    connectionLimit: pool.poolSize,
    maxIdle: pool.poolSize,
    // mysql2 arms a timer with this value: 0 would close idle connections at once, and Node caps timers at 2^31-1 ms.
    idleTimeout: pool.poolRecycleSeconds ? pool.poolRecycleSeconds * 1000 : MAX_TIMER_MS,
    waitForConnections: true,
    queueLimit: 0,
    enableKeepAlive: true,
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: 10_000,
  });
  const db = drizzle(client, { schema: schema as never, mode: 'default' }) as unknown as Db;
  type MysqlDb = { execute(q: SQL): Promise<[unknown, unknown]>; transaction: Function };
  return {
    dialect: 'mysql',
    schema,
    db,
    transaction: <T>(fn: (tx: Db) => Promise<T>) =>
      (db as unknown as MysqlDb).transaction((tx: unknown) => fn(tx as Db), { isolationLevel: 'read committed' }) as Promise<T>,
    async query<T>(q: SQL | string) {
      if (typeof q === 'string') return (await client.query(q))[0] as T[];
      return (await (db as unknown as MysqlDb).execute(q))[0] as T[];
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      await client.end();
    },
  } as Database;
}

type SqliteConnection = import('better-sqlite3').Database;

const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle prepares every statement anew; better-sqlite3 statements are reusable, and preparing dominates
 * small writes (projections, replay). Same SQL text, same statement: cached per connection, bounded, and
 * reset to object rows because drizzle switches a reader statement to raw mode when it maps fields itself.
 */
function cachePreparedStatements(conn: SqliteConnection) {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, ReturnType<SqliteConnection['prepare']>>();
  conn.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      if (stmt.reader) stmt.raw(false);
      return stmt;
    }
    stmt = prepare(source);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, stmt);
    return stmt;
  }) as SqliteConnection['prepare'];
}
