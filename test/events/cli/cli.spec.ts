import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../../events/db/connect.js';
import { migrate } from '../../../events/db/migrate.js';
import { registry } from '../../../events/registry.js';
import { createEventStore } from '../../../events/store/store.js';
import type { LogHead } from '../../../events/store/types.js';
import { runScenario } from '../../support/scenario.js';
import { steppingClock, tamper } from '../audit/fixtures.js';

const run = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;

/** `npx tsx events/cli.ts …` as an operator runs it (`npm run events -- …`), with DATABASE_URL in the environment. */
async function cli(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'events/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, ENVIRONMENT: 'test', DB_MAX_RETRIES: '0' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('events CLI (child process, SQLite)', () => {
  let dir: string;
  let source: string;
  let head: LogHead;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
    source = `sqlite:///${join(dir, 'source.db')}`;
    const database = await openDatabase(source, { maxRetries: 0 });
    await migrate(database);
    const store = createEventStore(database, registry, steppingClock());
    await runScenario(store);
    head = await store.head();
    await database.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('head prints POSITION:HASH', async () => {
    expect(await cli(source, 'head')).toEqual({ code: 0, stdout: `${head.position}:${head.hash}\n`, stderr: '' });
  });

  it('verify exits 0 on an intact log, with and without the recorded head', async () => {
    const plain = await cli(source, 'verify');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(`ok: ${head.position} event(s) verified; head ${head.position}:${head.hash}\n`);
    expect((await cli(source, 'verify', '--expect-head', `${head.position}:${head.hash}`)).code).toBe(0);
    const ahead = await cli(source, 'verify', '--expect-head', `${head.position + 5}:${head.hash}`);
    expect(ahead.code).toBe(1);
    expect(ahead.stdout).toMatch(new RegExp(`^FAILED at position ${head.position + 1} \\(expected-head-mismatch\\): the log ends at position ${head.position}`));
  });

  it('exports redacted NDJSON that verifies offline, and imports it into an empty database', async () => {
    const file = join(dir, 'export.ndjson');
    const exported = await cli(source, 'export', '--out', file);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe(`exported ${head.position} event(s) up to position ${head.position}, secret fields redacted\n`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(head.position);
    expect(readFileSync(file, 'utf8')).not.toContain('$argon2id');

    const offline = await cli('sqlite:///./never/opened.db', 'verify', '--file', file, '--expect-head', `${head.position}:${head.hash}`);
    expect(offline).toMatchObject({ code: 0, stdout: `ok: ${head.position} event(s) verified; head ${head.position}:${head.hash}\n` });

    const target = `sqlite:///${join(dir, 'target.db')}`;
    const imported = await cli(target, 'import', file);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`^imported ${head.position} event\\(s\\)\nok: ${head.position} event\\(s\\) verified; head ${head.position}:${head.hash}\nreplay: ${head.position} event\\(s\\), \\d+ table\\(s\\), 0 difference\\(s\\)\n$`));
    expect(imported.stderr).toMatch(/warning: \d+ event\(s\) came without their secret fields/);
    expect(await cli(target, 'head')).toMatchObject({ code: 0, stdout: `${head.position}:${head.hash}\n` });

    const again = await cli(target, 'import', file);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^events: The target database is not empty: it holds \d+ event\(s\)/m);
  });

  it('export --from N writes from that position; --include-secrets keeps them', async () => {
    const partial = await cli(source, 'export', '--from', String(head.position - 1), '--include-secrets');
    expect(partial.code).toBe(0);
    expect(partial.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).position)).toEqual([head.position - 1, head.position]);
    expect(partial.stderr).toMatch(/WITH secret fields/);
  });

  it('replay exits 0 when the projections agree and 1, printing the row, when they do not', async () => {
    expect(await cli(source, 'replay')).toMatchObject({ code: 0, stdout: expect.stringMatching(/, 0 difference\(s\)\n$/) });
    const database = await openDatabase(source, { maxRetries: 0 });
    await tamper(database, sql`update users set full_name = 'Mallory' where id = 'u-admin'`);
    await database.close();
    const result = await cli(source, 'replay');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('users [id="u-admin"] changed: full_name: live "Mallory", replayed "Ada Admin"');
  });

  it('verify exits 1 naming the first bad position of a tampered log', async () => {
    const database = await openDatabase(source, { maxRetries: 0 });
    await tamper(database, sql`update events set actor = 'mallory@example.com' where position = 3`);
    await database.close();
    const result = await cli(source, 'verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAILED at position 3 \(hash-mismatch\): hash mismatch: stored [0-9a-f]{64}, recomputed [0-9a-f]{64}\n2 event\(s\) verified before it/);
  });

  it('exits 2 with the usage on a command it does not know or a malformed head', async () => {
    const unknown = await cli(source, 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^events: unknown command "frobnicate"\nusage: npm run events/);
    const badHead = await cli(source, 'verify', '--expect-head', 'xyz');
    expect(badHead.code).toBe(2);
    expect(badHead.stderr).toMatch(/POSITION:HASH/);
  });
});
