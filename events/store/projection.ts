import type { Db, Schema } from '../db/types.js';
import type { Dialect } from '../db/url.js';
import type { StoredEvent } from './types.js';

export interface ProjectionContext {
  dialect: Dialect;
  schema: Schema;
}

/**
 * A read model fed by the log. `apply` runs in the append's transaction; replay runs the same code from
 * position 0 into fresh tables, so a projection must depend on nothing but the events (and its own tables).
 */
export interface Projection {
  name: string;
  /** SQL names of the tables it owns, compared by `events replay`. Each must have a primary key. */
  tables: readonly { name: string; key: readonly string[] }[];
  handles: ReadonlySet<string>;
  apply(tx: Db, event: StoredEvent, ctx: ProjectionContext): Promise<void>;
}
