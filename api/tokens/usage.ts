import { eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import type { Clock } from '../../events/store/store.js';
import type { Logger } from '../log/logger.js';
import { prepareOnce } from '../../events/store/prepared.js';

export type UsageSurface = 'graphql' | 'mcp' | 'rest';
export type UsageOutcome = 'ok' | 'error' | 'denied';

export interface UsageEntry {
  tokenId: string;
  userId: string;
  at: string;
  surface: UsageSurface;
  /** GraphQL operation name, MCP method, or REST method and path. */
  operation: string | null;
  toolName: string | null;
  outcome: UsageOutcome;
  latencyMs: number;
  clientIp: string | null;
  userAgent: string | null;
}

export interface UsageRecorder {
  /** Queues one use; never waits on the database. */
  record(entry: UsageEntry): void;
  /** Writes everything queued (also on shutdown). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_BATCH = 500;
const USAGE_COLUMNS = ['tokenId', 'userId', 'at', 'surface', 'operation', 'toolName', 'outcome', 'latencyMs', 'clientIp', 'userAgent'] as const satisfies readonly (keyof UsageEntry)[];
const SWEEP_EVERY_MS = 3_600_000;

/**
 * Token usage rows and per-token totals: operational data, not events. Written in batches off the request
 * path (every `intervalMs`, or sooner when a batch fills), and rows older than USAGE_LOG_RETENTION_DAYS deleted.
 */
export function createUsageRecorder(deps: { database: Database; clock: Clock; logger: Logger; retentionDays: number; intervalMs?: number }): UsageRecorder {
  const { database, clock, logger } = deps;
  const { apiTokenUsage, apiTokenUsageTotals } = database.schema;
  let queue: UsageEntry[] = [];
  let writing: Promise<void> = Promise.resolve();
  let lastSweep = 0;

  async function write(batch: UsageEntry[]) {
    const totals = new Map<string, { calls: number; errors: number; last: string }>();
    for (const e of batch) {
      const t = totals.get(e.tokenId) ?? { calls: 0, errors: 0, last: e.at };
      t.calls++;
      if (e.outcome !== 'ok') t.errors++;
      if (e.at > t.last) t.last = e.at;
      totals.set(e.tokenId, t);
    }
    await database.transaction(async (tx) => {
      // One prepared row insert run per entry: building a many-row insert costs drizzle more than SQLite runs it.
      const insert = prepareOnce(tx, 'api_token_usage_insert', (name) =>
        tx
          .insert(apiTokenUsage)
          .values(Object.fromEntries(USAGE_COLUMNS.map((c) => [c, sql.placeholder(c)])) as unknown as UsageEntry)
          .prepare(name),
      );
      for (const entry of batch) await insert.execute({ ...entry });
      for (const [tokenId, t] of totals) {
        const updated = await tx
          .select({ id: apiTokenUsageTotals.tokenId })
          .from(apiTokenUsageTotals)
          .where(eq(apiTokenUsageTotals.tokenId, tokenId))
          .limit(1);
        if (updated.length) {
          await tx
            .update(apiTokenUsageTotals)
            .set({
              calls: sql`${apiTokenUsageTotals.calls} + ${t.calls}`,
              errors: sql`${apiTokenUsageTotals.errors} + ${t.errors}`,
              lastUsedAt: sql`case when ${apiTokenUsageTotals.lastUsedAt} is null or ${apiTokenUsageTotals.lastUsedAt} < ${t.last} then ${t.last} else ${apiTokenUsageTotals.lastUsedAt} end`,
            })
            .where(eq(apiTokenUsageTotals.tokenId, tokenId));
        } else {
          await tx.insert(apiTokenUsageTotals).values({ tokenId, calls: t.calls, errors: t.errors, lastUsedAt: t.last });
        }
      }
      const now = clock.now().getTime();
      if (now - lastSweep >= SWEEP_EVERY_MS) {
        lastSweep = now;
        await tx.delete(apiTokenUsage).where(lt(apiTokenUsage.at, new Date(now - deps.retentionDays * 86_400_000).toISOString()));
      }
    });
  }

  function flush(): Promise<void> {
    writing = writing.then(async () => {
      while (queue.length) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(batch.length);
        // A failed write is logged and dropped: usage logs must never take a request down with them.
        await write(batch).catch((err: unknown) => logger.error({ err, rows: batch.length }, 'token usage write failed'));
      }
    });
    return writing;
  }

  const timer = setInterval(() => void flush(), deps.intervalMs ?? 1000);
  timer.unref();

  return {
    record(entry) {
      queue.push(entry);
      if (queue.length >= MAX_BATCH) void flush();
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
