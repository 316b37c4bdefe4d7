import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../events/db/connect.js';
import { migrate, readMigrations } from '../../events/db/migrate.js';
import type { Database } from '../../events/db/types.js';
import { GENESIS_HASH } from '../../events/store/hash-chain.js';
import { createThrowawayDatabase, dialects, type ThrowawayDatabase } from '../support/databases.js';
import { REPO } from '../support/main-process.js';

const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const CHILD = join(REPO, 'test', 'db', 'support', 'migrate-child.ts');

interface ChildResult {
  code: number | null;
  result?: { applied: string[]; last: string | undefined };
  stderr: string;
}

/** Starts `count` processes that each connect, wait until all are connected, then migrate at once. */
async function migrateConcurrently(url: string, count: number): Promise<ChildResult[]> {
  const children = Array.from({ length: count }, () => spawn(TSX, [CHILD, url], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] }));
  const outputs = children.map(() => ({ stdout: '', stderr: '' }));
  const ready = children.map(
    (child, i) =>
      new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          outputs[i].stdout += d;
          if (outputs[i].stdout.startsWith('ready\n')) resolve();
        });
        child.stderr.on('data', (d) => (outputs[i].stderr += d));
        child.once('exit', (code) => reject(new Error(`child exited with ${code} before connecting: ${outputs[i].stderr}`)));
      }),
  );
  const exits = children.map((child) => new Promise<number | null>((resolve) => child.once('exit', resolve)));
  await Promise.all(ready);
  for (const child of children) child.stdin.end('go\n');
  const codes = await Promise.all(exits);
  return codes.map((code, i) => {
    const last = outputs[i].stdout.trim().split('\n').at(-1)!;
    return { code, stderr: outputs[i].stderr, ...(last.startsWith('{') ? { result: JSON.parse(last) } : {}) };
  });
}

describe.each(dialects)('migrations on %s', (dialect) => {
  const all = readMigrations(dialect).map((m) => m.tag);
  let target: ThrowawayDatabase | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await target?.drop();
    database = target = undefined;
  });

  const appliedTags = async (db: Database) =>
    (await db.query<{ tag: string }>(sql.raw('select tag from schema_migrations order by tag'))).map((r) => r.tag);

  it('exist for this dialect', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  it('apply every migration to an empty database and anchor the chain', async () => {
    target = await createThrowawayDatabase(dialect);
    database = await openDatabase(target.url, { maxRetries: 0 });
    expect(await migrate(database)).toEqual({ applied: all, last: all.at(-1) });
    expect(await appliedTags(database)).toEqual([...all].sort());
    const head = await database.query<{ id: number; position: number | string; hash: string }>(sql.raw('select id, position, hash from event_log_head'));
    expect(head.map((h) => ({ id: Number(h.id), position: Number(h.position), hash: h.hash }))).toEqual([{ id: 1, position: 0, hash: GENESIS_HASH }]);
  });

  it('do nothing when run again on a migrated database', async () => {
    target = await createThrowawayDatabase(dialect);
    database = await openDatabase(target.url, { maxRetries: 0 });
    await migrate(database);
    const before = await database.query(sql.raw('select tag, hash, applied_at from schema_migrations order by tag'));
    expect(await migrate(database)).toEqual({ applied: [], last: all.at(-1) });
    expect(await database.query(sql.raw('select tag, hash, applied_at from schema_migrations order by tag'))).toEqual(before);
    const [{ n }] = await database.query<{ n: number | string }>(sql.raw('select count(*) as n from event_log_head'));
    expect(Number(n)).toBe(1);
  });

  it('are applied once when two processes start on the same fresh database at once', async () => {
    target = await createThrowawayDatabase(dialect);
    const results = await migrateConcurrently(target.url, 2);
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0, result: { last: all.at(-1) } });
    // Between them they applied each migration exactly once; one may have found nothing left to do.
    const applied = results.flatMap((r) => r.result!.applied);
    expect([...applied].sort()).toEqual([...all].sort());
    database = await openDatabase(target.url, { maxRetries: 0 });
    expect(await appliedTags(database)).toEqual([...all].sort());
    const [{ n }] = await database.query<{ n: number | string }>(sql.raw('select count(*) as n from event_log_head'));
    expect(Number(n)).toBe(1);
  });
});
