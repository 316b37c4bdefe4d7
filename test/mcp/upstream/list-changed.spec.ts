import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamConnection, type ListChangedKind, type UpstreamConnection } from '../../../api/mcp/upstream/connection.js';
import type { UpstreamSpec } from '../../../api/mcp/upstream/spec.js';
import { createChangingServer } from '../../fixtures/changing-server.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { stdioFixture } from '../../fixtures/run-stdio.js';
import { capturedLogger, nextEvent } from './support.js';

let host: HostedServer;
beforeAll(async () => {
  host = await hostOverHttp(createChangingServer);
});
afterAll(() => host.close());

describe.each([
  ['Streamable HTTP', (): UpstreamSpec => ({ transport: 'streamable_http', url: host.url })],
  ['stdio', (): UpstreamSpec => ({ transport: 'stdio', ...stdioFixture('changing-server') })],
])('tools/list_changed over %s', (_name, spec) => {
  let conn: UpstreamConnection;
  beforeAll(() => {
    conn = createUpstreamConnection(spec(), { gatewayId: 'gw-changing', logger: capturedLogger().logger });
  });
  afterAll(() => conn.close());

  it('reaches the subscriber, and a new discovery shows the change', async () => {
    const before = await conn.discover();
    expect(before.tools.map((t) => t.name)).toEqual(['add-tool', 'remove-tool']);

    const changed = nextEvent<ListChangedKind>(conn.onListChanged);
    await conn.callTool('add-tool', { name: 'fresh-tool' });
    expect(await changed).toBe('tools');
    const after = await conn.listAll('tools');
    expect(after.find((t) => t.name === 'fresh-tool')).toMatchObject({ description: 'Added at runtime: fresh-tool' });

    const removed = nextEvent<ListChangedKind>(conn.onListChanged);
    await conn.callTool('remove-tool', { name: 'fresh-tool' });
    expect(await removed).toBe('tools');
    expect((await conn.listAll('tools')).map((t) => t.name)).toEqual(['add-tool', 'remove-tool']);
  });

  it('stops calling a listener once it unsubscribes', async () => {
    const heard: ListChangedKind[] = [];
    const stop = conn.onListChanged((kind) => heard.push(kind));
    const first = nextEvent<ListChangedKind>(conn.onListChanged);
    await conn.callTool('add-tool', { name: 'one' });
    await first;
    stop();
    const second = nextEvent<ListChangedKind>(conn.onListChanged);
    await conn.callTool('add-tool', { name: 'two' });
    await second;
    expect(heard).toEqual(['tools']);
  });
});
