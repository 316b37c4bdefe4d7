import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '../../../events/audit/queries.js';
import { redactSecret } from '../../../events/store/hash-chain.js';
import { dialects, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { auditRegistry, seedLog } from './fixtures.js';

describe.each(dialects)('audit queries on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    await seedLog(t.database);
  });
  afterAll(() => t.close());

  const list = (filter = {}, page = {}) => listEvents(t.database, auditRegistry, filter, page);
  const positions = async (filter = {}, page = {}) => (await list(filter, page)).events.map((e) => e.position);

  it('pages through the log in position order with the position as cursor', async () => {
    const first = await list({}, { first: 4 });
    expect(first.events.map((e) => e.position)).toEqual([1, 2, 3, 4]);
    expect(first).toMatchObject({ hasNextPage: true, endCursor: '4' });
    const second = await list({}, { first: 4, after: first.endCursor });
    expect(second.events.map((e) => e.position)).toEqual([5, 6]);
    expect(second).toMatchObject({ hasNextPage: false, endCursor: '6' });
    expect(await list({}, { after: '6' })).toEqual({ events: [], hasNextPage: false, endCursor: null });
  });

  it('filters by type, stream, actor and time range in SQL, and combines them', async () => {
    expect(await positions({ type: 'AuditSecretSet' })).toEqual([2, 5]);
    expect(await positions({ streamId: 'alice' })).toEqual([1, 3, 6]);
    expect(await positions({ actor: 'actor0@example.com' })).toEqual([2, 4, 6]);
    expect(await positions({ from: '2026-11-25T10:00:03.000Z', to: '2026-11-25T10:00:05.000Z' })).toEqual([3, 4]);
    expect(await positions({ streamId: 'alice', actor: 'actor1@example.com' })).toEqual([1, 3]);
    expect(await positions({ streamId: 'alice' }, { first: 1, after: '1' })).toEqual([3]);
    expect(await positions({ type: 'Nothing' })).toEqual([]);
  });

  it('never returns a secret field, only its redaction marker', async () => {
    const [two, five] = (await list({ type: 'AuditSecretSet' })).events;
    expect(two.data).toEqual({ secret: redactSecret('hunter2'), label: 'first' });
    expect(five.data).toEqual({ secret: redactSecret({ key: 's3cr3t' }), label: 'second' });
    expect(JSON.stringify((await list()).events)).not.toMatch(/hunter2|s3cr3t/);
  });

  it('withholds the data of a type the registry does not know', async () => {
    const { events } = await listEvents(t.database, { types: { AuditNoted: {} }, projections: [] }, { type: 'AuditSecretSet' });
    expect(events.map((e) => e.data)).toEqual([null, null]);
  });

  it('refuses a page size beyond the maximum and a cursor it did not issue', async () => {
    await expect(list({}, { first: 501 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: 'page.first must be between 1 and 500' });
    await expect(list({}, { first: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(list({}, { after: 'abc' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(list({ from: 'yesterday' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: 'filter.from must be an ISO-8601 time' });
  });
});
