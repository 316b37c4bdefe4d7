import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/log/logger.js';
import { startServices, stopServices } from '../../api/bootstrap.js';
import { createApp, type App } from '../../api/app.js';
import type { Services } from '../../api/services.js';
import type { Principal } from '../../api/authz/principal.js';
import { runScenario } from '../support/scenario.js';

/** Until the accounts work signs people in, a stand-in authenticate hands every request this admin. */
const platformAdmin: Principal = {
  kind: 'user',
  userId: 'u-admin',
  email: 'admin@example.com',
  isPlatformAdmin: true,
  credential: { type: 'session', sessionId: 's-1', issuedAt: 0 },
};

const EVENTS = `query ($filter: AuditEventFilter, $page: AuditEventPageInput) {
  events(filter: $filter, page: $page) { events { position streamId streamVersion type data actor recordedAt hash } hasNextPage endCursor }
}`;

describe('GraphQL audit queries', () => {
  let dir: string;
  let services: Services;
  let anonymous: App;
  let admin: App;
  const gql = async (app: App, query: string, variables = {}) => {
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions: { code: string } }[] };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-audit-gql-'));
    const config = loadConfig({ DATABASE_URL: `sqlite:///${join(dir, 'test.db')}`, ENVIRONMENT: 'test', LOG_LEVEL: 'silent', PLATFORM_ADMIN_EMAIL: 'bootstrap@example.com' });
    const logger = createLogger({ level: 'silent', format: 'json', destination: new Writable({ write: (_c, _e, done) => done() }) });
    services = await startServices({ config, logger });
    await runScenario(services.store);
    anonymous = createApp({ ...services, authenticate: async () => null });
    admin = createApp({ ...services, authenticate: async () => platformAdmin });
  });
  afterAll(async () => {
    await stopServices(services);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['events', EVENTS],
    ['eventLogHead', '{ eventLogHead { position hash } }'],
    ['verifyEventLog', '{ verifyEventLog { ok } }'],
  ])('refuses %s to an anonymous caller with UNAUTHENTICATED', async (field, query) => {
    const result = await gql(anonymous, query);
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => [e.message, e.extensions.code])).toEqual([['Authentication required', 'UNAUTHENTICATED']]);
  });

  it('lists events for a platform admin, filtered and paged, with secret fields redacted', async () => {
    const { data, errors } = await gql(admin, EVENTS, { filter: { type: 'UserRegistered', actor: 'scenario@example.com' }, page: { first: 1 } });
    expect(errors).toBeUndefined();
    const page = data!.events;
    expect(page).toMatchObject({ hasNextPage: true, endCursor: String(page.events[0].position) });
    expect(page.events[0]).toMatchObject({ type: 'UserRegistered', streamId: 'user-u-admin', streamVersion: 1, actor: 'scenario@example.com' });
    expect(page.events[0].data.passwordHash).toEqual({ $redacted: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    const next = await gql(admin, EVENTS, { filter: { type: 'UserRegistered', actor: 'scenario@example.com' }, page: { first: 1, after: page.endCursor } });
    expect(next.data!.events.events.map((e: { streamId: string }) => e.streamId)).toEqual(['user-u-member']);
    const all = await gql(admin, EVENTS, { page: { first: 500 } });
    expect(JSON.stringify(all)).not.toContain('$argon2id');
  });

  it('refuses a page larger than the maximum with a validation error', async () => {
    const result = await gql(admin, EVENTS, { page: { first: 1000 } });
    expect(result.errors?.map((e) => [e.message, e.extensions.code])).toEqual([['page.first must be between 1 and 500', 'VALIDATION_FAILED']]);
  });

  it('gives the head, and verifies the chain with and without the recorded head', async () => {
    const head = (await gql(admin, '{ eventLogHead { position hash } }')).data!.eventLogHead;
    expect(head).toEqual(await services.store.head());
    const verify = `query ($h: String) { verifyEventLog(expectHead: $h) { ok checked firstBadPosition problem reason lastGood { position hash } } }`;
    expect((await gql(admin, verify)).data!.verifyEventLog).toEqual({ ok: true, checked: head.position, firstBadPosition: null, problem: null, reason: null, lastGood: head });
    const beyond = (await gql(admin, verify, { h: `${head.position + 1}:${'0'.repeat(64)}` })).data!.verifyEventLog;
    expect(beyond).toMatchObject({ ok: false, firstBadPosition: head.position + 1, problem: 'expected-head-mismatch' });
    const bad = await gql(admin, verify, { h: 'nonsense' });
    expect(bad.errors?.[0].extensions.code).toBe('VALIDATION_FAILED');
  });
});
