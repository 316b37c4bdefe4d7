import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../api/server.js';
import { startTestApp, type TestApp } from '../support/app.js';

const LIMIT = 2048;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request over a real socket with the body written in pieces. Without `contentLength` it goes chunked,
 * so the server cannot know its size in advance.
 */
function send(base: string, path: string, pieces: string[], contentLength?: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(contentLength !== undefined ? { 'content-length': contentLength } : {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    // The server may answer 413 and close before the client has written everything.
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    for (const piece of pieces) req.write(piece);
    req.end();
  });
}

/** A GraphQL request body of about `size` bytes. */
function graphqlBody(size: number): string {
  const head = '{"query":"{ __typename }","variables":{"pad":"';
  const tail = '"}}';
  return head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail;
}

function halves(text: string): string[] {
  return [text.slice(0, text.length / 2), text.slice(text.length / 2)];
}

describe('the node server (real sockets)', () => {
  let t: TestApp;
  let server: RunningServer;
  beforeAll(async () => {
    t = await startTestApp({ PORT: '0', MAX_REQUEST_BODY_BYTES: String(LIMIT) });
    server = await listen(t.app, t.services);
  });
  afterAll(async () => {
    await server.stop();
    await t.close();
  });

  it('listens on HOST, a random port when PORT=0', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves GraphQL with a chunked body under the limit, passing it through intact', async () => {
    const body = graphqlBody(LIMIT - 10);
    const res = await send(server.url, '/graphql', halves(body));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a GraphQL body whose Content-Length is over the limit with 413', async () => {
    const body = graphqlBody(LIMIT + 10);
    const res = await send(server.url, '/graphql', [body], Buffer.byteLength(body));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      detail: `The request body exceeds the limit of ${LIMIT} bytes (MAX_REQUEST_BODY_BYTES)`,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('refuses a chunked GraphQL body over the limit with 413, though it declared no length', async () => {
    const res = await send(server.url, '/graphql', halves(graphqlBody(LIMIT + 10)));
    expect(res.status).toBe(413);
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(JSON.parse(res.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses a chunked body over the limit on a REST route too', async () => {
    const res = await send(server.url, '/health', halves('x'.repeat(LIMIT * 3)));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('keeps serving after refusing', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('the body limit in process (app.fetch)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ MAX_REQUEST_BODY_BYTES: String(LIMIT) });
  });
  afterAll(() => t.close());

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const body = graphqlBody(LIMIT + 1);
    const res = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});
