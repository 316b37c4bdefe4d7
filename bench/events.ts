import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openDatabase } from '../events/db/connect.js';
import { migrate } from '../events/db/migrate.js';
import type { Database } from '../events/db/types.js';
import { registry } from '../events/registry.js';
import { createEventStore } from '../events/store/store.js';
import type { DomainEvent } from '../events/store/types.js';
import { userStreamId } from '../events/users/events.js';
import { verifyDatabase } from '../events/audit/verify.js';
import { replay } from '../events/replay/replay.js';
import { recordSection, table } from './report.js';
import { profileTop } from './profile.js';

const PER_TRANSACTION = 1000;

interface Figures {
  dialect: string;
  events: number;
  appendS: number;
  replayS: number;
  verifyS: number;
  differences: number;
  /** Where a replay's time went, when it missed the target (SQLite). */
  profile?: string[];
}

const REPLAY_TARGET = 50_000;

/**
 * Real event types through the real projections: each stream is a user (UserRegistered), then admin rights
 * granted and revoked in turn, each an UPDATE of its users row. Appends go through the store, 1,000 events
 * per transaction (ten streams at a time), so the figure is bulk-load speed, not one request per event.
 */
async function measure(database: Database, url: string, events: number, streams: number): Promise<Figures> {
  await migrate(database);
  const store = createEventStore(database, registry);
  const perStream = Math.floor(events / streams);
  const streamsPerTx = Math.max(1, Math.floor(PER_TRANSACTION / perStream));
  const meta = { actor: 'bench@example.com', requestId: 'bench', clientIp: '127.0.0.1', userAgent: 'bench' };
  const started = performance.now();
  for (let first = 0; first < streams; first += streamsPerTx) {
    await store.transact(meta, async (unit) => {
      for (let s = first; s < Math.min(streams, first + streamsPerTx); s++) {
        const userId = `bench-${s}`;
        const batch: DomainEvent[] = [
          {
            type: 'UserRegistered',
            data: { userId, email: `user${s}@bench.example`, fullName: `User ${s}`, passwordHash: `$argon2id$v=19$m=65536,t=3,p=1$${s}`, isPlatformAdmin: false, source: 'admin' },
          },
        ];
        for (let i = 1; i < perStream; i++) batch.push({ type: i % 2 ? 'UserAdminGranted' : 'UserAdminRevoked', data: { userId } });
        await unit.append(userStreamId(userId), 0, batch);
      }
    });
  }
  const appendS = (performance.now() - started) / 1000;
  const total = (await store.head()).position;

  const replayStart = performance.now();
  const report = await replay(database, registry, { url });
  const replayS = (performance.now() - replayStart) / 1000;

  const verifyStart = performance.now();
  const verified = await verifyDatabase(database, registry);
  const verifyS = (performance.now() - verifyStart) / 1000;
  if (!verified.ok) throw new Error(`bench log does not verify: ${verified.reason}`);
  let profile: string[] | undefined;
  if (database.dialect === 'sqlite' && total / replayS < REPLAY_TARGET) {
    profile = (await profileTop(() => replay(database, registry, { url }))).lines;
  }
  return { dialect: database.dialect, events: total, appendS, replayS, verifyS, differences: report.differences.length, profile };
}

async function onSqlite(events: number, streams: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const url = `sqlite:///${join(dir, 'bench.db')}`;
  const database = await openDatabase(url, { maxRetries: 0 });
  try {
    return await measure(database, url, events, streams);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(adminUrl: string, events: number, streams: number): Promise<Figures> {
  const name = `sb_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString(), { maxRetries: 0, poolSize: 4 });
  try {
    return await measure(database, url.toString(), events, streams);
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');

export default async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { events: { type: 'string', default: '100000' }, streams: { type: 'string', default: '1000' } } });
  const events = Number(values.events);
  const streams = Number(values.streams);
  const pgUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const results: Figures[] = [];
  for (const [name, go] of [
    ['SQLite', () => onSqlite(events, streams)],
    ['PostgreSQL', () => onPostgres(pgUrl, events, streams)],
  ] as const) {
    process.stderr.write(`events bench on ${name}: ${events} events across ${streams} streams…\n`);
    const figures = await go();
    process.stderr.write(`  append ${rate(figures.events, figures.appendS)}/s, replay ${rate(figures.events, figures.replayS)}/s, verify ${rate(figures.events, figures.verifyS)}/s\n`);
    results.push(figures);
  }
  const body = [
    `${events.toLocaleString('en-US')} real events (UserRegistered, then UserAdminGranted/UserAdminRevoked in turn) across ${streams.toLocaleString('en-US')} user streams, through the real registry and its projections.`,
    `Append: through the store, ${PER_TRANSACTION} events per transaction (each append hashes, inserts and runs the users projection).`,
    'Replay: `events replay` as a whole: read the log in pages of 2,000, run every projection into fresh tables (a temporary in-memory SQLite database; a scratch PostgreSQL schema), then compare every projection row with the live tables.',
    'Verify: `events verify`: read the log in pages of 2,000 and recompute every hash. Target: replay ≥ 50,000 events/s on SQLite.',
    '',
    ...results
      .filter((r) => r.profile)
      .flatMap((r) => [
        `**Target missed**: replay on SQLite ran at ${rate(r.events, r.replayS)} events/s against ${REPLAY_TARGET.toLocaleString('en-US')}. A second replay under the V8 profiler spends its self time here:`,
        '',
        ...r.profile!,
        '',
        'Reading it: drizzle functions near the top (`is()`, `buildQueryFromSourceParams`, `mapUpdateSet`) mean a projection builds its SQL for every event; hot statements should go through events/store/prepared.ts (built once per transaction, executed with placeholders). SQLite itself is `run` and `all`.',
        '',
      ]),
    table(
      ['database', 'events', 'append events/s', 'replay events/s', 'verify events/s', 'replay differences'],
      results.map((r) => [r.dialect === 'pg' ? 'PostgreSQL' : 'SQLite', r.events, rate(r.events, r.appendS), rate(r.events, r.replayS), rate(r.events, r.verifyS), r.differences]),
    ),
  ].join('\n');
  recordSection('events', `npm run bench -- events${args.length ? ` ${args.join(' ')}` : ''}`, body);
}
