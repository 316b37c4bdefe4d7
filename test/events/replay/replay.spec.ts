import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { registry } from '../../../events/registry.js';
import { createEventStore } from '../../../events/store/store.js';
import { describeDifference, replay } from '../../../events/replay/replay.js';
import { normalizeValue } from '../../../events/replay/compare.js';
import { dialects, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { runScenario } from '../../support/scenario.js';
import { steppingClock, tamper } from '../audit/fixtures.js';

describe.each(dialects)('replay on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    await runScenario(createEventStore(t.database, registry, steppingClock()));
  });
  afterAll(() => t.close());

  it('reads the log in pages into fresh tables and finds nothing to report on an untouched database', async () => {
    const head = await createEventStore(t.database, registry).head();
    const report = await replay(t.database, registry, { url: t.url, pageSize: 3 });
    expect(report.replayed).toBe(head.position);
    expect(report.tables).toEqual(registry.projections.flatMap((p) => p.tables.map((x) => x.name)));
    expect(report.differences).toEqual([]);
  });

  it('reports a changed, a missing and an extra row with the differing columns', async () => {
    await tamper(t.database, sql`update users set email = 'forged@example.com', failed_attempts = 9 where id = 'u-member'`);
    await tamper(t.database, sql`delete from sessions where id = 's-1'`);
    await tamper(
      t.database,
      sql`insert into users (id, email, full_name, password_hash, is_platform_admin, is_active, email_verified, source, failed_attempts, created_at, updated_at)
          values ('u-ghost', 'ghost@example.com', 'Ghost', null, ${dialect === 'pg' ? sql`true` : sql`1`}, ${dialect === 'pg' ? sql`true` : sql`1`}, ${dialect === 'pg' ? sql`true` : sql`1`}, 'admin', 0, '2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z')`,
    );
    const lines = (await replay(t.database, registry, { url: t.url })).differences.map(describeDifference).sort();
    expect(lines).toEqual([
      'sessions [id="s-1"] missing from the live table (replay produces it)',
      'users [id="u-ghost"] extra in the live table (replay does not produce it)',
      'users [id="u-member"] changed: email: live "forged@example.com", replayed "member@example.com"; failed_attempts: live 9, replayed 0',
    ]);
  });

  it('leaves no scratch schema or database behind', async () => {
    if (dialect === 'pg') {
      expect(await t.database.query(`select schema_name from information_schema.schemata where schema_name like 'replay_%'`)).toEqual([]);
    }
    if (dialect === 'mysql') {
      expect(await t.database.query(`select schema_name from information_schema.schemata where schema_name like concat(database(), '_replay_%')`)).toEqual([]);
    }
  });
});

describe('replay value comparison', () => {
  it('treats the ways drivers return the same value alike', () => {
    expect(normalizeValue(true)).toBe(normalizeValue(1));
    expect(normalizeValue(false)).toBe(normalizeValue(0));
    expect(normalizeValue('42')).toBe(normalizeValue(42));
    expect(normalizeValue(42n)).toBe(normalizeValue(42));
    expect(normalizeValue(undefined)).toBe(normalizeValue(null));
    expect(normalizeValue('4.50')).toBe(normalizeValue(4.5));
    expect(normalizeValue('abc')).not.toBe(normalizeValue('abd'));
    expect(normalizeValue(null)).not.toBe(normalizeValue(''));
  });
});
