import type { EventRegistry } from './store/store.js';

/**
 * Every event type and projection the log knows. A domain joins by adding its `eventTypes` and
 * `projections` here (and its events to the replay-equality scenario in test/events/replay).
 */
export const registry: EventRegistry = {
  types: {},
  projections: [],
};
