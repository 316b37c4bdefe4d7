import type { SQL } from 'drizzle-orm';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type * as pgSchema from '../../drizzle/pg/schema.js';
import type { Dialect } from './url.js';

/**
 * drizzle has no dialect-neutral builder, so each dialect has its own schema with identical JS names,
 * and the code is written once against the PostgreSQL types. The dialect-specific corners (upserts,
 * locking reads, raw SQL results, error codes) go through `events/db/dialect.ts`; the three-dialect
 * test suites keep that honest.
 */
export type Schema = typeof pgSchema;
export type Db = PostgresJsDatabase<Schema>;

export interface Database {
  readonly dialect: Dialect;
  readonly schema: Schema;
  /** Reads. On SQLite a separate connection, so it never sees another request's open transaction. */
  readonly db: Db;
  /**
   * One write transaction. On SQLite writes are queued and run with BEGIN IMMEDIATE, so concurrent
   * requests never interleave; on PostgreSQL and MySQL a pooled connection at READ COMMITTED.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Run raw SQL and return rows as plain objects (audit, replay compare, health). */
  query<T = Record<string, unknown>>(q: SQL | string): Promise<T[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
