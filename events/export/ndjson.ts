import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { StoredEvent } from '../store/types.js';

/**
 * One line of an export: the event as the chain hashes it. Key order is fixed so two exports of the same
 * log are byte-identical.
 */
export function exportLine(event: StoredEvent): string {
  const { position, streamId, streamVersion, type, data, metadata, hash } = event;
  const { actor, requestId, clientIp, userAgent, time } = metadata;
  return JSON.stringify({ position, streamId, streamVersion, type, data, metadata: { actor, requestId, clientIp, userAgent, time }, hash });
}

export type ExportEntry = { line: number; event: StoredEvent } | { line: number; error: string };

const isString = (v: unknown): v is string => typeof v === 'string';
const isNullableString = (v: unknown) => v === null || isString(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

/** Parses one line, naming what is wrong with it rather than guessing. */
export function parseExportLine(text: string): StoredEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const e = value as Record<string, unknown>;
  const m = e.metadata as Record<string, unknown> | null;
  const data = e.data;
  if (!isCount(e.position)) return 'position must be a positive integer';
  if (!isString(e.streamId) || !e.streamId) return 'streamId must be a non-empty string';
  if (!isCount(e.streamVersion)) return 'streamVersion must be a positive integer';
  if (!isString(e.type) || !e.type) return 'type must be a non-empty string';
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'data must be a JSON object';
  if (typeof m !== 'object' || m === null) return 'metadata must be an object';
  for (const k of ['actor', 'requestId', 'clientIp', 'userAgent'] as const) {
    if (!isNullableString(m[k])) return `metadata.${k} must be a string or null`;
  }
  if (!isString(m.time)) return 'metadata.time must be a string';
  if (!isString(e.hash) || !/^[0-9a-f]{64}$/.test(e.hash)) return 'hash must be 64 lowercase hex digits';
  return {
    position: e.position,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    type: e.type,
    data: data as Record<string, unknown>,
    metadata: {
      actor: m.actor as string | null,
      requestId: m.requestId as string | null,
      clientIp: m.clientIp as string | null,
      userAgent: m.userAgent as string | null,
      time: m.time,
    },
    hash: e.hash,
  };
}

/** Streams an export file one event at a time (blank lines are skipped), so size never matters. */
export async function* readExport(file: string): AsyncGenerator<ExportEntry> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (!text.trim()) continue;
    const parsed = parseExportLine(text);
    yield typeof parsed === 'string' ? { line, error: `line ${line}: ${parsed}` } : { line, event: parsed };
  }
}
