import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMainToExit, startMain } from '../support/main-process.js';

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('database at start-up (npm start as a child process)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'sb-startup-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('creates the default SQLite database under ./data of its working directory', async () => {
    const server = await startMain({}, cwd);
    try {
      expect(existsSync(join(cwd, 'data', 'switchboard.db'))).toBe(true);
      const listening = server.logs.find((l) => l.msg === 'switchboard listening');
      expect(listening).toMatchObject({ dialect: 'sqlite' });
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it.each([
    ['PostgreSQL', (port: number) => `postgresql://postgres:pw@127.0.0.1:${port}/sb`],
    ['MySQL', (port: number) => `mysql://root:pw@127.0.0.1:${port}/sb`],
  ])('retries the first %s connection DB_MAX_RETRIES times, then exits with a clear message', async (_name, url) => {
    const port = await closedPort();
    const { code, stdout } = await runMainToExit({ DATABASE_URL: url(port), DB_MAX_RETRIES: '2', DB_RETRY_INTERVAL_MS: '20', LOG_FORMAT: 'json' }, cwd);
    expect(code).toBe(1);
    const logs = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const retries = logs.filter((l) => String(l.msg).includes('not reachable yet; retrying'));
    expect(retries.map((l) => [l.attempt, l.of])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    const fatal = logs.at(-1)!;
    expect(fatal).toMatchObject({ level: 60, code: 'UNAVAILABLE' });
    expect(fatal.msg).toMatch(new RegExp(`^Cannot connect to the database at .*127\\.0\\.0\\.1:${port}/sb after 3 attempt\\(s\\): `));
    // The password given in DATABASE_URL is never printed.
    expect(stdout).not.toContain(':pw@');
  });

  it('exits with a clear message when the SQLite file cannot be created', async () => {
    const blocker = join(cwd, 'not-a-directory');
    writeFileSync(blocker, '');
    const { code, stdout } = await runMainToExit({ DATABASE_URL: `sqlite:///${blocker}/x.db`, LOG_FORMAT: 'json' }, cwd);
    expect(code).toBe(1);
    const fatal = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(fatal).toMatchObject({ level: 60, code: 'UNAVAILABLE' });
    expect(fatal.msg).toContain(`Cannot open the SQLite database ${blocker}/x.db: `);
  });
});
