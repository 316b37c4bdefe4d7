import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everythingStdio } from '../../fixtures/everything.js';
import { stdioFixture } from '../../fixtures/run-stdio.js';
import { manualTimer } from '../../mcp/upstream/manual-timer.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { startTimedServices } from './support.js';

const meta = { actor: 'test' };
const GATEWAY_SECRETS = { DATABASE_URL: 'postgresql://gw:db-password-canary@127.0.0.1/x', JWT_SECRET_KEY: 'jwt-canary-5150', SWITCHBOARD_CANARY: 'must-not-cross' };
const CHILD_SECRET = 'stdio-env-canary-8c1d';

describe('stdio gateways', () => {
  const timer = manualTimer();
  let t: Awaited<ReturnType<typeof startTimedServices>>;
  const saved = Object.fromEntries(Object.keys(GATEWAY_SECRETS).map((k) => [k, process.env[k]]));
  const dir = mkdtempSync(join(tmpdir(), 'sb-stdio-'));

  beforeAll(async () => {
    Object.assign(process.env, GATEWAY_SECRETS);
    t = await startTimedServices(timer);
  });
  afterAll(async () => {
    await t?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers server-everything over stdio end to end; the child sees its registered env and none of the gateway secrets', async () => {
    const { command, args } = everythingStdio();
    const id = await t.services.gateways.registerGateway(t.admin, meta, { name: 'Everything', transport: 'stdio', command, args, env: { API_TOKEN: CHILD_SECRET } });
    const gw = (await t.services.gatewayQueries.gateway(t.admin, id))!;
    expect(gw).toMatchObject({ transport: 'stdio', command, args, hasCredentials: true, serverName: expect.stringContaining('everything') });
    const tools = await t.services.catalogQueries.items('tools', t.admin, { gatewayId: id }, pageRequest(200, null));
    // Declaring sampling, elicitation and roots makes server-everything offer its tools that need them.
    expect(tools.items.map((x) => x.name)).toEqual(expect.arrayContaining(['everything-echo', 'everything-get-env', 'everything-trigger-sampling-request', 'everything-trigger-elicitation-request']));
    expect((await t.services.catalogQueries.items('prompts', t.admin, { gatewayId: id }, pageRequest(200, null))).items.length).toBeGreaterThan(0);
    expect((await t.services.catalogQueries.items('resourceTemplates', t.admin, { gatewayId: id }, pageRequest(200, null))).items.length).toBeGreaterThan(0);

    const result = await t.services.gatewayManager.connection(id)!.callTool('get-env', {});
    const env = JSON.parse((result.content[0] as { text: string }).text) as Record<string, string>;
    expect(env.API_TOKEN).toBe(CHILD_SECRET);
    for (const name of Object.keys(GATEWAY_SECRETS)) expect(env).not.toHaveProperty(name);
    expect(JSON.stringify(env)).not.toMatch(/db-password-canary|jwt-canary|must-not-cross/);

    // The env value is stored sealed: neither the event log nor the gateways row holds it in clear.
    expect(JSON.stringify(await t.services.database.query('select * from events'))).not.toContain(CHILD_SECRET);
    expect(JSON.stringify(await t.services.database.query('select * from gateways'))).not.toContain(CHILD_SECRET);
    expect(JSON.stringify(t.lines())).not.toContain(CHILD_SECRET);
  });

  it('restarts a killed child with back-off on the controlled clock and re-syncs what the new process offers', async () => {
    // The child runs the crashing fixture until a flag file exists, then the changing fixture: a restart
    // that comes back with a different catalog.
    const flag = join(dir, 'switch');
    const crashing = stdioFixture('crashing-server');
    const changing = stdioFixture('changing-server');
    const script = `if test -e "$FLAG"; then exec "$0" ${changing.args.map((a) => `'${a}'`).join(' ')}; fi; exec "$0" "$@"`;
    const id = await t.services.gateways.registerGateway(t.admin, meta, {
      name: 'Phoenix',
      transport: 'stdio',
      command: 'sh',
      args: ['-c', script, crashing.command, ...crashing.args],
      env: { FLAG: flag },
    });
    const statuses = async () =>
      Object.fromEntries((await t.services.catalogQueries.items('tools', t.admin, { gatewayId: id }, pageRequest(50, null))).items.map((i) => [i.upstreamName, i.status]));
    expect(await statuses()).toEqual({ echo: 'active', pid: 'active', crash: 'active' });

    writeFileSync(flag, '');
    const conn = t.services.gatewayManager.connection(id)!;
    await expect(conn.callTool('crash')).rejects.toMatchObject({ code: 'UPSTREAM_DISCONNECTED' });
    await vi.waitFor(() => expect(conn.state()).toBe('restarting'), { timeout: 10_000 });
    expect(timer.pending()).toContain(1000);
    timer.advance(999);
    expect(conn.state()).toBe('restarting');
    timer.advance(1);
    await vi.waitFor(async () =>
      expect(await statuses()).toEqual({ echo: 'missing', pid: 'missing', crash: 'missing', 'add-tool': 'active', 'remove-tool': 'active' }),
      // Patience for a loaded machine: the new child starts tsx before it can answer.
      { timeout: 20_000 },
    );
    const types = (await t.services.store.readStream(`gateway-${id}`)).map((e) => e.type);
    expect(types.filter((x) => x === 'CatalogItemMissing')).toHaveLength(3);
    expect(t.lines()).toContainEqual(expect.objectContaining({ gatewayId: id, msg: 'stdio upstream exited; restart scheduled', delayMs: 1000 }));
  });
});
