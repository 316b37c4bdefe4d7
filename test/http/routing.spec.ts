import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

describe('routing and the REST error shape', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers an unknown path 404 with {"detail","code"}', async () => {
    const res = await t.fetch('/nothing/here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ detail: 'Nothing here: GET /nothing/here', code: 'NOT_FOUND' });
  });

  it('answers a known path with the wrong method 405 with Allow', async () => {
    const res = await t.fetch('/health', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.json()).toEqual({ detail: 'DELETE is not allowed here; use GET, HEAD', code: 'METHOD_NOT_ALLOWED' });
  });

  it('serves GraphQL at /graphql', async () => {
    const res = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('echoes a well-formed x-request-id, replaces a malformed one, and makes one up when absent', async () => {
    const given = await t.fetch('/health', { headers: { 'x-request-id': 'req-123.abc' } });
    expect(given.headers.get('x-request-id')).toBe('req-123.abc');
    const malformed = await t.fetch('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(malformed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const absent = await t.fetch('/nothing');
    expect(absent.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const logged = t.logs.find((l) => l.msg === 'request' && l.requestId === 'req-123.abc');
    expect(logged).toMatchObject({ method: 'GET', path: '/health', status: 200 });
  });
});

describe('APP_ROOT_PATH', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ APP_ROOT_PATH: '/gateway' });
  });
  afterAll(() => t.close());

  it('prefixes the routes, GraphQL and the liveness probe', async () => {
    expect((await t.fetch('/gateway/health')).status).toBe(200);
    expect((await t.fetch('/gateway/health/live')).status).toBe(200);
    const gql = await t.fetch('/gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await gql.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves nothing outside the prefix', async () => {
    for (const path of ['/health', '/version', '/graphql']) {
      const res = await t.fetch(path, { method: path === '/graphql' ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: path === '/graphql' ? '{"query":"{ __typename }"}' : undefined });
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('NOT_FOUND');
    }
  });
});
