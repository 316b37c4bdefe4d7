import type { Database } from '../db/types.js';
import { createEventStore, type EventRegistry } from '../store/store.js';
import { readHead } from '../audit/verify.js';
import { projectionRunner } from './apply.js';
import { compareTable, type RowDifference } from './compare.js';
import { openScratch } from './scratch.js';

export interface ReplayOptions {
  /** The live database's URL: PostgreSQL and MySQL open a second connection to the scratch tables with it. */
  url: string;
  pageSize?: number;
}

export interface ReplayReport {
  /** Events replayed: the log up to the head read when replay began. */
  replayed: number;
  tables: string[];
  differences: RowDifference[];
}

/**
 * Rebuilds every projection from position 0 into fresh tables and compares them with the live ones,
 * row by row. The log is read in pages, one scratch transaction per page. Appends that land while it runs
 * change the live tables but are not replayed, so run it against a quiet installation.
 */
export async function replay(database: Database, registry: EventRegistry, options: ReplayOptions): Promise<ReplayReport> {
  const pageSize = options.pageSize ?? 2000;
  const store = createEventStore(database, registry);
  const apply = projectionRunner(registry);
  const until = (await readHead(database)).position;
  const scratch = await openScratch(database, options.url);
  try {
    const ctx = { dialect: scratch.database.dialect, schema: scratch.database.schema };
    let position = 0;
    while (position < until) {
      const page = (await store.readFrom(position, pageSize)).filter((e) => e.position <= until);
      if (page.length === 0) break;
      await scratch.database.transaction(async (tx) => {
        for (const event of page) await apply(tx, event, ctx);
      });
      position = page[page.length - 1].position;
    }
    const tables = registry.projections.flatMap((p) => p.tables);
    const differences: RowDifference[] = [];
    for (const table of tables) differences.push(...(await compareTable(database, scratch.database, table)));
    return { replayed: position, tables: tables.map((t) => t.name), differences };
  } finally {
    await scratch.drop();
  }
}

/** Every row where the live projections differ from a replay of the log: empty when they agree. */
export async function replayAndCompare(database: Database, registry: EventRegistry, options: ReplayOptions): Promise<RowDifference[]> {
  return (await replay(database, registry, options)).differences;
}

/** One line per difference, for the CLI and test failure messages. */
export function describeDifference(d: RowDifference): string {
  const key = Object.entries(d.key)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  if (d.kind === 'missing') return `${d.table} [${key}] missing from the live table (replay produces it)`;
  if (d.kind === 'extra') return `${d.table} [${key}] extra in the live table (replay does not produce it)`;
  const columns = (d.columns ?? []).map((c) => `${c.column}: live ${JSON.stringify(c.live)}, replayed ${JSON.stringify(c.replayed)}`);
  return `${d.table} [${key}] changed: ${columns.join('; ')}`;
}
