import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import mysql from 'mysql2/promise';
import { openDatabase, type OpenOptions } from '../../events/db/connect.js';
import { migrate } from '../../events/db/migrate.js';
import type { Database } from '../../events/db/types.js';
import type { Dialect } from '../../events/db/url.js';

/**
 * The dialects this run covers: SQLite always; PostgreSQL and MariaDB/MySQL when TEST_POSTGRES_URL and
 * TEST_MYSQL_URL point at a server where we may create databases. CI sets both and fails if unreachable.
 */
export const dialects: Dialect[] = [
  'sqlite',
  ...(process.env.TEST_POSTGRES_URL ? (['pg'] as const) : []),
  ...(process.env.TEST_MYSQL_URL ? (['mysql'] as const) : []),
];

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect, dropped afterwards. */
export async function createThrowawayDatabase(dialect: Dialect): Promise<ThrowawayDatabase> {
  const name = `sb_test_${randomBytes(6).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sb-test-'));
    return { url: `sqlite:///${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (dialect === 'pg') {
    const admin = postgres(process.env.TEST_POSTGRES_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.TEST_POSTGRES_URL!);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const a = postgres(process.env.TEST_POSTGRES_URL!, { max: 1, onnotice: () => {} });
        await a.unsafe(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const admin = await mysql.createConnection(process.env.TEST_MYSQL_URL!);
  await admin.query(`create database ${name} character set utf8mb4 collate utf8mb4_bin`);
  await admin.end();
  const url = new URL(process.env.TEST_MYSQL_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = await mysql.createConnection(process.env.TEST_MYSQL_URL!);
      await a.query(`drop database if exists ${name}`);
      await a.end();
    },
  };
}

export interface TestDatabase {
  database: Database;
  url: string;
  close(): Promise<void>;
}

/** A migrated throwaway database, opened; `close` closes and drops it. */
export async function openTestDatabase(dialect: Dialect, options: OpenOptions = {}): Promise<TestDatabase> {
  const target = await createThrowawayDatabase(dialect);
  const database = await openDatabase(target.url, { maxRetries: 0, ...options });
  await migrate(database);
  return {
    database,
    url: target.url,
    async close() {
      await database.close();
      await target.drop();
    },
  };
}
