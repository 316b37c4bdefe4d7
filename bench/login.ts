import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../api/config/config.js';
import { createLogger } from '../api/log/logger.js';
import { startServices } from '../api/bootstrap.js';
import { createApp } from '../api/app.js';
import { listen } from '../api/server.js';
import { percentile, recordSection, table } from './report.js';
import { DEFAULT_HASH_CONCURRENCY } from '../api/auth/passwords.js';

const PASSWORD = 'bench-password-1';

/**
 * Sign-ins with the DEFAULT Argon2id parameters through a real listening server: throughput, then the
 * event loop's delay and /health latency while 50 sign-ins run at once (hashing must stay off the loop).
 */
export default async function loginBench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { count: { type: 'string', default: '100' }, concurrent: { type: 'string', default: '50' } } });
  const count = Number(values.count);
  const concurrent = Number(values.concurrent);
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-login-'));
  const config = loadConfig({ DATABASE_URL: `sqlite:///${join(dir, 'bench.db')}`, ENVIRONMENT: 'test', PORT: '0', PLATFORM_ADMIN_PASSWORD: 'bench-admin-password' });
  const logger = createLogger({ level: 'silent', format: 'json', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const services = await startServices({ config, logger });
  const running = await listen(createApp(services), services);
  try {
    await services.accounts.createUser({ email: 'bench@example.com', password: PASSWORD, fullName: 'Bench' }, { actor: 'bench' });
    const signIn = async () => {
      const res = await fetch(`${running.url}/auth/email/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bench@example.com', password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    await signIn(); // warm-up

    // Throughput: `count` sign-ins, `concurrent` at a time.
    let started = performance.now();
    for (let done = 0; done < count; done += concurrent) {
      await Promise.all(Array.from({ length: Math.min(concurrent, count - done) }, signIn));
    }
    const perSecond = count / ((performance.now() - started) / 1000);

    // Responsiveness: /health, one request after another, while `concurrent` sign-ins are in flight.
    const health: number[] = [];
    const loop = monitorEventLoopDelay({ resolution: 1 });
    let busy = true;
    const probe = (async () => {
      while (busy) {
        const t0 = performance.now();
        const res = await fetch(`${running.url}/health`);
        await res.arrayBuffer();
        health.push(performance.now() - t0);
      }
    })();
    loop.enable();
    started = performance.now();
    await Promise.all(Array.from({ length: concurrent }, signIn));
    const burstS = (performance.now() - started) / 1000;
    busy = false;
    await probe;
    loop.disable();
    health.sort((a, b) => a - b);
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    const healthP99 = percentile(health, 99);
    const figures = [
      ['Argon2id parameters', `t=${config.argon2.timeCost}, m=${config.argon2.memoryCost} KiB, p=${config.argon2.parallelism} (defaults)`],
      ['hashes at once (cores - 1) / libuv thread pool', `${DEFAULT_HASH_CONCURRENCY} / ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`],
      ['load average when the run ended', loadavg().map((l) => l.toFixed(1)).join(', ')],
      [`sign-ins per second (${count}, ${concurrent} at a time)`, perSecond.toFixed(1)],
      [`${concurrent} simultaneous sign-ins completed in`, `${burstS.toFixed(2)} s`],
      ['event-loop delay p50 / p99 / max (ms) during the burst', `${ms(loop.percentile(50))} / ${ms(loop.percentile(99))} / ${ms(loop.max)}`],
      [`/health p50 / p99 (ms), ${health.length} requests during the burst`, `${percentile(health, 50).toFixed(1)} / ${healthP99.toFixed(1)}`],
      ['target: /health p99 < 20 ms', healthP99 < 20 ? 'met' : 'NOT met'],
    ];
    const body = `${table(['measure', 'value'], figures)}\n\nSQLite, one process, through a listening server (api/server.ts) and fetch over loopback.`;
    process.stdout.write(`${body}\n`);
    recordSection('Sign-in (email and password)', `npm run bench -- login --count ${count} --concurrent ${concurrent}`, body);
  } finally {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
