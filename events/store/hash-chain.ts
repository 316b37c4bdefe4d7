import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { EventMetadata } from './types.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainRecord {
  position: number;
  streamId: string;
  streamVersion: number;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

/** What stands in for a secret in a redacted export: a digest the chain is computed over. */
export interface RedactedSecret {
  $redacted: string;
}

export function isRedacted(value: unknown): value is RedactedSecret {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RedactedSecret).$redacted === 'string' &&
    Object.keys(value).length === 1
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function redactSecret(value: unknown): RedactedSecret {
  return isRedacted(value) ? value : { $redacted: `sha256:${sha256(canonicalJson(value))}` };
}

/** The data with each secret field replaced by its digest: what the hash covers and exports may show. */
export function sealSecrets(data: Record<string, unknown>, secretFields: readonly string[] = []): Record<string, unknown> {
  if (secretFields.length === 0) return data;
  const sealed = { ...data };
  for (const field of secretFields) {
    if (sealed[field] !== undefined && sealed[field] !== null) sealed[field] = redactSecret(sealed[field]);
  }
  return sealed;
}

/**
 * sha256(previous hash ‖ canonical JSON of the record with secrets sealed). Sealing first means an export
 * without the secrets verifies exactly as the full log does.
 */
export function chainHash(previousHash: string, record: ChainRecord, secretFields?: readonly string[]): string {
  const { position, streamId, streamVersion, type, data, metadata } = record;
  return sha256(
    previousHash +
      canonicalJson({ position, streamId, streamVersion, type, data: sealSecrets(data, secretFields), metadata }),
  );
}
