import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../events/db/connect.js';
import { migrate } from '../events/db/migrate.js';
import { exec } from '../events/db/dialect.js';
import type { Database } from '../events/db/types.js';
import { registry } from '../events/registry.js';
import { createEventStore } from '../events/store/store.js';
import type { DomainEvent } from '../events/store/types.js';
import { teamStream } from '../events/teams/events.js';
import { gatewayStream } from '../events/gateways/events.js';
import { catalogItemId } from '../events/catalog/names.js';
import { createAuthzView } from '../api/authz/view.js';
import { createAuthz } from '../api/authz/can.js';
import type { Principal } from '../api/authz/principal.js';
import { createCatalogQueries } from '../api/catalog/queries.js';
import { pageRequest } from '../api/graphql/paging.js';
import { percentile, recordSection, table } from './report.js';

const TEAMS = 500;
const USERS = 5_000;
const TOOLS = 10_000;
const GATEWAYS_PER_TEAM = 1;
const MEMBER_TEAMS = 20;
const RUNS = 500;
const VISIBILITIES = ['private', 'team', 'public'] as const;

interface Figures {
  dialect: string;
  seedS: number;
  events: number;
  p50: number;
  p95: number;
  visible: number;
}

/**
 * Seeds through real events and the real projections: 500 teams (TeamCreated, MemberAdded), 5,000 users
 * spread over them as members, and one gateway per team (GatewayRegistered) whose 20 tools arrive as
 * CatalogItemDiscovered, a third each private, team and public. User 0 is a member of 20 teams. Then
 * times the GraphQL `tools` list's query (visibility predicate in SQL, LIMIT 51, plus its tags query).
 */
async function measure(database: Database): Promise<Figures> {
  await migrate(database);
  const store = createEventStore(database, registry);
  const meta = { actor: 'bench@example.com', requestId: 'bench' };
  const started = performance.now();
  const email = (u: number) => `user${u}@bench.example`;
  const toolsPerGateway = TOOLS / (TEAMS * GATEWAYS_PER_TEAM);
  for (let first = 0; first < TEAMS; first += 25) {
    await store.transact(meta, async (unit) => {
      for (let team = first; team < first + 25; team++) {
        const teamId = `team-${team}`;
        const members: DomainEvent[] = [];
        // Every user belongs to one team (user u to team u % 500); user 0 also to teams 1..19.
        for (let u = team; u < USERS; u += TEAMS) members.push({ type: 'MemberAdded', data: { userId: `user-${u}`, email: email(u), role: u === team ? 'team_owner' : 'team_member', via: 'creation' } });
        if (team > 0 && team < MEMBER_TEAMS) members.push({ type: 'MemberAdded', data: { userId: 'user-0', email: email(0), role: 'team_member', via: 'invitation' } });
        await unit.append(teamStream(teamId), 0, [
          { type: 'TeamCreated', data: { teamId, name: `Team ${team}`, slug: `team-${team}`, description: '', visibility: 'private', personal: false, createdBy: `user-${team}` } },
          ...members,
        ]);
        const gatewayId = `gw-${team}`;
        const tools: DomainEvent[] = Array.from({ length: toolsPerGateway }, (_, i) => {
          const name = `tool-${i}`;
          const definition = JSON.stringify({ name, description: `Tool ${i} of team ${team}`, inputSchema: { type: 'object', properties: { text: { type: 'string' } } } });
          return {
            type: 'CatalogItemDiscovered',
            data: { itemId: catalogItemId(gatewayId, 'tools', name), kind: 'tools', upstreamName: name, name: `gw${team}-${name}`, definition, teamId, ownerEmail: email((team + i * TEAMS) % USERS), visibility: VISIBILITIES[(team + i) % 3] },
          };
        });
        await unit.append(gatewayStream(gatewayId), 0, [
          {
            type: 'GatewayRegistered',
            data: {
              gatewayId, name: `Gateway ${team}`, slug: `gw${team}`, description: '', tags: [], teamId, ownerEmail: email(team), visibility: 'team',
              transport: 'streamable_http', url: `http://upstream-${team}.example/mcp`, command: null, args: [], authType: 'none', credentials: null,
              server: { name: 'bench', version: '1', instructions: null }, createdBy: `user-${team}`,
            },
          },
          ...tools,
        ]);
      }
    });
  }
  const seedS = (performance.now() - started) / 1000;
  // Freshly loaded tables: give the planner the statistics a running system would have.
  await database.transaction((tx) => exec(database.dialect, tx, 'analyze'));
  const view = createAuthzView(database);
  await view.load();
  const authz = createAuthz(view);
  const queries = createCatalogQueries(database, authz);
  const member: Principal = { kind: 'user', userId: 'user-0', email: email(0), isPlatformAdmin: false, credential: { type: 'session', sessionId: 'bench', issuedAt: 0 } };
  if (authz.teamsOf(member).length !== MEMBER_TEAMS) throw new Error(`bench member is in ${authz.teamsOf(member).length} teams, not ${MEMBER_TEAMS}`);
  const page = pageRequest(50, null);
  for (let i = 0; i < 50; i++) await queries.items('tools', member, {}, page);
  const times: number[] = [];
  let visible = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const result = await queries.items('tools', member, {}, page);
    times.push(performance.now() - t0);
    visible = result.items.length;
  }
  times.sort((a, b) => a - b);
  return { dialect: database.dialect, seedS, events: (await store.head()).position, p50: percentile(times, 50), p95: percentile(times, 95), visible };
}

async function onSqlite(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const database = await openDatabase(`sqlite:///${join(dir, 'bench.db')}`, { maxRetries: 0 });
  try {
    return await measure(database);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(adminUrl: string): Promise<Figures> {
  const name = `sb_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString(), { maxRetries: 0, poolSize: 4 });
  try {
    return await measure(database);
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const ms = (n: number) => n.toFixed(2);

export default async function run(): Promise<void> {
  const pgUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const results: Figures[] = [];
  for (const [name, go] of [
    ['SQLite', onSqlite],
    ['PostgreSQL', () => onPostgres(pgUrl)],
  ] as const) {
    process.stderr.write(`catalog bench on ${name}: ${TOOLS} tools, ${TEAMS} teams, ${USERS} users…\n`);
    const f = await go();
    process.stderr.write(`  seeded ${f.events} events in ${f.seedS.toFixed(1)} s; first page p50 ${ms(f.p50)} ms, p95 ${ms(f.p95)} ms\n`);
    results.push(f);
  }
  const body = [
    `${TOOLS.toLocaleString('en-US')} tools across ${TEAMS} teams (one gateway each) and ${USERS.toLocaleString('en-US')} users, seeded through real events (TeamCreated, MemberAdded, GatewayRegistered, CatalogItemDiscovered) and the real projections; a third of the tools each private, team and public.`,
    `Measured: the GraphQL \`tools\` list's query for a member of ${MEMBER_TEAMS} teams — the visibility predicate in SQL (public, own, or team among the member's teams from role_grants), ordered by name, LIMIT 51, plus the page's tags query — first page of 50, ${RUNS} runs after 50 warm-up runs. Target: p50 < 5 ms on SQLite and PostgreSQL.`,
    '',
    table(
      ['database', 'events seeded', 'seed s', 'rows on page', 'p50 ms', 'p95 ms'],
      results.map((r) => [r.dialect === 'pg' ? 'PostgreSQL' : 'SQLite', r.events, r.seedS.toFixed(1), r.visible, ms(r.p50), ms(r.p95)]),
    ),
  ].join('\n');
  recordSection('catalog', 'npm run bench -- catalog', body);
}
