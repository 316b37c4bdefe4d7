import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { registry } from '../../../events/registry.js';
import { createEventStore } from '../../../events/store/store.js';
import { exportEvents } from '../../../events/export/export.js';
import { importEvents } from '../../../events/export/import.js';
import { compareTable } from '../../../events/replay/compare.js';
import { describeDifference } from '../../../events/replay/replay.js';
import type { Database } from '../../../events/db/types.js';
import type { Dialect } from '../../../events/db/url.js';
import { dialects, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { runScenario } from '../../support/scenario.js';
import { steppingClock } from '../audit/fixtures.js';

/** Each dialect exports once and imports into another: sqlite→pg, pg→mysql, mysql→sqlite when all run. */
const moves: [Dialect, Dialect][] = dialects.length === 3 ? [['sqlite', 'pg'], ['pg', 'mysql'], ['mysql', 'sqlite']] : dialects.map((d) => [d, d]);

async function writeExport(database: Database, file: string, includeSecrets: boolean) {
  const lines: string[] = [];
  await exportEvents(database, registry, (l) => void lines.push(l), { includeSecrets });
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
}

const eventCount = async (database: Database) => Number((await database.db.select({ n: count() }).from(database.schema.events))[0].n);

describe.each(moves)('export from %s, import into %s', (from, to) => {
  let source: TestDatabase;
  let dir: string;
  const tables = registry.projections.flatMap((p) => p.tables);
  beforeAll(async () => {
    source = await openTestDatabase(from);
    await runScenario(createEventStore(source.database, registry, steppingClock()));
    dir = mkdtempSync(join(tmpdir(), 'sb-import-'));
    await writeExport(source.database, join(dir, 'full.ndjson'), true);
    await writeExport(source.database, join(dir, 'redacted.ndjson'), false);
  });
  afterAll(async () => {
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the log with its secrets: the target verifies, replays equal, and its projections match the source', async () => {
    const target = await openTestDatabase(to);
    try {
      const notices: string[] = [];
      const report = await importEvents(target.database, registry, join(dir, 'full.ndjson'), { url: target.url, batchSize: 7, onNotice: (m) => notices.push(m) });
      const head = await createEventStore(source.database, registry).head();
      expect(report.imported).toBe(head.position);
      expect(report.verify).toMatchObject({ ok: true, checked: head.position, last: head });
      expect(report.replay.differences.map(describeDifference)).toEqual([]);
      expect(report.redactedEvents).toBe(0);
      expect(notices).toEqual([]);
      for (const table of tables) expect((await compareTable(source.database, target.database, table)).map(describeDifference)).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it("imports a redacted export with a warning; projections hold the marker's digest where secrets were", async () => {
    const target = await openTestDatabase(to);
    try {
      const notices: string[] = [];
      const report = await importEvents(target.database, registry, join(dir, 'redacted.ndjson'), { url: target.url, onNotice: (m) => notices.push(m) });
      expect(report.verify.ok).toBe(true);
      expect(report.replay.differences).toEqual([]);
      expect(report.redactedEvents).toBeGreaterThan(0);
      expect(notices.join('\n')).toMatch(/came without their secret fields/);
      // Accounts without a password (SSO) have nothing to redact; every password that exists came as a digest.
      const hashes = await target.database.query<{ password_hash: unknown }>('select password_hash from users where password_hash is not null');
      expect(hashes.length).toBeGreaterThan(0);
      expect(hashes.filter((r) => !/^[0-9a-f]{64}$/.test(String(r.password_hash)))).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('refuses a database that is not empty', async () => {
    await expect(importEvents(source.database, registry, join(dir, 'full.ndjson'), { url: source.url })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^The target database is not empty: it holds \d+ event\(s\)/),
    });
  });

  it('refuses a damaged export before writing anything', async () => {
    const lines = readFileSync(join(dir, 'full.ndjson'), 'utf8').trimEnd().split('\n');
    const damaged = join(dir, 'damaged.ndjson');
    const last = JSON.parse(lines[lines.length - 1]);
    last.metadata.actor = 'mallory@example.com';
    writeFileSync(damaged, [...lines.slice(0, -1), JSON.stringify(last)].join('\n'));
    const target = await openTestDatabase(to);
    try {
      await expect(importEvents(target.database, registry, damaged, { url: target.url })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(new RegExp(`^The export does not verify: position ${lines.length}: hash mismatch`)),
      });
      expect(await eventCount(target.database)).toBe(0);
    } finally {
      await target.close();
    }
  });
});
