import { readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { exec, rows } from './dialect.js';
import type { Database } from './types.js';
import type { Dialect } from './url.js';
import { GENESIS_HASH } from '../store/hash-chain.js';

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

export interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

const MIGRATIONS_TABLE = 'schema_migrations';
/** Arbitrary, fixed: the advisory-lock key every Switchboard process agrees on. */
const PG_LOCK_KEY = 727_001;

export function migrationsFolder(dialect: Dialect): string {
  return fileURLToPath(new URL(`../../drizzle/${dialect}/migrations/`, import.meta.url));
}

/** drizzle-kit's output: a journal naming each migration, and its SQL split at statement breakpoints. */
export function readMigrations(dialect: Dialect): Migration[] {
  const folder = migrationsFolder(dialect);
  const journalFile = `${folder}meta/_journal.json`;
  if (!existsSync(journalFile)) return [];
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: JournalEntry[] };
  return journal.entries
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const text = readFileSync(`${folder}${tag}.sql`, 'utf8');
      return {
        tag,
        hash: createHash('sha256').update(text).digest('hex'),
        statements: text
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    });
}

export interface MigrationResult {
  applied: string[];
  last: string | undefined;
}

/**
 * Applies pending migrations under a lock every process agrees on, so two processes starting at once
 * neither race nor fail: SQLite's BEGIN IMMEDIATE (the second waits on busy_timeout), a transaction-scoped
 * advisory lock on PostgreSQL (whose DDL is transactional, so a failed migration leaves nothing), and
 * GET_LOCK on MySQL/MariaDB (whose DDL commits implicitly, so the lock, not the transaction, serialises).
 */
export async function migrate(database: Database): Promise<MigrationResult> {
  const { dialect } = database;
  const migrations = readMigrations(dialect);
  return database.transaction(async (tx) => {
    if (dialect === 'pg') await exec(dialect, tx, sql`select pg_advisory_xact_lock(${PG_LOCK_KEY})`);
    if (dialect === 'mysql') {
      const [got] = await rows<{ got: number }>(dialect, tx, sql`select get_lock('switchboard.migrate', 120) as got`);
      if (Number(got?.got) !== 1) throw new Error('Timed out waiting for another process to finish migrating');
    }
    try {
      await exec(
        dialect,
        tx,
        `create table if not exists ${MIGRATIONS_TABLE} (tag varchar(255) not null primary key, hash char(64) not null, applied_at varchar(24) not null)`,
      );
      const done = new Set(
        (await rows<{ tag: string }>(dialect, tx, sql.raw(`select tag from ${MIGRATIONS_TABLE}`))).map((r) => r.tag),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.tag)) continue;
        for (const statement of m.statements) await exec(dialect, tx, statement);
        await exec(
          dialect,
          tx,
          sql`insert into ${sql.raw(MIGRATIONS_TABLE)} (tag, hash, applied_at) values (${m.tag}, ${m.hash}, ${new Date().toISOString()})`,
        );
        applied.push(m.tag);
      }
      // The chain's anchor: appends lock this row, which is what makes positions gapless.
      const head = await rows(dialect, tx, sql`select id from event_log_head where id = 1`);
      if (head.length === 0) {
        await exec(dialect, tx, sql`insert into event_log_head (id, position, hash) values (1, 0, ${GENESIS_HASH})`);
      }
      return { applied, last: migrations.at(-1)?.tag };
    } finally {
      if (dialect === 'mysql') await exec(dialect, tx, sql`select release_lock('switchboard.migrate')`);
    }
  });
}

/** The newest applied migration, for /version. */
export async function lastAppliedMigration(database: Database): Promise<string | undefined> {
  const [row] = await database.query<{ tag: string }>(
    sql.raw(`select tag from ${MIGRATIONS_TABLE} order by tag desc limit 1`),
  );
  return row?.tag;
}
