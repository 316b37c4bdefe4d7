import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root, whatever the test's working directory. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const MAIN = join(REPO, 'api', 'main.ts');

/**
 * `npm start` as a child process, with only the environment given (plus PATH and HOME): nothing leaks
 * in from the test runner's own environment, and `cwd` decides which `.env` and `./data` it sees.
 */
export function spawnMain(env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(TSX, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the server until it exits by itself (a configuration or start-up error). */
export async function runMainToExit(env: Record<string, string>, cwd: string): Promise<Finished> {
  const child = spawnMain(env, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

export interface RunningMain {
  child: ChildProcess;
  url: string;
  /** Every log line so far, parsed. */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** Starts the server on PORT=0 and resolves once it logs where it listens. */
export async function startMain(env: Record<string, string>, cwd: string): Promise<RunningMain> {
  const child = spawnMain({ PORT: '0', LOG_FORMAT: 'json', ...env }, cwd);
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout!.on('data', (d: Buffer) => {
      pending += d.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'switchboard listening') resolve(entry.url as string);
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${stderr}${JSON.stringify(logs)}`)));
  });
  return { child, url, logs, exited };
}
