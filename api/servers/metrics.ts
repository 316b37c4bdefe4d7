import { and, asc, eq, gte, lt, lte } from 'drizzle-orm';
import type { Database, Db } from '../../events/db/types.js';
import type { Clock } from '../../events/store/store.js';
import type { Logger } from '../log/logger.js';
import { bucketOf, emptyHistogram, mergeHistograms, percentile } from './latency-histogram.js';

export type MetricScope = 'tool' | 'server' | 'gateway';

/** How a call ended: success, the upstream unreachable or dropped, a JSON-RPC error, or a result with isError. */
export type CallOutcome = 'ok' | 'transport_failure' | 'rpc_failure' | 'tool_error';

export interface CallRecord {
  toolId: string;
  serverId: string | null;
  gatewayId: string;
  outcome: CallOutcome;
  latencyMs: number;
  at: Date;
}

interface Aggregate {
  calls: number;
  transportFailures: number;
  rpcFailures: number;
  toolErrors: number;
  latencyMinMs: number;
  latencyMaxMs: number;
  latencySumMs: number;
  histogram: number[];
  lastCallAt: string;
}

export interface MetricsSnapshot {
  calls: number;
  failures: number;
  transportFailures: number;
  rpcFailures: number;
  toolErrors: number;
  latencyMinMs: number;
  latencyAvgMs: number;
  latencyMaxMs: number;
  latencyP95Ms: number;
  lastCallAt: string | null;
}

export interface MinuteMetrics extends MetricsSnapshot {
  minute: string;
}

const FLUSH_EVERY_MS = 2_000;
const PRUNE_EVERY_MS = 3_600_000;

const emptyAggregate = (): Aggregate => ({
  calls: 0, transportFailures: 0, rpcFailures: 0, toolErrors: 0,
  latencyMinMs: Number.POSITIVE_INFINITY, latencyMaxMs: 0, latencySumMs: 0, histogram: emptyHistogram(), lastCallAt: '',
});

function add(a: Aggregate, r: CallRecord): void {
  a.calls++;
  if (r.outcome === 'transport_failure') a.transportFailures++;
  else if (r.outcome === 'rpc_failure') a.rpcFailures++;
  else if (r.outcome === 'tool_error') a.toolErrors++;
  a.latencyMinMs = Math.min(a.latencyMinMs, r.latencyMs);
  a.latencyMaxMs = Math.max(a.latencyMaxMs, r.latencyMs);
  a.latencySumMs += r.latencyMs;
  a.histogram[bucketOf(r.latencyMs)]++;
  const at = r.at.toISOString();
  if (at > a.lastCallAt) a.lastCallAt = at;
}

type Row = Omit<Aggregate, 'histogram'> & { histogram: string };

function merge(row: Row | undefined, a: Aggregate): Row {
  const h = row ? mergeHistograms(JSON.parse(row.histogram) as number[], a.histogram) : a.histogram;
  return {
    calls: (row?.calls ?? 0) + a.calls,
    transportFailures: (row?.transportFailures ?? 0) + a.transportFailures,
    rpcFailures: (row?.rpcFailures ?? 0) + a.rpcFailures,
    toolErrors: (row?.toolErrors ?? 0) + a.toolErrors,
    latencyMinMs: Math.min(row?.latencyMinMs ?? Number.POSITIVE_INFINITY, a.latencyMinMs),
    latencyMaxMs: Math.max(row?.latencyMaxMs ?? 0, a.latencyMaxMs),
    latencySumMs: (row?.latencySumMs ?? 0) + a.latencySumMs,
    histogram: JSON.stringify(h),
    lastCallAt: row && row.lastCallAt > a.lastCallAt ? row.lastCallAt : a.lastCallAt,
  };
}

function snapshot(row: Row): MetricsSnapshot {
  const failures = row.transportFailures + row.rpcFailures + row.toolErrors;
  return {
    calls: row.calls,
    failures,
    transportFailures: row.transportFailures,
    rpcFailures: row.rpcFailures,
    toolErrors: row.toolErrors,
    latencyMinMs: row.calls ? row.latencyMinMs : 0,
    latencyAvgMs: row.calls ? row.latencySumMs / row.calls : 0,
    latencyMaxMs: row.latencyMaxMs,
    latencyP95Ms: percentile(JSON.parse(row.histogram) as number[], 0.95, row.latencyMaxMs),
    lastCallAt: row.calls ? row.lastCallAt : null,
  };
}

const minuteOf = (d: Date) => `${d.toISOString().slice(0, 16)}:00.000Z`;

/**
 * Call metrics per tool, server and gateway: counted in memory on the request path (a few additions),
 * written in batches every couple of seconds and on shutdown (a call is not an event). Totals and
 * per-minute rows live in the operational tables ops_call_totals and ops_call_minutes; minutes older than
 * METRICS_RETENTION_DAYS are pruned.
 */
export function createMetrics({ database, clock, logger, retentionDays }: { database: Database; clock: Clock; logger: Logger; retentionDays: number }) {
  const { opsCallTotals, opsCallMinutes } = database.schema;
  let pending = new Map<string, { scope: MetricScope; subjectId: string; minute: string | null; agg: Aggregate }>();
  let flushing: Promise<void> = Promise.resolve();
  let lastPrune = 0;

  const bump = (scope: MetricScope, subjectId: string, minute: string | null, r: CallRecord) => {
    const key = `${scope}\u0000${subjectId}\u0000${minute ?? ''}`;
    let entry = pending.get(key);
    if (!entry) pending.set(key, (entry = { scope, subjectId, minute, agg: emptyAggregate() }));
    add(entry.agg, r);
  };

  async function write(batch: typeof pending) {
    await database.transaction(async (tx: Db) => {
      for (const { scope, subjectId, minute, agg } of batch.values()) {
        if (minute === null) {
          const where = and(eq(opsCallTotals.scope, scope), eq(opsCallTotals.subjectId, subjectId));
          const [row] = await tx.select().from(opsCallTotals).where(where).limit(1);
          const next = merge(row, agg);
          if (row) await tx.update(opsCallTotals).set(next).where(where);
          else await tx.insert(opsCallTotals).values({ scope, subjectId, ...next });
        } else {
          const where = and(eq(opsCallMinutes.scope, scope), eq(opsCallMinutes.subjectId, subjectId), eq(opsCallMinutes.minute, minute));
          const [row] = await tx.select().from(opsCallMinutes).where(where).limit(1);
          const next = merge(row, agg);
          if (row) await tx.update(opsCallMinutes).set(next).where(where);
          else await tx.insert(opsCallMinutes).values({ scope, subjectId, minute, ...next });
        }
      }
      const now = clock.now().getTime();
      if (now - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now;
        await tx.delete(opsCallMinutes).where(lt(opsCallMinutes.minute, minuteOf(new Date(now - retentionDays * 86_400_000))));
      }
    });
  }

  function flush(): Promise<void> {
    flushing = flushing.then(async () => {
      if (!pending.size) return;
      const batch = pending;
      pending = new Map();
      try {
        await write(batch);
      } catch (err) {
        logger.error({ err: (err as Error).message, rows: batch.size }, 'writing call metrics failed');
      }
    });
    return flushing;
  }

  const timer = setInterval(() => void flush(), FLUSH_EVERY_MS);
  timer.unref();

  return {
    record(r: CallRecord): void {
      const minute = minuteOf(r.at);
      for (const [scope, id] of [['tool', r.toolId], ['server', r.serverId], ['gateway', r.gatewayId]] as const) {
        if (!id) continue;
        bump(scope, id, null, r);
        bump(scope, id, minute, r);
      }
    },
    flush,
    async stop(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
    /** Totals and per-minute buckets in [from, to] of one subject, as stored (flush first for the latest). */
    async read(scope: MetricScope, subjectId: string, from: Date, to: Date): Promise<{ totals: MetricsSnapshot; minutes: MinuteMetrics[] }> {
      const [total] = await database.db.select().from(opsCallTotals).where(and(eq(opsCallTotals.scope, scope), eq(opsCallTotals.subjectId, subjectId))).limit(1);
      const rows = await database.db
        .select()
        .from(opsCallMinutes)
        .where(and(eq(opsCallMinutes.scope, scope), eq(opsCallMinutes.subjectId, subjectId), gte(opsCallMinutes.minute, minuteOf(from)), lte(opsCallMinutes.minute, minuteOf(to))))
        .orderBy(asc(opsCallMinutes.minute))
        .limit(retentionDays * 1440);
      return {
        totals: snapshot(total ?? merge(undefined, emptyAggregate())),
        minutes: rows.map((r) => ({ minute: r.minute, ...snapshot(r) })),
      };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
