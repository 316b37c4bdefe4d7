import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../events/db/connect.js';
import { exec, rows } from '../../events/db/dialect.js';
import type { Database, Db } from '../../events/db/types.js';
import type { Dialect } from '../../events/db/url.js';
import { createThrowawayDatabase, dialects, openTestDatabase, type TestDatabase, type ThrowawayDatabase } from '../support/databases.js';

describe('SQLite write queue', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('sqlite');
    await t.database.transaction((tx) => exec('sqlite', tx, 'create table counter (id integer primary key, n integer not null)'));
    await t.database.transaction((tx) => exec('sqlite', tx, 'insert into counter (id, n) values (1, 0)'));
  });
  afterAll(() => t.close());

  const read = async (tx: Db) => (await rows<{ n: number }>('sqlite', tx, sql`select n from counter where id = 1`))[0].n;
  const write = (tx: Db, n: number) => exec('sqlite', tx, sql`update counter set n = ${n} where id = 1`);

  it('runs concurrent transactions one after another, never interleaved, losing no update', async () => {
    const trace: string[] = [];
    const start = await read(t.database.db);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        t.database.transaction(async (tx) => {
          trace.push(`begin ${i}`);
          const n = await read(tx);
          // Give every other request the chance to run in between, as real awaits (Argon2, I/O) do.
          for (let k = 0; k < 3; k++) await yieldToOthers();
          await write(tx, n + 1);
          trace.push(`end ${i}`);
        }),
      ),
    );
    for (let k = 0; k < trace.length; k += 2) {
      expect(trace[k + 1]).toBe(trace[k].replace('begin', 'end'));
    }
    expect(trace).toHaveLength(50);
    expect(await read(t.database.db)).toBe(start + 25);
  });

  it('rolls a failed transaction back and keeps serving the queue', async () => {
    const start = await read(t.database.db);
    const results = await Promise.allSettled([
      t.database.transaction(async (tx) => write(tx, (await read(tx)) + 1)),
      t.database.transaction(async (tx) => {
        await write(tx, 999);
        await yieldToOthers();
        throw new Error('boom');
      }),
      t.database.transaction(async (tx) => write(tx, (await read(tx)) + 1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await read(t.database.db)).toBe(start + 2);
  });

  it('reads on their own connection, never seeing a transaction before it commits', async () => {
    const start = await read(t.database.db);
    let seenInside: number | undefined;
    await t.database.transaction(async (tx) => {
      await write(tx, start + 100);
      expect(await read(tx)).toBe(start + 100);
      seenInside = await read(t.database.db);
    });
    expect(seenInside).toBe(start);
    expect(await read(t.database.db)).toBe(start + 100);
  });
});

interface Timed {
  started: string;
  finished: string;
  conn: string;
}

/**
 * Each query reports, from the server's own clock, when it started and when it finished sleeping, and on
 * which connection: so what waited for what is read from the server, with no timing assumption.
 */
const SLEEPING_QUERY: Record<Exclude<Dialect, 'sqlite'>, SQL> = {
  pg: sql`select to_char(statement_timestamp(), 'YYYY-MM-DD HH24:MI:SS.US') as started,
                 pg_sleep(0.5)::text as slept,
                 to_char(clock_timestamp(), 'YYYY-MM-DD HH24:MI:SS.US') as finished,
                 pg_backend_pid()::text as conn`,
  mysql: sql`select date_format(now(6), '%Y-%m-%d %H:%i:%s.%f') as started,
                    sleep(0.5) as slept,
                    date_format(sysdate(6), '%Y-%m-%d %H:%i:%s.%f') as finished,
                    cast(connection_id() as char) as conn`,
};

describe.each(dialects.filter((d): d is 'pg' | 'mysql' => d !== 'sqlite'))('DB_POOL_SIZE on %s', (dialect) => {
  let target: ThrowawayDatabase;
  beforeAll(async () => {
    target = await createThrowawayDatabase(dialect);
  });
  afterAll(() => target.drop());

  async function threeAtOnce(poolSize: number): Promise<Timed[]> {
    const database: Database = await openDatabase(target.url, { poolSize, maxRetries: 0 });
    try {
      // Open the pool's connections first, so what follows measures waiting for one, not connecting.
      await Promise.all([0, 1, 2].map(() => database.query(sql`select 1 as one`)));
      const runs = await Promise.all([0, 1, 2].map(() => database.query<Timed>(SLEEPING_QUERY[dialect])));
      return runs.map(([row]) => row).sort((a, b) => a.started.localeCompare(b.started));
    } finally {
      await database.close();
    }
  }

  it('with 2 connections, makes a third concurrent query wait until one of the first two has finished', async () => {
    const [first, second, third] = await threeAtOnce(2);
    expect(new Set([first.conn, second.conn, third.conn]).size).toBe(2);
    const firstDone = [first.finished, second.finished].sort()[0];
    expect(third.started >= firstDone).toBe(true);
  });

  it('with 3 connections, runs all three at once (the check above can tell the difference)', async () => {
    const [first, second, third] = await threeAtOnce(3);
    expect(new Set([first.conn, second.conn, third.conn]).size).toBe(3);
    const firstDone = [first.finished, second.finished].sort()[0];
    expect(third.started < firstDone).toBe(true);
  });
});
