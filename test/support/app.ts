import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/log/logger.js';
import { startServices, stopServices } from '../../api/bootstrap.js';
import { createApp, type App } from '../../api/app.js';
import type { Services } from '../../api/services.js';
import type { Clock } from '../../events/store/store.js';

export interface TestApp {
  app: App;
  services: Services;
  /** Every log line written so far, parsed. */
  logs: Record<string, unknown>[];
  /** `app.fetch` on a path below the host (include APP_ROOT_PATH yourself). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real start-up (`startServices`: connect, migrate, build services) on a throwaway SQLite file, and the
 * app served in process: what HTTP suites test against.
 */
export async function startTestApp(env: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-app-'));
  const config = loadConfig({
    DATABASE_URL: `sqlite:///${join(dir, 'test.db')}`,
    ENVIRONMENT: 'test',
    // Cheap hashing: start-up hashes the bootstrap admin's password, and these suites test HTTP, not Argon2.
    ARGON2ID_MEMORY_COST: '1024',
    ARGON2ID_TIME_COST: '1',
    ...env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'debug', format: 'json', destination: sink });
  const services = await startServices({ config, logger, clock: options.clock });
  const app = createApp(services);
  let closed = false;
  return {
    app,
    services,
    logs,
    fetch: async (path, init) => app.fetch(new Request(`http://localhost${path}`, init)),
    async close() {
      if (!closed) await stopServices(services).catch(() => {});
      closed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
