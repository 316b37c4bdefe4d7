import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportEvents } from '../../../events/export/export.js';
import { verifyFile } from '../../../events/audit/verify-file.js';
import { redactSecret } from '../../../events/store/hash-chain.js';
import type { EventRegistry } from '../../../events/store/store.js';
import type { Database } from '../../../events/db/types.js';
import { dialects, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { auditRegistry, seedLog } from '../audit/fixtures.js';

async function exportTo(database: Database, registry: EventRegistry, file: string, options = {}) {
  const lines: string[] = [];
  const summary = await exportEvents(database, registry, (l) => void lines.push(l), { pageSize: 4, ...options });
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return { summary, lines: lines.map((l) => JSON.parse(l)) };
}

describe.each(dialects)('export and offline verify on %s', (dialect) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    await seedLog(t.database);
    dir = mkdtempSync(join(tmpdir(), 'sb-export-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one line per event in position order, secrets replaced by their redaction marker', async () => {
    const { summary, lines } = await exportTo(t.database, auditRegistry, join(dir, 'redacted.ndjson'));
    expect(summary).toEqual({ events: 6, last: 6 });
    expect(lines.map((l) => l.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Object.keys(lines[0])).toEqual(['position', 'streamId', 'streamVersion', 'type', 'data', 'metadata', 'hash']);
    expect(lines[1].data).toEqual({ secret: redactSecret('hunter2'), label: 'first' });
    expect(lines[1].data.secret.$redacted).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(lines[0].metadata).toEqual({ actor: 'actor1@example.com', requestId: 'req-1', clientIp: '10.0.0.1', userAgent: 'agent/1', time: '2026-11-25T10:00:01.000Z' });
    expect(readFileSync(join(dir, 'redacted.ndjson'), 'utf8')).not.toContain('hunter2');
  });

  it('verifies a redacted export offline, even without the registry that wrote it', async () => {
    const file = join(dir, 'redacted.ndjson');
    expect(await verifyFile(file, auditRegistry)).toMatchObject({ ok: true, checked: 6, anchoredAt: null });
    expect(await verifyFile(file, { types: {}, projections: [] })).toMatchObject({ ok: true, checked: 6 });
  });

  it('includes the secrets only when asked, and that export verifies too', async () => {
    const file = join(dir, 'full.ndjson');
    const { lines } = await exportTo(t.database, auditRegistry, file, { includeSecrets: true });
    expect(lines[4].data.secret).toEqual({ key: 's3cr3t' });
    expect(await verifyFile(file, auditRegistry)).toMatchObject({ ok: true, checked: 6 });
  });

  it('exports from a position; that file verifies from its first event, the anchor', async () => {
    const file = join(dir, 'from4.ndjson');
    const { lines } = await exportTo(t.database, auditRegistry, file, { from: 4 });
    expect(lines.map((l) => l.position)).toEqual([4, 5, 6]);
    expect(await verifyFile(file, auditRegistry)).toMatchObject({ ok: true, checked: 2, anchoredAt: 4 });
  });

  it('refuses to redact an event type the registry does not know', async () => {
    const partial: EventRegistry = { types: { AuditNoted: {} }, projections: [] };
    await expect(exportTo(t.database, partial, join(dir, 'x.ndjson'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/AuditSecretSet at position 2 is not in the registry/),
    });
  });

  it('names the first bad position of a tampered, truncated or damaged export', async () => {
    const original = readFileSync(join(dir, 'redacted.ndjson'), 'utf8').trimEnd().split('\n');
    const check = (name: string, lines: string[], options = {}) => {
      const file = join(dir, name);
      writeFileSync(file, lines.join('\n') + '\n');
      return verifyFile(file, auditRegistry, options);
    };
    const edited = original.map((l, i) => (i === 2 ? l.replace('"three"', '"THREE"') : l));
    expect(await check('edited.ndjson', edited)).toMatchObject({ ok: false, firstBadPosition: 3, problem: 'hash-mismatch' });
    const dropped = original.filter((_, i) => i !== 3);
    expect(await check('dropped.ndjson', dropped)).toMatchObject({ ok: false, firstBadPosition: 4, problem: 'position-gap' });
    const last = JSON.parse(original[5]);
    const truncated = original.slice(0, 5);
    expect(await check('truncated.ndjson', truncated)).toMatchObject({ ok: true });
    expect(await check('truncated.ndjson', truncated, { expectHead: { position: 6, hash: last.hash } })).toMatchObject({
      ok: false,
      firstBadPosition: 6,
      problem: 'expected-head-mismatch',
    });
    const broken = original.map((l, i) => (i === 1 ? l.slice(0, 20) : l));
    const result = await check('broken.ndjson', broken);
    expect(result).toMatchObject({ ok: false, firstBadPosition: 2, problem: 'malformed' });
    expect(result.reason).toBe('line 2: not valid JSON');
  });
});
