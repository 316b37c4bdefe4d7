import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { verifyDatabase, readHead } from '../../../events/audit/verify.js';
import { chainHash } from '../../../events/store/hash-chain.js';
import type { EventStore } from '../../../events/store/store.js';
import { dialects, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { auditRegistry, seedLog, tamper } from './fixtures.js';

/** Each column of `events` and a value an attacker might write into position 3. */
const TAMPERED: [column: string, value: string | number][] = [
  ['stream_id', 'mallory'],
  ['stream_version', 7],
  ['type', 'AuditSecretSet'],
  ['data', '{"text":"forged"}'],
  ['actor', 'mallory@example.com'],
  ['request_id', 'req-forged'],
  ['client_ip', '192.0.2.66'],
  ['user_agent', 'forged/1.0'],
  ['recorded_at', '2026-11-25T09:59:59.000Z'],
  ['hash', 'f'.repeat(64)],
];

describe.each(dialects)('verify on %s', (dialect) => {
  let t: TestDatabase;
  let store: EventStore;
  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    store = await seedLog(t.database);
  });
  afterEach(() => t.close());

  it('accepts an untouched log and reports its head', async () => {
    const result = await verifyDatabase(t.database, auditRegistry, { pageSize: 2 });
    expect(result).toMatchObject({ ok: true, checked: 6, firstBadPosition: null, problem: null, reason: null });
    expect(result.last).toEqual(await store.head());
  });

  it.each(TAMPERED)('names position 3 when its %s column is changed', async (column, value) => {
    await tamper(t.database, sql`update events set ${sql.raw(column)} = ${value} where position = 3`);
    const result = await verifyDatabase(t.database, auditRegistry, { pageSize: 2 });
    expect(result.ok).toBe(false);
    expect(result.firstBadPosition).toBe(3);
    expect(result.checked).toBe(2);
    expect(result.reason).toMatch(column === 'stream_version' ? /stream alice has version 7 where 2 was expected/ : /hash mismatch/);
  });

  it('names a deleted middle row as a gap', async () => {
    await tamper(t.database, sql`delete from events where position = 3`);
    const result = await verifyDatabase(t.database, auditRegistry);
    expect(result).toMatchObject({ ok: false, firstBadPosition: 3, problem: 'position-gap' });
    expect(result.reason).toBe('position 3 is missing: the next event is at 4');
  });

  it('names the first of two swapped rows', async () => {
    const columns = ['stream_id', 'stream_version', 'type', 'data', 'actor', 'request_id', 'client_ip', 'user_agent', 'recorded_at', 'hash'];
    const read = async (p: number) => (await t.database.query<Record<string, unknown>>(sql`select * from events where position = ${p}`))[0];
    const [two, four] = [await read(2), await read(4)];
    const setAll = (row: Record<string, unknown>, p: number) =>
      tamper(t.database, sql`update events set ${sql.join(columns.map((c) => sql`${sql.raw(c)} = ${row[c]}`), sql`, `)} where position = ${p}`);
    // Park row 2 under another stream first: (stream_id, stream_version) is unique.
    await tamper(t.database, sql`update events set stream_id = 'parked' where position = 2`);
    await setAll(two, 4);
    await setAll(four, 2);
    const result = await verifyDatabase(t.database, auditRegistry);
    expect(result).toMatchObject({ ok: false, firstBadPosition: 2 });
  });

  it('names a head row that runs past the log (the last row deleted)', async () => {
    await tamper(t.database, sql`delete from events where position = 6`);
    const result = await verifyDatabase(t.database, auditRegistry);
    expect(result).toMatchObject({ ok: false, firstBadPosition: 6, problem: 'head-mismatch' });
    expect(result.reason).toBe('the head row says position 6, but the log ends at 5');
  });

  it('names a head row whose hash differs from the last event', async () => {
    await tamper(t.database, sql`update event_log_head set hash = ${'a'.repeat(64)} where id = 1`);
    expect(await verifyDatabase(t.database, auditRegistry)).toMatchObject({ ok: false, firstBadPosition: 6, problem: 'head-mismatch' });
  });

  it('catches a truncated tail, head row adjusted to match, only with --expect-head', async () => {
    const recorded = await readHead(t.database);
    const five = (await store.readFrom(4, 1))[0];
    await tamper(t.database, sql`delete from events where position = 6`);
    await tamper(t.database, sql`update event_log_head set position = 5, hash = ${five.hash} where id = 1`);
    expect((await verifyDatabase(t.database, auditRegistry)).ok).toBe(true);
    const result = await verifyDatabase(t.database, auditRegistry, { expectHead: recorded });
    expect(result).toMatchObject({ ok: false, firstBadPosition: 6, problem: 'expected-head-mismatch' });
    expect(result.reason).toBe('the log ends at position 5, but the recorded head is at 6: it was truncated');
  });

  it('catches a tail rewritten with recomputed hashes only with --expect-head', async () => {
    const recorded = await readHead(t.database);
    const [five, six] = await store.readFrom(4, 2);
    const forged = { ...six, data: { text: 'rewritten' } };
    const hash = chainHash(five.hash, forged, []);
    await tamper(t.database, sql`update events set data = ${JSON.stringify(forged.data)}, hash = ${hash} where position = 6`);
    await tamper(t.database, sql`update event_log_head set hash = ${hash} where id = 1`);
    expect((await verifyDatabase(t.database, auditRegistry)).ok).toBe(true);
    const result = await verifyDatabase(t.database, auditRegistry, { expectHead: recorded });
    expect(result).toMatchObject({ ok: false, firstBadPosition: 6, problem: 'expected-head-mismatch' });
  });

  it('names a row whose data is not JSON', async () => {
    await tamper(t.database, sql`update events set data = ${'{not json'} where position = 4`);
    expect(await verifyDatabase(t.database, auditRegistry)).toMatchObject({ ok: false, firstBadPosition: 4, problem: 'malformed' });
  });
});
