import type { Db } from '../db/types.js';
import type { EventRegistry } from '../store/store.js';
import type { ProjectionContext } from '../store/projection.js';
import type { StoredEvent } from '../store/types.js';

export type ProjectionRunner = (tx: Db, event: StoredEvent, ctx: ProjectionContext) => Promise<void>;

/** Runs every projection that handles an event, in registry order: the order the store's appends use. */
export function projectionRunner(registry: EventRegistry): ProjectionRunner {
  const byType = new Map<string, EventRegistry['projections'][number][]>();
  for (const p of registry.projections) {
    for (const type of p.handles) byType.set(type, [...(byType.get(type) ?? []), p]);
  }
  return async (tx, event, ctx) => {
    for (const p of byType.get(event.type) ?? []) await p.apply(tx, event, ctx);
  };
}
