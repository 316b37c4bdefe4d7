import { sql, type SQL } from 'drizzle-orm';
import { quoteIdent } from '../db/dialect.js';
import type { Database } from '../db/types.js';

export type Row = Record<string, unknown>;

export interface ColumnDifference {
  column: string;
  live: unknown;
  replayed: unknown;
}

/**
 * `missing`: the log produces a row the live table lacks; `extra`: the live table has a row the log does
 * not produce; `changed`: both have it, with different values in `columns`.
 */
export interface RowDifference {
  table: string;
  key: Row;
  kind: 'missing' | 'extra' | 'changed';
  columns?: ColumnDifference[];
}

export interface TableSpec {
  name: string;
  key: readonly string[];
}

const PAGE_SIZE = 500;

/**
 * Values as every driver may return them, made comparable: booleans as 0/1, numbers and numeric strings
 * as one number text (bigint columns come back as strings from some drivers), dates as ISO text.
 */
export function normalizeValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text) && Number.isSafeInteger(Math.trunc(Number(text))) ? String(Number(text)) : text;
}

const keyOf = (row: Row, key: readonly string[]) => JSON.stringify(key.map((k) => normalizeValue(row[k])));
const pickKey = (row: Row, key: readonly string[]): Row => Object.fromEntries(key.map((k) => [k, row[k]]));

function ident(database: Database, name: string): SQL {
  return sql.raw(quoteIdent(database.dialect, name));
}

/** One page of a table in key order, after `after` (keyset paging spelled out, which every dialect reads alike). */
async function page(database: Database, table: TableSpec, after: Row | null): Promise<Row[]> {
  const order = sql.join(table.key.map((k) => ident(database, k)), sql`, `);
  let where = sql``;
  if (after) {
    const branches = table.key.map((k, i) => {
      const equal = table.key.slice(0, i).map((p) => sql`${ident(database, p)} = ${after[p]}`);
      return sql.join([...equal, sql`${ident(database, k)} > ${after[k]}`], sql` and `);
    });
    where = sql`where (${sql.join(branches.map((b) => sql`(${b})`), sql` or `)})`;
  }
  return database.query<Row>(sql`select * from ${ident(database, table.name)} ${where} order by ${order} limit ${sql.raw(String(PAGE_SIZE))}`);
}

async function lookup(database: Database, table: TableSpec, keys: Row[]): Promise<Map<string, Row>> {
  if (keys.length === 0) return new Map();
  const match = sql.join(
    keys.map((k) => sql`(${sql.join(table.key.map((c) => sql`${ident(database, c)} = ${k[c]}`), sql` and `)})`),
    sql` or `,
  );
  const found = await database.query<Row>(sql`select * from ${ident(database, table.name)} where ${match}`);
  return new Map(found.map((r) => [keyOf(r, table.key), r]));
}

/** Walks one side in pages and looks each page up on the other: neither table is held in memory whole. */
async function* pairs(from: Database, other: Database, table: TableSpec): AsyncGenerator<[Row, Row | undefined]> {
  let after: Row | null = null;
  for (;;) {
    const rows = await page(from, table, after);
    const found = await lookup(other, table, rows.map((r) => pickKey(r, table.key)));
    for (const row of rows) yield [row, found.get(keyOf(row, table.key))];
    if (rows.length < PAGE_SIZE) return;
    after = rows[rows.length - 1];
  }
}

export async function compareTable(live: Database, replayed: Database, table: TableSpec): Promise<RowDifference[]> {
  const differences: RowDifference[] = [];
  for await (const [liveRow, replayedRow] of pairs(live, replayed, table)) {
    if (!replayedRow) {
      differences.push({ table: table.name, key: pickKey(liveRow, table.key), kind: 'extra' });
      continue;
    }
    const columns = [...new Set([...Object.keys(liveRow), ...Object.keys(replayedRow)])]
      .filter((c) => normalizeValue(liveRow[c]) !== normalizeValue(replayedRow[c]))
      .map((column) => ({ column, live: liveRow[column] ?? null, replayed: replayedRow[column] ?? null }));
    if (columns.length) differences.push({ table: table.name, key: pickKey(liveRow, table.key), kind: 'changed', columns });
  }
  for await (const [replayedRow, liveRow] of pairs(replayed, live, table)) {
    if (!liveRow) differences.push({ table: table.name, key: pickKey(replayedRow, table.key), kind: 'missing' });
  }
  return differences;
}
