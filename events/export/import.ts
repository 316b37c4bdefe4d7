import { count, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/types.js';
import { quoteIdent } from '../db/dialect.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { EventRegistry } from '../store/store.js';
import { isRedacted } from '../store/hash-chain.js';
import type { StoredEvent } from '../store/types.js';
import { createChainChecker } from '../audit/chain-check.js';
import { verifyFile } from '../audit/verify-file.js';
import { verifyDatabase } from '../audit/verify.js';
import type { VerifyResult } from '../audit/chain-check.js';
import { projectionRunner } from '../replay/apply.js';
import { replay, type ReplayReport } from '../replay/replay.js';
import { readExport } from './ndjson.js';

export interface ImportOptions {
  /** The target's URL, which replay needs for its scratch tables on PostgreSQL and MySQL. */
  url: string;
  batchSize?: number;
  /** Progress and warnings, for the CLI. */
  onNotice?: (message: string) => void;
}

export interface ImportReport {
  imported: number;
  /** Events whose secret fields arrived as redaction markers: projections hold the marker, not the secret. */
  redactedEvents: number;
  unknownTypes: string[];
  verify: VerifyResult;
  replay: ReplayReport;
}

/** Refuses anything but a freshly migrated database: an import is a move, never a merge. */
export async function assertEmpty(database: Database, registry: EventRegistry): Promise<void> {
  const { events, logHead } = database.schema;
  const [{ n }] = await database.db.select({ n: count() }).from(events);
  const [head] = await database.db.select().from(logHead).where(eq(logHead.id, 1));
  if (Number(n) > 0 || Number(head?.position ?? 0) > 0) {
    throw new ConflictError(`The target database is not empty: it holds ${Number(n)} event(s) (head at ${Number(head?.position ?? 0)}). Import only into a new, empty database`);
  }
  for (const { name } of registry.projections.flatMap((p) => p.tables)) {
    const [row] = await database.query<{ n: unknown }>(sql`select count(*) as n from ${sql.raw(quoteIdent(database.dialect, name))}`);
    if (Number(row?.n) > 0) {
      throw new ConflictError(`The target database is not empty: table ${name} has ${Number(row.n)} row(s). Import only into a new, empty database`);
    }
  }
}

function hasRedactedSecret(event: StoredEvent, registry: EventRegistry): boolean {
  return (registry.types[event.type]?.secretFields ?? []).some((f) => isRedacted(event.data[f]));
}

/**
 * Loads an export into an empty, migrated database of any dialect. The whole file is verified first, so a
 * damaged export writes nothing; then events, projections and the head are written in batches, one
 * transaction each, re-checking the chain as they go; finally the database is verified and replayed.
 *
 * A redacted export is accepted (the log still verifies): its secret fields hold redaction markers, which
 * projections receive as the marker's digest (see replay/apply.ts), so those secrets (passwords, credentials) must be set anew.
 */
export async function importEvents(database: Database, registry: EventRegistry, file: string, options: ImportOptions): Promise<ImportReport> {
  const notice = options.onNotice ?? (() => {});
  const batchSize = options.batchSize ?? 500;
  await assertEmpty(database, registry);

  const checked = await verifyFile(file, registry);
  if (!checked.ok) throw new ValidationError(`The export does not verify: position ${checked.firstBadPosition}: ${checked.reason}`);
  if (checked.anchoredAt !== null) {
    throw new ValidationError(`The export starts at position ${checked.anchoredAt}: only a full export (from position 1) can be imported`);
  }

  const { events, logHead } = database.schema;
  const ctx = { dialect: database.dialect, schema: database.schema };
  const apply = projectionRunner(registry);
  const checker = createChainChecker(registry);
  const unknown = new Set<string>();
  let redactedEvents = 0;
  let batch: StoredEvent[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const last = rows[rows.length - 1];
    await database.transaction(async (tx) => {
      await tx.insert(events).values(
        rows.map((e) => ({
          position: e.position,
          streamId: e.streamId,
          streamVersion: e.streamVersion,
          type: e.type,
          data: JSON.stringify(e.data),
          actor: e.metadata.actor,
          requestId: e.metadata.requestId,
          clientIp: e.metadata.clientIp,
          userAgent: e.metadata.userAgent,
          recordedAt: e.metadata.time,
          hash: e.hash,
        })),
      );
      for (const e of rows) await apply(tx, e, ctx);
      await tx.update(logHead).set({ position: last.position, hash: last.hash }).where(eq(logHead.id, 1));
    });
  };

  try {
    for await (const entry of readExport(file)) {
      if ('error' in entry) throw new ValidationError(`The export changed while importing: ${entry.error}`);
      const failure = checker.check(entry.event);
      if (failure) throw new ValidationError(`The export changed while importing: position ${failure.position}: ${failure.reason}`);
      if (!registry.types[entry.event.type]) unknown.add(entry.event.type);
      if (hasRedactedSecret(entry.event, registry)) redactedEvents++;
      batch.push(entry.event);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (err) {
    const at = checker.last.position;
    notice(`import stopped; the database holds positions up to ${at}: drop and recreate it before retrying`);
    throw err;
  }

  if (redactedEvents) {
    notice(`warning: ${redactedEvents} event(s) came without their secret fields (a redacted export): projections hold the marker's digest in their place, so those secrets (passwords, credentials) must be set again`);
  }
  if (unknown.size) notice(`warning: event types unknown to this version were kept in the log but no projection handles them: ${[...unknown].join(', ')}`);

  const verify = await verifyDatabase(database, registry);
  const replayReport = await replay(database, registry, { url: options.url });
  return { imported: checker.checked, redactedEvents, unknownTypes: [...unknown], verify, replay: replayReport };
}
