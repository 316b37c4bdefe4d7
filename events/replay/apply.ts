import type { Db } from '../db/types.js';
import type { EventRegistry } from '../store/store.js';
import type { ProjectionContext } from '../store/projection.js';
import { isRedacted } from '../store/hash-chain.js';
import type { StoredEvent } from '../store/types.js';

export type ProjectionRunner = (tx: Db, event: StoredEvent, ctx: ProjectionContext) => Promise<void>;

/**
 * A log imported from a redacted export holds redaction markers where secrets were. Projections see such a
 * field as null, the shape of "no secret" they already handle (an SSO-only account has no password hash),
 * rather than an object in a column that expects text: the secret must be set again.
 */
function withoutRedactedSecrets(event: StoredEvent): StoredEvent {
  const fields = Object.keys(event.data).filter((k) => isRedacted(event.data[k]));
  if (fields.length === 0) return event;
  return { ...event, data: { ...event.data, ...Object.fromEntries(fields.map((k) => [k, null])) } };
}

/** Runs every projection that handles an event, in registry order: the order the store's appends use. */
export function projectionRunner(registry: EventRegistry): ProjectionRunner {
  const byType = new Map<string, EventRegistry['projections'][number][]>();
  for (const p of registry.projections) {
    for (const type of p.handles) byType.set(type, [...(byType.get(type) ?? []), p]);
  }
  return async (tx, event, ctx) => {
    const projections = byType.get(event.type);
    if (!projections) return;
    const seen = withoutRedactedSecrets(event);
    for (const p of projections) await p.apply(tx, seen, ctx);
  };
}
