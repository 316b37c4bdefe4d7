import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { startTestApp, type TestApp } from '../support/app.js';
import { REPO } from '../support/main-process.js';
import { DEFAULT_ADMIN, bearer, login } from '../support/auth.js';
import { runTokenCli } from '../../api/auth/token-cli.js';
import { listen, type RunningServer } from '../../api/server.js';

const run = promisify(execFile);
const SECRET = 'cli-test-secret-0123456789';

describe('npm run token', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ JWT_SECRET_KEY: SECRET });
    env = { DATABASE_URL: t.services.config.database.url, ENVIRONMENT: 'test' };
  });
  afterAll(() => t.close());

  it('prints a token for an existing active user that a listening server accepts on /version', async () => {
    const { stdout } = await run(join(REPO, 'node_modules', '.bin', 'tsx'), [join(REPO, 'api/auth/token-cli.ts'), '--username', DEFAULT_ADMIN.email, '--exp', '10080', '--secret', SECRET], {
      cwd: mkdtempSync(join(tmpdir(), 'sb-cli-')),
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    const token = stdout.trim();
    const server: RunningServer = await listen(t.app, { ...t.services, config: { ...t.services.config, port: 0 } });
    try {
      const res = await fetch(`${server.url}/version`, { headers: bearer(token) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { app: string }).app).toBe('switchboard');
    } finally {
      server.server.close();
    }
  });

  it('--decode prints the header and the identity claims', async () => {
    const token = await runTokenCli(['--username', DEFAULT_ADMIN.email, '--exp', '5', '--secret', SECRET], env);
    const decoded = JSON.parse(await runTokenCli(['--decode', token], env));
    expect(decoded).toEqual({
      header: { alg: 'HS256', typ: 'JWT' },
      claims: { sub: DEFAULT_ADMIN.email, jti: expect.any(String), iat: expect.any(Number), exp: decoded.claims.iat + 300, iss: 'mcpgateway', aud: 'mcpgateway-api' },
    });
    expect(Object.keys(decoded.claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
  });

  it('--exp 0 mints a token without expiry, refused once REQUIRE_TOKEN_EXPIRATION=true', async () => {
    const token = await runTokenCli(['--username', DEFAULT_ADMIN.email, '--exp', '0', '--secret', SECRET], env);
    expect(JSON.parse(await runTokenCli(['--decode', token], env)).claims.exp).toBeUndefined();
    expect((await t.fetch('/version', { headers: bearer(token) })).status).toBe(200);
    await expect(runTokenCli(['--username', DEFAULT_ADMIN.email, '--exp', '0'], { ...env, REQUIRE_TOKEN_EXPIRATION: 'true' })).rejects.toThrow(/REQUIRE_TOKEN_EXPIRATION=true refuses/);
  });

  it('refuses an unknown user, and a token signed with another secret is refused by the server', async () => {
    await expect(runTokenCli(['--username', 'nobody@example.com', '--secret', SECRET], env)).rejects.toThrow('No user nobody@example.com exists');
    const wrong = await runTokenCli(['--username', DEFAULT_ADMIN.email, '--secret', 'not-the-server-secret'], env);
    expect((await t.fetch('/version', { headers: bearer(wrong) })).status).toBe(401);
    await expect(runTokenCli(['--exp', '5'], env)).rejects.toThrow(/usage:/);
  });
});

describe('RS256 and ES256 end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['RS256', 'ES256'] as const)('%s: sign-in, an authenticated request and a CLI token', async (algorithm) => {
    const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
    const keys = { JWT_ALGORITHM: algorithm, JWT_PRIVATE_KEY_PATH: join(dir, `${algorithm}.key`), JWT_PUBLIC_KEY_PATH: join(dir, `${algorithm}.pub`) };
    writeFileSync(keys.JWT_PRIVATE_KEY_PATH, await exportPKCS8(privateKey));
    writeFileSync(keys.JWT_PUBLIC_KEY_PATH, await exportSPKI(publicKey));
    const t = await startTestApp(keys);
    try {
      const token = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).alg).toBe(algorithm);
      expect((await t.fetch('/version', { headers: bearer(token) })).status).toBe(200);
      const minted = await runTokenCli(['--username', DEFAULT_ADMIN.email], { DATABASE_URL: t.services.config.database.url, ENVIRONMENT: 'test', ...keys });
      expect((await t.fetch('/version', { headers: bearer(minted) })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
