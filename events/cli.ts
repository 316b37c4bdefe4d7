import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../api/config/config.js';
import { openDatabase } from './db/connect.js';
import { migrate } from './db/migrate.js';
import type { Database } from './db/types.js';
import { redactDatabaseUrl } from './db/url.js';
import { registry } from './registry.js';
import { parseExpectedHead, type VerifyResult } from './audit/chain-check.js';
import { readHead, verifyDatabase } from './audit/verify.js';
import { verifyFile } from './audit/verify-file.js';
import { exportEvents } from './export/export.js';
import { importEvents } from './export/import.js';
import { describeDifference, replay } from './replay/replay.js';

const USAGE = `usage: npm run events -- COMMAND [options]   (the database is DATABASE_URL, as for the server)

  head                                  print the log head as POSITION:HASH, for an auditor to record
  verify [--expect-head POS:HASH]       check the hash chain of the database; name the first bad position
  verify --file FILE [--expect-head …]  check an export offline (no database)
  export [--from N] [--include-secrets] [--out FILE]
                                        write the log as NDJSON (secret fields redacted unless asked)
  import FILE                           load an export into an empty database, then verify and replay
  replay                                rebuild every projection into fresh tables; print rows that differ

exit status: 0 ok, 1 the log or the projections disagree, 2 usage or operational error`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

class UsageError extends Error {}

function printVerify(result: VerifyResult, extra = ''): number {
  if (result.ok) {
    out(`ok: ${result.checked} event(s) verified${extra}; head ${result.last.position}:${result.last.hash}`);
    return 0;
  }
  out(`FAILED at position ${result.firstBadPosition} (${result.problem}): ${result.reason}`);
  out(`${result.checked} event(s) verified before it; last good ${result.last.position}:${result.last.hash}`);
  return 1;
}

async function writeTo(file: string | undefined): Promise<{ write(line: string): Promise<void>; end(): Promise<void> }> {
  const stream: WriteStream | NodeJS.WriteStream = file ? createWriteStream(file, { flags: 'wx' }) : process.stdout;
  if (file) await once(stream, 'open');
  return {
    async write(line) {
      if (!stream.write(`${line}\n`)) await once(stream, 'drain');
    },
    async end() {
      if (file) await new Promise<void>((resolve, reject) => (stream as WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
    },
  };
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      'expect-head': { type: 'string' },
      from: { type: 'string' },
      'include-secrets': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const expectHead = values['expect-head'] ? parseExpectedHead(values['expect-head']) : undefined;

  if (command === 'verify' && values.file) {
    const result = await verifyFile(values.file, registry, { expectHead });
    const anchored = result.anchoredAt !== null ? ` (from position ${result.anchoredAt}, whose own hash is the unchecked anchor)` : '';
    return printVerify(result, anchored);
  }
  if (!['head', 'verify', 'export', 'import', 'replay'].includes(command)) throw new UsageError(`unknown command "${command}"`);
  if (command === 'import' && rest.length !== 1) throw new UsageError('import takes one FILE');
  if (command !== 'import' && rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  let from: number | undefined;
  if (values.from !== undefined) {
    if (!/^\d+$/.test(values.from) || Number(values.from) < 1) throw new UsageError('--from must be a position (1 or more)');
    from = Number(values.from);
  }

  const config = loadConfig();
  const url = config.database.url;
  const database: Database = await openDatabase(url, {
    poolSize: Math.min(config.database.poolSize, 4),
    maxRetries: config.database.maxRetries,
    retryIntervalMs: config.database.retryIntervalMs,
  });
  try {
    switch (command) {
      case 'head': {
        const head = await readHead(database);
        out(`${head.position}:${head.hash}`);
        return 0;
      }
      case 'verify':
        return printVerify(await verifyDatabase(database, registry, { expectHead }));
      case 'export': {
        const sink = await writeTo(values.out);
        const summary = await exportEvents(database, registry, sink.write, { from, includeSecrets: values['include-secrets'] });
        await sink.end();
        const secrets = values['include-secrets'] ? 'WITH secret fields: keep the file private' : 'secret fields redacted';
        err(`exported ${summary.events} event(s)${summary.last ? ` up to position ${summary.last}` : ''}, ${secrets}`);
        return 0;
      }
      case 'import': {
        await migrate(database);
        err(`importing ${rest[0]} into ${redactDatabaseUrl(url)}`);
        const report = await importEvents(database, registry, rest[0], { url, onNotice: err });
        out(`imported ${report.imported} event(s)`);
        const verified = printVerify(report.verify);
        for (const d of report.replay.differences) out(describeDifference(d));
        out(`replay: ${report.replay.replayed} event(s), ${report.replay.tables.length} table(s), ${report.replay.differences.length} difference(s)`);
        return verified || (report.replay.differences.length ? 1 : 0);
      }
      case 'replay': {
        const report = await replay(database, registry, { url });
        for (const d of report.differences) out(describeDifference(d));
        out(`replay: ${report.replayed} event(s), ${report.tables.length} table(s), ${report.differences.length} difference(s)`);
        return report.differences.length ? 1 : 0;
      }
    }
    return 2;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (e) {
  if (e instanceof ConfigError) for (const line of e.problems) err(`events: configuration error: ${line}`);
  else err(`events: ${(e as Error).message}`);
  if (e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') err(USAGE);
  process.exitCode = 2;
}
