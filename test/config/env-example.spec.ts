import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config/config.js';

/** Every variable the configuration reads, recorded as it reads them. */
function variablesRead(): string[] {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  loadConfig(env);
  return [...read].sort();
}

describe('.env.example', () => {
  const lines = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n');
  const documented = new Map(
    lines.flatMap((l) => {
      const m = /^# ([A-Z][A-Z0-9_]*)=(.*)$/.exec(l);
      return m ? [[m[1], m[2]] as const] : [];
    }),
  );

  it('lists every variable the configuration reads', () => {
    const missing = variablesRead().filter((name) => !documented.has(name));
    expect(missing, 'add these to .env.example, commented, with their defaults').toEqual([]);
  });

  it('lists nothing the configuration does not read', () => {
    const read = new Set(variablesRead());
    expect([...documented.keys()].filter((name) => !read.has(name))).toEqual([]);
  });

  it('shows the defaults the configuration actually has', () => {
    const c = loadConfig({});
    const shown = (name: string) => documented.get(name);
    expect(shown('PORT')).toBe(String(c.port));
    expect(shown('HOST')).toBe(c.host);
    expect(shown('DATABASE_URL')).toBe(c.database.url);
    expect(shown('DB_POOL_SIZE')).toBe(String(c.database.poolSize));
    expect(shown('DB_POOL_RECYCLE')).toBe(String(c.database.poolRecycleSeconds));
    expect(shown('MAX_REQUEST_BODY_BYTES')).toBe(String(c.http.maxRequestBodyBytes));
    expect(shown('JWT_SECRET_KEY')).toBe(c.jwt.secretKey);
    expect(shown('AUTH_ENCRYPTION_SECRET')).toBe(c.encryption.secret);
    expect(shown('PLATFORM_ADMIN_PASSWORD')).toBe(c.emailAuth.adminPassword);
    expect(shown('TOKEN_EXPIRY')).toBe(String(c.jwt.expiryMinutes));
  });
});
