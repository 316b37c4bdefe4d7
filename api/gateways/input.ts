import { ValidationError } from '../../events/errors.js';
import { assertNoNul } from '../../events/text.js';
import type { Visibility } from '../../events/catalog/events.js';
import type { GatewayAuthType, GatewayTransport } from '../../events/gateways/events.js';
import type { UpstreamAuth } from '../mcp/upstream/spec.js';
import { slugify } from '../teams/commands.js';

export const VISIBILITIES: readonly Visibility[] = ['private', 'team', 'public'];
export const TRANSPORTS: readonly GatewayTransport[] = ['streamable_http', 'sse', 'stdio'];
const MAX_TAGS = 20;
const TAG = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;
/** Leaves room in the 128-character tool names for the tools' own names. */
export const MAX_SLUG = 40;

export function checkName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || !name.trim()) throw new ValidationError(`${field} must be a non-empty string`, { field });
  const n = name.trim();
  if (n.length > 200) throw new ValidationError(`${field} must be at most 200 characters`, { field });
  assertNoNul(n, field);
  return n;
}

export function gatewaySlug(name: string): string {
  return slugify(name).slice(0, MAX_SLUG).replace(/-+$/, '') || 'gateway';
}

export function checkText(value: unknown, field: string, max = 10_000): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`, { field });
  if (value.length > max) throw new ValidationError(`${field} must be at most ${max} characters`, { field });
  assertNoNul(value, field);
  return value.trim();
}

/** Tags are lower-case words (letters, digits, `_ . : -`), at most 20, duplicates dropped. */
export function checkTags(tags: unknown): string[] {
  if (tags === undefined || tags === null) return [];
  if (!Array.isArray(tags)) throw new ValidationError('tags must be a list of strings', { field: 'tags' });
  const out = [...new Set(tags.map((t) => (typeof t === 'string' ? t.trim().toLowerCase() : '')))];
  const bad = out.find((t) => !TAG.test(t));
  if (bad !== undefined) throw new ValidationError(`tag ${JSON.stringify(bad)} is not allowed: use 1-64 lower-case letters, digits, _ . : or -`, { field: 'tags' });
  if (out.length > MAX_TAGS) throw new ValidationError(`at most ${MAX_TAGS} tags`, { field: 'tags' });
  return out;
}

export function checkVisibility(v: unknown, fallback: Visibility): Visibility {
  if (v === undefined || v === null) return fallback;
  if (!VISIBILITIES.includes(v as Visibility)) throw new ValidationError(`visibility must be one of ${VISIBILITIES.join(', ')}`, { field: 'visibility' });
  return v as Visibility;
}

export function checkUrl(url: unknown): string {
  if (typeof url !== 'string' || !url.trim()) throw new ValidationError('url is required for the streamable_http and sse transports', { field: 'url' });
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new ValidationError(`url ${JSON.stringify(url)} is not a valid URL`, { field: 'url' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ValidationError('url must be http:// or https://', { field: 'url' });
  // Credentials in the URL would be stored and shown in clear: they belong in `auth`, which is encrypted.
  if (parsed.username || parsed.password) throw new ValidationError('url must not contain a user name or password: give them as basic auth', { field: 'url' });
  return parsed.toString();
}

export interface AuthInput {
  type: GatewayAuthType;
  token?: string | null;
  username?: string | null;
  password?: string | null;
  headers?: Record<string, string> | null;
}

export function checkAuth(input: AuthInput | null | undefined): UpstreamAuth {
  if (!input || input.type === 'none') return { type: 'none' };
  const nonEmpty = (v: unknown, field: string) => {
    if (typeof v !== 'string' || !v) throw new ValidationError(`auth.${field} is required for ${input.type} auth`, { field: `auth.${field}` });
    assertNoNul(v, `auth.${field}`);
    return v;
  };
  switch (input.type) {
    case 'bearer':
      return { type: 'bearer', token: nonEmpty(input.token, 'token') };
    case 'basic':
      return { type: 'basic', username: nonEmpty(input.username, 'username'), password: nonEmpty(input.password, 'password') };
    case 'headers': {
      const headers = input.headers ?? {};
      if (typeof headers !== 'object' || !Object.keys(headers).length) throw new ValidationError('auth.headers must name at least one header', { field: 'auth.headers' });
      for (const [k, v] of Object.entries(headers)) {
        if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(k)) throw new ValidationError(`auth.headers: ${JSON.stringify(k)} is not a header name`, { field: 'auth.headers' });
        nonEmpty(v, `headers.${k}`);
      }
      return { type: 'headers', headers: { ...headers } };
    }
    default:
      throw new ValidationError('auth.type must be none, bearer, basic or headers', { field: 'auth.type' });
  }
}

export function checkCommand(command: unknown, args: unknown, env: unknown): { command: string; args: string[]; env: Record<string, string> } {
  if (typeof command !== 'string' || !command.trim()) throw new ValidationError('command is required for the stdio transport', { field: 'command' });
  assertNoNul(command, 'command');
  const list = args ?? [];
  if (!Array.isArray(list) || list.some((a) => typeof a !== 'string')) throw new ValidationError('args must be a list of strings', { field: 'args' });
  assertNoNul(list, 'args');
  const vars = (env ?? {}) as Record<string, unknown>;
  if (typeof vars !== 'object' || Array.isArray(vars)) throw new ValidationError('env must be an object of strings', { field: 'env' });
  for (const [k, v] of Object.entries(vars)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new ValidationError(`env: ${JSON.stringify(k)} is not a variable name`, { field: 'env' });
    if (typeof v !== 'string') throw new ValidationError(`env.${k} must be a string`, { field: 'env' });
  }
  assertNoNul(vars, 'env');
  return { command: command.trim(), args: list as string[], env: vars as Record<string, string> };
}
