import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './types.js';
import type { Dialect } from './url.js';

/** Execute one statement inside a transaction, whatever the dialect's drizzle calls it. */
export async function exec(dialect: Dialect, tx: Db, statement: SQL | string): Promise<void> {
  const q = typeof statement === 'string' ? sql.raw(statement) : statement;
  if (dialect === 'sqlite') (tx as unknown as { run(q: SQL): unknown }).run(q);
  else await tx.execute(q);
}

/** Rows of a raw query inside a transaction. */
export async function rows<T>(dialect: Dialect, tx: Db, statement: SQL): Promise<T[]> {
  if (dialect === 'sqlite') return (tx as unknown as { all(q: SQL): T[] }).all(statement);
  const result = (await tx.execute(statement)) as unknown;
  return (dialect === 'mysql' ? (result as [T[]])[0] : result) as T[];
}

/** Identifier quoting: the only syntax difference our raw SQL meets. */
export function quoteIdent(dialect: Dialect, name: string): string {
  return dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}
