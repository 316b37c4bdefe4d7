import { randomBytes } from 'node:crypto';
import { openDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { quoteIdent } from '../db/dialect.js';
import type { Database } from '../db/types.js';

export interface ScratchDatabase {
  database: Database;
  /** Closes and removes it. */
  drop(): Promise<void>;
}

/**
 * Empty tables shaped by the same migrations as the live ones, where replay rebuilds the projections:
 * an in-memory SQLite database, a scratch schema of the same PostgreSQL database, or a scratch
 * MySQL/MariaDB database on the same server with the live one's character set and collation.
 */
export async function openScratch(live: Database, liveUrl: string): Promise<ScratchDatabase> {
  const suffix = randomBytes(5).toString('hex');
  const options = { maxRetries: 0, poolSize: 2 };
  if (live.dialect === 'sqlite') {
    const database = await openDatabase('sqlite:///:memory:', options);
    await migrate(database);
    return { database, drop: () => database.close() };
  }
  if (live.dialect === 'pg') {
    const schemaName = `replay_${suffix}`;
    const quoted = quoteIdent('pg', schemaName);
    await live.query(`create schema ${quoted}`);
    const drop = async (database?: Database) => {
      await database?.close();
      await live.query(`drop schema if exists ${quoted} cascade`);
    };
    let database: Database | undefined;
    try {
      database = await openDatabase(liveUrl, { ...options, searchPath: schemaName });
      await migrate(database);
    } catch (err) {
      await drop(database);
      throw err;
    }
    return { database, drop: () => drop(database) };
  }
  const [info] = await live.query<{ db: string; charset: string; collation: string }>(
    `select schema_name as db, default_character_set_name as charset, default_collation_name as collation
       from information_schema.schemata where schema_name = database()`,
  );
  if (!info) throw new Error('Cannot tell which MySQL database the log lives in');
  // MySQL names stop at 64 characters; `_replay_` and the suffix take 18.
  const name = `${info.db.slice(0, 46)}_replay_${suffix}`;
  const quoted = quoteIdent('mysql', name);
  await live.query(`create database ${quoted} character set ${info.charset} collate ${info.collation}`);
  const drop = async (database?: Database) => {
    await database?.close();
    await live.query(`drop database if exists ${quoted}`);
  };
  let database: Database | undefined;
  try {
    const url = new URL(liveUrl.replace(/^mysql\+pymysql:/, 'mysql:').replace(/^mariadb:/, 'mysql:'));
    url.pathname = `/${encodeURIComponent(name)}`;
    database = await openDatabase(url.toString(), options);
    await migrate(database);
  } catch (err) {
    await drop(database);
    throw err;
  }
  return { database, drop: () => drop(database) };
}
