import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore, type EventRegistry, type EventStore } from '../../../events/store/store.js';
import { dialects, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { chainHash, GENESIS_HASH } from '../../../events/store/hash-chain.js';

/** A generic registry: the store is domain-agnostic, so its contract is tested without any domain. */
const registry: EventRegistry = {
  types: { Noted: {}, SecretSet: { secretFields: ['secret'] } },
  projections: [],
};

describe.each(dialects)('event store on %s', (dialect) => {
  let t: TestDatabase;
  let store: EventStore;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    store = createEventStore(t.database, registry);
  });
  afterAll(() => t.close());

  it('appends with stream versions and a hash chain starting at genesis', async () => {
    const appended = await store.transact({ actor: 'a@example.com' }, (u) =>
      u.append('s-1', 0, [
        { type: 'Noted', data: { text: 'one' } },
        { type: 'Noted', data: { text: 'two' } },
      ]),
    );
    expect(appended.map((e) => [e.position, e.streamVersion])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(appended[0].hash).toBe(
      chainHash(GENESIS_HASH, { ...appended[0], data: { text: 'one' } }),
    );
    const read = await store.readStream('s-1');
    expect(read).toEqual(appended);
    expect(await store.head()).toEqual({ position: 2, hash: appended[1].hash });
  });

  it('refuses a wrong expected version with a typed conflict and writes nothing', async () => {
    const before = await store.head();
    await expect(
      store.transact({}, (u) => u.append('s-1', 1, [{ type: 'Noted', data: {} }])),
    ).rejects.toMatchObject({ code: 'STREAM_VERSION_CONFLICT' });
    expect(await store.head()).toEqual(before);
  });

  it('lets exactly one of two concurrent appends at the same expected version win', async () => {
    const attempt = (text: string) =>
      store.transact({}, async (u) => u.append('race', 0, [{ type: 'Noted', data: { text } }]));
    const results = await Promise.allSettled([attempt('x'), attempt('y')]);
    // The loser's state was read before the lock, so its retry sees the stream exists and still conflicts.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.code).toBe('STREAM_VERSION_CONFLICT');
    expect(await store.readStream('race')).toHaveLength(1);
  });

  it('keeps positions gapless and the chain intact under concurrent appends to different streams', async () => {
    const start = (await store.head()).position;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.transact({}, (u) => u.append(`par-${i}`, 0, [{ type: 'Noted', data: { i } }, { type: 'Noted', data: { i } }])),
      ),
    );
    const all = await store.readFrom(0, 10_000);
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    expect(all.at(-1)!.position).toBe(start + 80);
    let prev = GENESIS_HASH;
    for (const e of all) {
      expect(e.hash).toBe(chainHash(prev, e, registry.types[e.type].secretFields));
      prev = e.hash;
    }
  });

  it('rejects text containing NUL with a clear error and stores nothing', async () => {
    const before = await store.head();
    await expect(
      store.transact({}, (u) => u.append('nul', 0, [{ type: 'Noted', data: { text: 'a\u0000b' } }])),
    ).rejects.toThrow(/Noted\.data\.text must not contain NUL/);
    expect(await store.head()).toEqual(before);
  });

  it('rolls back every append of a unit of work when a later step fails', async () => {
    const before = await store.head();
    await expect(
      store.transact({}, async (u) => {
        await u.append('rollback-a', 0, [{ type: 'Noted', data: {} }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.readStream('rollback-a')).toEqual([]);
    expect(await store.head()).toEqual(before);
  });
});
