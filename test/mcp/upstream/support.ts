import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../api/log/logger.js';

/** A real pino logger whose JSON lines the test can read. */
export function capturedLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', format: 'json', destination });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** Resolves with the first value `subscribe` delivers that matches. */
export function nextEvent<T>(subscribe: (listener: (value: T) => void) => () => void, match: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const stop = subscribe((value) => {
      if (!match(value)) return;
      stop();
      resolve(value);
    });
  });
}
