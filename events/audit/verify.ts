import { asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../db/types.js';
import type { EventRegistry } from '../store/store.js';
import type { EventRow } from '../store/rows.js';
import type { LogHead, StoredEvent } from '../store/types.js';
import { createChainChecker, verifyResult, type ChainFailure, type VerifyResult } from './chain-check.js';

export interface VerifyOptions {
  expectHead?: LogHead;
  pageSize?: number;
}

const PAGE_SIZE = 2000;

/** A stored row as a chain record; a row whose data is not a JSON object is itself a finding. */
export function parseEventRow(row: EventRow): StoredEvent | ChainFailure {
  const position = Number(row.position);
  let data: unknown;
  try {
    data = JSON.parse(row.data);
  } catch {
    return { position, problem: 'malformed', reason: `position ${position}: data is not valid JSON` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { position, problem: 'malformed', reason: `position ${position}: data is not a JSON object` };
  }
  return {
    position,
    streamId: row.streamId,
    streamVersion: Number(row.streamVersion),
    type: row.type,
    data: data as Record<string, unknown>,
    metadata: { actor: row.actor, requestId: row.requestId, clientIp: row.clientIp, userAgent: row.userAgent, time: row.recordedAt },
    hash: row.hash.trim(),
  };
}

export async function readHead(database: Database): Promise<LogHead> {
  const { logHead } = database.schema;
  const [row] = await database.db.select().from(logHead).where(eq(logHead.id, 1));
  if (!row) throw new Error('The event log head row is missing: run the migrations first');
  return { position: Number(row.position), hash: row.hash.trim() };
}

/**
 * Walks the live log from position 1 in pages, then holds the head row against the last event. Appends
 * update the head in the same transaction as their rows, so a head beyond the walk means either rows
 * committed meanwhile (walk on) or a truncated log (reported).
 */
export async function verifyDatabase(database: Database, registry: EventRegistry, options: VerifyOptions = {}): Promise<VerifyResult> {
  const { events } = database.schema;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const checker = createChainChecker(registry, { expectHead: options.expectHead });

  async function walk(): Promise<ChainFailure | null> {
    for (;;) {
      const page = (await database.db
        .select()
        .from(events)
        .where(gt(events.position, checker.last.position))
        .orderBy(asc(events.position))
        .limit(pageSize)) as EventRow[];
      for (const row of page) {
        const parsed = parseEventRow(row);
        const failure = 'problem' in parsed ? parsed : checker.check(parsed);
        if (failure) return failure;
      }
      if (page.length < pageSize) return null;
    }
  }

  for (;;) {
    const failure = await walk();
    if (failure) return verifyResult(checker, failure);
    const head = await readHead(database);
    const last = checker.last;
    if (head.position > last.position) {
      const more = await database.db.select({ p: events.position }).from(events).where(gt(events.position, last.position)).limit(1);
      if (more.length) continue;
      return verifyResult(checker, {
        position: last.position + 1,
        problem: 'head-mismatch',
        reason: `the head row says position ${head.position}, but the log ends at ${last.position}`,
      });
    }
    if (head.position < last.position) {
      return verifyResult(checker, {
        position: head.position + 1,
        problem: 'head-mismatch',
        reason: `the log goes on to position ${last.position}, beyond the head row's position ${head.position}`,
      });
    }
    if (head.hash !== last.hash) {
      return verifyResult(checker, {
        position: head.position,
        problem: 'head-mismatch',
        reason: `the head row's hash ${head.hash} differs from the hash ${last.hash} of the event at position ${last.position}`,
      });
    }
    return verifyResult(checker, checker.finish());
  }
}
