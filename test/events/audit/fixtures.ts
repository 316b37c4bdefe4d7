import { sql } from 'drizzle-orm';
import { exec } from '../../../events/db/dialect.js';
import type { Database } from '../../../events/db/types.js';
import { createEventStore, type Clock, type EventRegistry, type EventStore } from '../../../events/store/store.js';

/**
 * A registry of its own: the event-log tools are domain-agnostic, so their contract is tested with two
 * generic types, one holding a secret. The real registry never registers these names.
 */
export const auditRegistry: EventRegistry = {
  types: { AuditNoted: {}, AuditSecretSet: { secretFields: ['secret'] } },
  projections: [],
};

/** A clock that moves one second per reading, so recorded times are predictable and distinct. */
export function steppingClock(start = Date.parse('2026-11-25T10:00:00.000Z')): Clock {
  let t = start;
  return { now: () => new Date((t += 1000)) };
}

/**
 * Six events over three streams with distinct metadata: positions 1-6; position 2 and 5 hold secrets.
 * alice: 1, 3, 6 · bob: 2, 5 · carol: 4
 */
export async function seedLog(database: Database): Promise<EventStore> {
  const store = createEventStore(database, auditRegistry, steppingClock());
  const meta = (n: number) => ({ actor: `actor${n % 2}@example.com`, requestId: `req-${n}`, clientIp: `10.0.0.${n}`, userAgent: `agent/${n}` });
  const steps: [string, string, Record<string, unknown>][] = [
    ['alice', 'AuditNoted', { text: 'one', n: 1 }],
    ['bob', 'AuditSecretSet', { secret: 'hunter2', label: 'first' }],
    ['alice', 'AuditNoted', { text: 'three', nested: { ok: true } }],
    ['carol', 'AuditNoted', { text: 'four' }],
    ['bob', 'AuditSecretSet', { secret: { key: 's3cr3t' }, label: 'second' }],
    ['alice', 'AuditNoted', { text: 'six ünïcödé ✓' }],
  ];
  for (const [i, [stream, type, data]] of steps.entries()) {
    await store.transact(meta(i + 1), (u) => u.append(stream, 'any', [{ type, data }]));
  }
  return store;
}

/** Raw SQL outside the store: how the tests play an attacker with database access. */
export function tamper(database: Database, statement: ReturnType<typeof sql>): Promise<void> {
  return database.transaction((tx) => exec(database.dialect, tx, statement));
}
