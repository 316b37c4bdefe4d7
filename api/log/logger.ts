import pino, { type Logger } from 'pino';
import { Writable } from 'node:stream';

export type { Logger };

/**
 * Paths pino censors wherever they appear in a log object: credentials must never reach a log line,
 * whatever a caller passes. The canary test checks the result, not this list.
 */
const REDACT = [
  'password',
  '*.password',
  'old_password',
  'new_password',
  '*.old_password',
  '*.new_password',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export interface LoggerOptions {
  level: string;
  format: 'json' | 'text';
  /** Where lines go (stdout by default); tests capture them for the canary check. */
  destination?: NodeJS.WritableStream;
}

export function createLogger({ level, format, destination = process.stdout }: LoggerOptions): Logger {
  const base = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'switchboard' } };
  if (format === 'json') return pino(base, destination);
  return pino(base, textStream(destination));
}

/** LOG_FORMAT=text: one readable line per entry, without pulling in a pretty-printer dependency. */
function textStream(out: NodeJS.WritableStream): Writable {
  const levels: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        const { time, level, msg, service: _s, pid: _p, hostname: _h, ...rest } = JSON.parse(line) as Record<string, unknown>;
        const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
        out.write(`${new Date(time as number).toISOString()} ${levels[level as number] ?? level} ${msg ?? ''}${extra}\n`);
      }
      done();
    },
  });
}
