import { and, asc, eq, gt, gte, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../db/types.js';
import { ValidationError } from '../errors.js';
import type { EventRegistry } from '../store/store.js';
import { rowToEvent, type EventRow } from '../store/rows.js';
import { sealSecrets } from '../store/hash-chain.js';
import type { StoredEvent } from '../store/types.js';

export interface EventFilter {
  type?: string | null;
  streamId?: string | null;
  actor?: string | null;
  /** Recorded at or after (ISO-8601). */
  from?: string | null;
  /** Recorded before (ISO-8601). */
  to?: string | null;
}

export interface PageRequest {
  first?: number | null;
  /** The cursor of the last event seen: its position. */
  after?: string | null;
}

/** An event as an auditor sees it: secret fields show their redaction marker; an unknown type's data is withheld. */
export type AuditEvent = Omit<StoredEvent, 'data'> & { data: Record<string, unknown> | null };

export interface AuditPage {
  events: AuditEvent[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

function isoTime(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ValidationError(`${field} must be an ISO-8601 time`, { field });
  return new Date(ms).toISOString();
}

export function forAuditor(event: StoredEvent, registry: EventRegistry): AuditEvent {
  const info = registry.types[event.type];
  return { ...event, data: info ? sealSecrets(event.data, info.secretFields) : null };
}

/**
 * The log filtered and paged in SQL (indexes on type, actor and time serve it), in position order; the
 * cursor is the position, so pages stay stable while the log grows.
 */
export async function listEvents(database: Database, registry: EventRegistry, filter: EventFilter = {}, page: PageRequest = {}): Promise<AuditPage> {
  const { events } = database.schema;
  const first = page.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationError(`page.first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'page.first' });
  }
  const conditions: SQL[] = [];
  if (page.after != null) {
    if (!/^\d{1,15}$/.test(page.after)) throw new ValidationError('page.after must be a cursor returned by a previous page', { field: 'page.after' });
    conditions.push(gt(events.position, Number(page.after)));
  }
  if (filter.type != null) conditions.push(eq(events.type, filter.type));
  if (filter.streamId != null) conditions.push(eq(events.streamId, filter.streamId));
  if (filter.actor != null) conditions.push(eq(events.actor, filter.actor));
  if (filter.from != null) conditions.push(gte(events.recordedAt, isoTime(filter.from, 'filter.from')));
  if (filter.to != null) conditions.push(lt(events.recordedAt, isoTime(filter.to, 'filter.to')));
  const rows = (await database.db
    .select()
    .from(events)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(events.position))
    .limit(first + 1)) as EventRow[];
  const shown = rows.slice(0, first).map((r) => forAuditor(rowToEvent(r), registry));
  return {
    events: shown,
    hasNextPage: rows.length > first,
    endCursor: shown.length ? String(shown[shown.length - 1].position) : null,
  };
}
