/** Who and what caused an event: recorded with it and covered by the hash chain. */
export interface EventMetadata {
  actor: string | null;
  requestId: string | null;
  clientIp: string | null;
  userAgent: string | null;
  /** ISO-8601 with milliseconds, UTC. */
  time: string;
}

/** What an edge knows about the request that issues a command. */
export type RequestMeta = Partial<Omit<EventMetadata, 'time'>>;

/** Every event is `{ type, data }`; each domain's union narrows both. */
export interface DomainEvent<T extends string = string, D extends Record<string, unknown> = Record<string, unknown>> {
  type: T;
  data: D;
}

export interface StoredEvent<E extends DomainEvent = DomainEvent> {
  position: number;
  streamId: string;
  streamVersion: number;
  type: E['type'];
  data: E['data'];
  metadata: EventMetadata;
  hash: string;
}

/** A number is the version the stream must be at (0: the stream must not exist yet). */
export type ExpectedVersion = number | 'any';

export interface EventTypeInfo {
  /** Top-level data fields holding secrets: sealed in the hash, left out of audit answers and exports. */
  secretFields?: readonly string[];
}

export interface LogHead {
  position: number;
  hash: string;
}
