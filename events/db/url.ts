import { resolve } from 'node:path';
import { BadRequestError } from '../errors.js';

export type Dialect = 'sqlite' | 'pg' | 'mysql';

export type DatabaseTarget =
  | { dialect: 'sqlite'; file: string /* absolute path, or ':memory:' */ }
  | { dialect: 'pg'; url: string }
  | { dialect: 'mysql'; url: string };

/**
 * Parsed by prefix, not with `new URL`: URL parsing would turn `sqlite:///./data/x.db` into `/data/x.db`
 * at the filesystem root. `sqlite:///rel` is relative to the working directory, `sqlite:////abs` absolute.
 */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  if (url.startsWith('sqlite:///')) {
    const path = url.slice('sqlite:///'.length);
    if (path === ':memory:') return { dialect: 'sqlite', file: ':memory:' };
    if (!path) throw new BadRequestError('DATABASE_URL sqlite:/// needs a file path, e.g. sqlite:///./data/switchboard.db');
    return { dialect: 'sqlite', file: path.startsWith('/') ? path : resolve(cwd, path) };
  }
  if (url.startsWith('postgresql://') || url.startsWith('postgres://')) return { dialect: 'pg', url };
  if (url.startsWith('mysql+pymysql://')) return { dialect: 'mysql', url: 'mysql://' + url.slice('mysql+pymysql://'.length) };
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return { dialect: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
  throw new BadRequestError(
    'DATABASE_URL must start with sqlite:///, postgresql://, mysql:// or mysql+pymysql://',
  );
}

/** For logs and /version: never print a password. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
