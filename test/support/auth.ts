import type { TestApp } from './app.js';

/** Argon2id at its cheapest: for suites where the cost parameters do not matter. */
export const FAST_ARGON2 = { ARGON2ID_TIME_COST: '1', ARGON2ID_MEMORY_COST: '1024', ARGON2ID_PARALLELISM: '1' } as const;

/** The bootstrap admin of a test app started without PLATFORM_ADMIN_* overrides. */
export const DEFAULT_ADMIN = { email: 'admin@example.com', password: 'changeme' } as const;

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export function postJson(t: TestApp, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return t.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** POST /auth/email/login; throws unless it answers 200. */
export async function login(t: TestApp, email: string, password: string): Promise<string> {
  const res = await postJson(t, '/auth/email/login', { email, password });
  if (res.status !== 200) throw new Error(`login ${email} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[];
}

/** One GraphQL request through the real HTTP stack. */
export async function graphql<T = Record<string, unknown>>(
  t: TestApp,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResult<T>> {
  const res = await postJson(t, '/graphql', { query, variables }, headers);
  return (await res.json()) as GraphQLResult<T>;
}

/** An account created by the admin through GraphQL, signed in; returns its token. */
export async function createSignedInUser(t: TestApp, adminToken: string, email: string, password = 'user-password-1', isPlatformAdmin = false): Promise<string> {
  const created = await graphql(
    t,
    'mutation($input: NewUserInput!) { createUser(input: $input) { id } }',
    { input: { email, password, fullName: email.split('@')[0], isPlatformAdmin } },
    bearer(adminToken),
  );
  if (created.errors) throw new Error(`createUser ${email}: ${JSON.stringify(created.errors)}`);
  return login(t, email, password);
}
