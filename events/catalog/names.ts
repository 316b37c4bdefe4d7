import { createHash } from 'node:crypto';
import type { ItemKind } from './events.js';

export const MAX_TOOL_NAME = 128;
const VALID = /^[A-Za-z0-9_.-]+$/;

const digest = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * An item's id, stable per (gateway, kind, upstream name or URI): the same upstream item keeps its id across
 * re-syncs, restarts and replays, so overrides and virtual-server memberships stay attached to it.
 */
export function catalogItemId(gatewayId: string, kind: ItemKind, upstreamName: string): string {
  return digest(`${gatewayId}\n${kind}\n${upstreamName}`, 32);
}

/**
 * `<gateway-slug><SEP><name>`, at most 128 characters of [A-Za-z0-9_.-]. A name that already fits is used as
 * is. Otherwise every other character becomes `_`, the result is cut to fit, and `_` plus 8 hex digits of the
 * original name's SHA-256 are appended, so two upstream names never end up with the same catalog name.
 */
export function catalogName(gatewaySlug: string, separator: string, upstreamName: string): string {
  const plain = `${gatewaySlug}${separator}${upstreamName}`;
  if (VALID.test(upstreamName) && plain.length <= MAX_TOOL_NAME) return plain;
  const suffix = `_${digest(upstreamName, 8)}`;
  const room = MAX_TOOL_NAME - gatewaySlug.length - separator.length - suffix.length;
  return `${gatewaySlug}${separator}${upstreamName.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, Math.max(0, room))}${suffix}`;
}

/** Tools and prompts get prefixed names; resources and templates are known by their URI. */
export const prefixed = (kind: ItemKind) => kind === 'tools' || kind === 'prompts';
