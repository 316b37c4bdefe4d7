import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnvironment } from '../../api/config/config.js';
import { runMainToExit } from '../support/main-process.js';

/** The problems a configuration has, or [] when it loads. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

const PRODUCTION_SECRETS = {
  ENVIRONMENT: 'production',
  JWT_SECRET_KEY: 'a-long-random-signing-key',
  AUTH_ENCRYPTION_SECRET: 'a-long-random-encryption-secret',
  PLATFORM_ADMIN_PASSWORD: 'a-long-admin-password',
};

describe('configuration defaults', () => {
  it('serves on 127.0.0.1:4444 with embedded SQLite under ./data when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 4444,
      appDomain: 'http://localhost:4444',
      rootPath: '',
      environment: 'development',
      production: false,
      logLevel: 'info',
      logFormat: 'json',
    });
    expect(c.database).toEqual({
      url: 'sqlite:///./data/switchboard.db',
      poolSize: 20,
      maxOverflow: 5,
      poolTimeoutSeconds: 60,
      poolRecycleSeconds: 3600,
      maxRetries: 5,
      retryIntervalMs: 2000,
    });
    expect(c.http).toMatchObject({
      allowedOrigins: ['http://localhost:4444'],
      corsEnabled: true,
      secureCookies: false,
      cookieSameSite: 'lax',
      securityHeaders: true,
      trustProxy: false,
      maxRequestBodyBytes: 1_048_576,
    });
    expect(c.http.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(c.jwt).toMatchObject({ algorithm: 'HS256', audience: 'mcpgateway-api', issuer: 'mcpgateway', expiryMinutes: 10080 });
  });

  it('derives the allowed origin and hosts from APP_DOMAIN and trims a trailing slash from APP_ROOT_PATH', () => {
    const c = loadConfig({ APP_DOMAIN: 'https://Gateway.Example.com/', APP_ROOT_PATH: '/gateway/' });
    expect(c.appDomain).toBe('https://Gateway.Example.com');
    expect(c.rootPath).toBe('/gateway');
    expect(c.http.allowedOrigins).toEqual(['https://gateway.example.com']);
    expect(c.http.allowedHosts).toContain('gateway.example.com');
  });

  it('reads lists as JSON arrays or comma-separated, and booleans in the usual spellings', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: '["https://a.example", "https://b.example"]' }).http.allowedOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://a.example, https://b.example' }).http.allowedOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    for (const v of ['true', '1', 'yes', 'ON']) expect(loadConfig({ TRUST_PROXY: v }).http.trustProxy).toBe(true);
    for (const v of ['false', '0', 'no', 'Off']) expect(loadConfig({ CORS_ENABLED: v }).http.corsEnabled).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' })).toMatchObject({ port: 4444, database: { url: 'sqlite:///./data/switchboard.db' } });
  });
});

describe('bad values', () => {
  it.each([
    ['PORT', 'http', 'PORT="http" is invalid: expected a whole number from 0 to 65535'],
    ['PORT', '65536', 'PORT="65536" is invalid: expected a whole number from 0 to 65535'],
    ['DB_POOL_SIZE', '0', 'DB_POOL_SIZE="0" is invalid: expected a whole number from 1 to 1000'],
    ['DB_POOL_SIZE', '2.5', 'DB_POOL_SIZE="2.5" is invalid: expected a whole number from 1 to 1000'],
    ['CORS_ENABLED', 'maybe', 'CORS_ENABLED="maybe" is invalid: expected true or false'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL="loud" is invalid: expected one of trace, debug, info, warn, error, fatal, silent'],
    ['ENVIRONMENT', 'staging', 'ENVIRONMENT="staging" is invalid: expected one of development, production, test'],
    ['ALLOWED_ORIGINS', '["a", 1]', 'ALLOWED_ORIGINS="[\\"a\\", 1]" is invalid: expected a JSON array of strings or a comma-separated list'],
    ['APP_DOMAIN', 'ftp://example.com', 'APP_DOMAIN="ftp://example.com" is invalid: expected an absolute http(s) URL such as https://gateway.example.com'],
    ['APP_ROOT_PATH', 'gateway', 'APP_ROOT_PATH="gateway" is invalid: expected a path starting with / such as /gateway'],
    ['MAX_REQUEST_BODY_BYTES', '100', 'MAX_REQUEST_BODY_BYTES="100" is invalid: expected a whole number from 1024 to 1073741824'],
  ])('%s=%s gives one line naming it and what it accepts', (name, value, line) => {
    expect(problems({ [name]: value })).toEqual([line]);
  });

  it('refuses RS/ES signing without both key paths', () => {
    expect(problems({ JWT_ALGORITHM: 'RS256' })).toEqual([
      'JWT_ALGORITHM="RS256" is invalid: expected HS256/384/512, or JWT_PUBLIC_KEY_PATH and JWT_PRIVATE_KEY_PATH set for RS*/ES*',
    ]);
    expect(problems({ JWT_ALGORITHM: 'RS256', JWT_PUBLIC_KEY_PATH: '/k.pub', JWT_PRIVATE_KEY_PATH: '/k' })).toEqual([]);
  });

  it('reports every bad variable at once, one line each', () => {
    expect(problems({ PORT: 'x', LOG_FORMAT: 'xml', SECURITY_HEADERS_ENABLED: '2' })).toEqual([
      'PORT="x" is invalid: expected a whole number from 0 to 65535',
      'LOG_FORMAT="xml" is invalid: expected one of json, text',
      'SECURITY_HEADERS_ENABLED="2" is invalid: expected true or false',
    ]);
  });
});

describe('production', () => {
  it('refuses each development-default secret by name', () => {
    expect(problems({ ENVIRONMENT: 'production' })).toEqual([
      'JWT_SECRET_KEY is still its development default: set a secret of your own when ENVIRONMENT=production',
      'AUTH_ENCRYPTION_SECRET is still its development default: set a secret of your own when ENVIRONMENT=production',
      'PLATFORM_ADMIN_PASSWORD is still its development default: set a secret of your own when ENVIRONMENT=production',
    ]);
    expect(problems({ ...PRODUCTION_SECRETS, AUTH_ENCRYPTION_SECRET: 'my-test-salt' })).toEqual([
      'AUTH_ENCRYPTION_SECRET is still its development default: set a secret of your own when ENVIRONMENT=production',
    ]);
  });

  it('starts with secrets of its own, and turns on secure cookies', () => {
    const c = loadConfig(PRODUCTION_SECRETS);
    expect(c.production).toBe(true);
    expect(c.http.secureCookies).toBe(true);
  });

  it('ignores the HS key when tokens are signed with RS/ES keys', () => {
    const { JWT_SECRET_KEY: _unused, ...rest } = PRODUCTION_SECRETS;
    expect(problems({ ...rest, JWT_ALGORITHM: 'ES256', JWT_PUBLIC_KEY_PATH: '/k.pub', JWT_PRIVATE_KEY_PATH: '/k' })).toEqual([]);
  });

  it('keeps development defaults acceptable outside production', () => {
    expect(problems({ ENVIRONMENT: 'test' })).toEqual([]);
  });
});

describe('.env file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, '.env'), '# comment\nPORT=5555\nLOG_LEVEL=debug\nAPP_ROOT_PATH="/from-file"\n');

  it('is read from the working directory, and the environment wins over it', () => {
    const env = readEnvironment(dir, { LOG_LEVEL: 'warn' });
    const c = loadConfig(env);
    expect(c.port).toBe(5555);
    expect(c.rootPath).toBe('/from-file');
    expect(c.logLevel).toBe('warn');
  });

  it('is optional', () => {
    const empty = mkdtempSync(join(tmpdir(), 'sb-config-none-'));
    try {
      expect(readEnvironment(empty, { PORT: '1' })).toEqual({ PORT: '1' });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('start-up with a bad configuration (npm start as a child process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-config-main-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops with exit code 2 and one stderr line naming the variable', async () => {
    const { code, stderr, stdout } = await runMainToExit({ DB_POOL_SIZE: 'lots' }, dir);
    expect(code).toBe(2);
    expect(stderr).toBe('switchboard: configuration error: DB_POOL_SIZE="lots" is invalid: expected a whole number from 1 to 1000\n');
    expect(stdout).toBe('');
  });

  it('stops in production while a secret is its development default', async () => {
    const { code, stderr } = await runMainToExit({ ...PRODUCTION_SECRETS, PLATFORM_ADMIN_PASSWORD: 'changeme' }, dir);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'switchboard: configuration error: PLATFORM_ADMIN_PASSWORD is still its development default: set a secret of your own when ENVIRONMENT=production\n',
    );
  });

  it('reads a bad value from .env in its working directory, and the environment overrides it', async () => {
    const withEnv = mkdtempSync(join(tmpdir(), 'sb-config-dotenv-'));
    try {
      writeFileSync(join(withEnv, '.env'), 'LOG_FORMAT=xml\n');
      const fromFile = await runMainToExit({}, withEnv);
      expect(fromFile.code).toBe(2);
      expect(fromFile.stderr).toBe('switchboard: configuration error: LOG_FORMAT="xml" is invalid: expected one of json, text\n');
      const overridden = await runMainToExit({ LOG_FORMAT: 'text', PORT: 'x' }, withEnv);
      expect(overridden.stderr).toBe('switchboard: configuration error: PORT="x" is invalid: expected a whole number from 0 to 65535\n');
    } finally {
      rmSync(withEnv, { recursive: true, force: true });
    }
  });
});
