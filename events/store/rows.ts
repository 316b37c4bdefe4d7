import type { StoredEvent } from './types.js';

export interface EventRow {
  position: number | string | bigint;
  streamId: string;
  streamVersion: number | string;
  type: string;
  data: string;
  actor: string | null;
  requestId: string | null;
  clientIp: string | null;
  userAgent: string | null;
  recordedAt: string;
  hash: string;
}

/** Parsed back to values, so hashing and comparing never depend on how a dialect stored the text. */
export function rowToEvent(row: EventRow): StoredEvent {
  return {
    position: Number(row.position),
    streamId: row.streamId,
    streamVersion: Number(row.streamVersion),
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: {
      actor: row.actor,
      requestId: row.requestId,
      clientIp: row.clientIp,
      userAgent: row.userAgent,
      time: row.recordedAt,
    },
    hash: row.hash.trim(),
  };
}
