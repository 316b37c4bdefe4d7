/**
 * Upstream text may contain NUL, which PostgreSQL text columns (and our event log) refuse. We replace each
 * NUL with U+FFFD (the Unicode replacement character): the text stays valid JSON and readable, and it is
 * clear something was replaced. Keys are escaped too. Applied to everything discovery returns.
 */
export const NUL_REPLACEMENT = '\uFFFD';

export function escapeNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', NUL_REPLACEMENT) : value) as T;
  if (Array.isArray(value)) return value.map(escapeNul) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escapeNul(k)] = escapeNul(v);
    return out as T;
  }
  return value;
}
