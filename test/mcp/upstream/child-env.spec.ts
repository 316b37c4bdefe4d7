import { afterAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CHILD_BASE_VARIABLES, childEnvironment } from '../../../api/mcp/upstream/child-env.js';
import { createUpstreamConnection } from '../../../api/mcp/upstream/connection.js';
import { everythingStdio } from '../../fixtures/everything.js';
import { capturedLogger } from './support.js';

const GATEWAY_SECRETS = {
  DATABASE_URL: 'postgresql://gateway:db-password@127.0.0.1/switchboard',
  JWT_SECRET_KEY: 'gateway-jwt-secret',
  AUTH_ENCRYPTION_SECRET: 'gateway-encryption-secret',
  SWITCHBOARD_CANARY: 'must-not-cross',
};

describe('the environment of a stdio upstream', () => {
  const saved = Object.fromEntries(Object.keys(GATEWAY_SECRETS).map((k) => [k, process.env[k]]));
  Object.assign(process.env, GATEWAY_SECRETS);
  const conn = createUpstreamConnection(
    { transport: 'stdio', ...everythingStdio(), env: { REGISTERED_VAR: 'given-at-registration' } },
    { gatewayId: 'gw-env', logger: capturedLogger().logger },
  );

  afterAll(async () => {
    await conn.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("holds the registration's variables and nothing of the gateway's (server-everything get-env)", async () => {
    const result = await conn.callTool('get-env', {});
    const env = JSON.parse((result.content[0] as { text: string }).text) as Record<string, string>;
    expect(env.REGISTERED_VAR).toBe('given-at-registration');
    expect(env.PATH).toBe(process.env.PATH);
    for (const name of Object.keys(GATEWAY_SECRETS)) expect(env).not.toHaveProperty(name);
    expect(JSON.stringify(env)).not.toMatch(/gateway-jwt-secret|db-password|must-not-cross/);
    expect(Object.keys(env).filter((k) => k !== 'REGISTERED_VAR' && !CHILD_BASE_VARIABLES.includes(k))).toEqual([]);
  });

  it('is PATH, HOME, locale and time zone plus what was given, which wins', () => {
    const parent = { PATH: '/bin', HOME: '/home/x', LANG: 'C.UTF-8', TZ: 'UTC', SHELL: '/bin/sh', USER: 'x', SECRET: 's', LC_ALL: '() { evil; }' };
    expect(childEnvironment({ TZ: 'Europe/Paris', API_KEY: 'k' }, parent)).toEqual({
      PATH: '/bin',
      HOME: '/home/x',
      LANG: 'C.UTF-8',
      TZ: 'Europe/Paris',
      API_KEY: 'k',
    });
  });
});
