import type { Db } from '../db/types.js';

export interface PreparedStatement {
  execute(values: Record<string, unknown>): Promise<unknown>;
}

const byTransaction = new WeakMap<object, Map<string, PreparedStatement>>();

/**
 * A projection statement built once per transaction (on SQLite, once per process: every write transaction
 * runs on the same connection) and executed with placeholders. drizzle otherwise rebuilds a statement's SQL for
 * every event, which is most of what a replay costs. `key` names the statement's shape.
 */
export function prepareOnce(tx: Db, key: string, build: (name: string) => PreparedStatement): PreparedStatement {
  let statements = byTransaction.get(tx);
  if (!statements) byTransaction.set(tx, (statements = new Map()));
  let statement = statements.get(key);
  if (!statement) {
    // PostgreSQL names its prepared statements; SQLite and MySQL ignore the name.
    statement = build(key.replace(/[^A-Za-z0-9_]/g, '_'));
    statements.set(key, statement);
  }
  return statement;
}
