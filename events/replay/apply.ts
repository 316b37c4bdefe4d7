import type { Db } from '../db/types.js';
import type { EventRegistry } from '../store/store.js';
import type { ProjectionContext } from '../store/projection.js';
import { isRedacted, type RedactedSecret } from '../store/hash-chain.js';
import type { StoredEvent } from '../store/types.js';

export type ProjectionRunner = (tx: Db, event: StoredEvent, ctx: ProjectionContext) => Promise<void>;

/**
 * A log imported from a redacted export holds redaction markers where secrets were. Projections receive the
 * marker's digest (64 hex digits, without "sha256:") in such a field: it fits the text or char(64) column the
 * secret would have filled, nullable or not, on every dialect, and matches no real secret or token hash, so
 * the secret must be set again.
 */
function withRedactedSecretsAsDigests(event: StoredEvent): StoredEvent {
  const fields = Object.keys(event.data).filter((k) => isRedacted(event.data[k]));
  if (fields.length === 0) return event;
  return { ...event, data: { ...event.data, ...Object.fromEntries(fields.map((k) => [k, (event.data[k] as RedactedSecret).$redacted.replace(/^sha256:/, '')])) } };
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
    const seen = withRedactedSecretsAsDigests(event);
    for (const p of projections) await p.apply(tx, seen, ctx);
  };
}
