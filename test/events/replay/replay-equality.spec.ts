import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../../events/registry.js';
import { createEventStore, type EventStore } from '../../../events/store/store.js';
import { describeDifference, replayAndCompare } from '../../../events/replay/replay.js';
import { verifyDatabase } from '../../../events/audit/verify.js';
import { dialects, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { runScenario } from '../../support/scenario.js';
import { steppingClock } from '../audit/fixtures.js';

describe.each(dialects)('replay equality after the full scenario on %s', (dialect) => {
  let t: TestDatabase;
  let store: EventStore;
  const emitted = new Set<string>();
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    store = createEventStore(t.database, registry, steppingClock());
    store.subscribe((events) => events.forEach((e) => emitted.add(e.type)));
    await runScenario(store);
  });
  afterAll(() => t.close());

  it('emits every registered event type (add a step to test/support/scenario.ts for each new one)', () => {
    const missing = Object.keys(registry.types).filter((type) => !emitted.has(type));
    expect(missing, `event types no scenario step emits: ${missing.join(', ')}`).toEqual([]);
  });

  it('rebuilds every projection from the log exactly as the live tables hold it', async () => {
    const differences = await replayAndCompare(t.database, registry, { url: t.url });
    expect(differences.map(describeDifference)).toEqual([]);
  });

  it('leaves a log that verifies', async () => {
    expect(await verifyDatabase(t.database, registry)).toMatchObject({ ok: true, checked: (await store.head()).position });
  });
});
