import { asc, gte } from 'drizzle-orm';
import type { Database } from '../db/types.js';
import type { EventRegistry } from '../store/store.js';
import { rowToEvent, type EventRow } from '../store/rows.js';
import { sealSecrets } from '../store/hash-chain.js';
import type { StoredEvent } from '../store/types.js';
import { ValidationError } from '../errors.js';
import { exportLine } from './ndjson.js';

export interface ExportOptions {
  /** First position to export (default 1). An export from N > 1 verifies only from its first event on. */
  from?: number;
  /** Moving an installation needs the secrets; an auditor's copy must not have them. */
  includeSecrets?: boolean;
  pageSize?: number;
}

export interface ExportSummary {
  events: number;
  last: number | null;
}

/** The event as an auditor may see it: each secret field replaced by its redaction marker. */
export function redactEvent(event: StoredEvent, registry: EventRegistry): StoredEvent {
  return { ...event, data: sealSecrets(event.data, registry.types[event.type]?.secretFields) };
}

/**
 * Writes the log as NDJSON, one line per event, reading it in pages. Without `includeSecrets` an event of
 * a type the registry does not know is refused: nothing says which of its fields are secret.
 */
export async function exportEvents(
  database: Database,
  registry: EventRegistry,
  write: (line: string) => void | Promise<void>,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const { events } = database.schema;
  const pageSize = options.pageSize ?? 2000;
  let next = Math.max(1, options.from ?? 1);
  let count = 0;
  let last: number | null = null;
  for (;;) {
    const page = (await database.db.select().from(events).where(gte(events.position, next)).orderBy(asc(events.position)).limit(pageSize)) as EventRow[];
    for (const row of page) {
      const event = rowToEvent(row);
      if (!options.includeSecrets && !registry.types[event.type]) {
        throw new ValidationError(
          `Event type ${event.type} at position ${event.position} is not in the registry, so its secret fields are unknown: export with --include-secrets only if the file stays private`,
          { position: event.position, type: event.type },
        );
      }
      await write(exportLine(options.includeSecrets ? event : redactEvent(event, registry)));
      count++;
      last = event.position;
    }
    if (page.length < pageSize) return { events: count, last };
    next = last! + 1;
  }
}
