import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactDatabaseUrl } from '../../events/db/url.js';
import { ConfigError, loadConfig } from '../../api/config/config.js';

describe('DATABASE_URL', () => {
  it('reads sqlite:/// paths relative to the working directory', () => {
    expect(parseDatabaseUrl('sqlite:///./data/switchboard.db', '/srv/app')).toEqual({ dialect: 'sqlite', file: '/srv/app/data/switchboard.db' });
    expect(parseDatabaseUrl('sqlite:///data/x.db', '/srv/app')).toEqual({ dialect: 'sqlite', file: '/srv/app/data/x.db' });
    expect(parseDatabaseUrl('sqlite:///../shared/x.db', '/srv/app')).toEqual({ dialect: 'sqlite', file: '/srv/shared/x.db' });
  });

  it('places the default under ./data of the working directory, never at the filesystem root', () => {
    const { url } = loadConfig({}).database;
    expect(parseDatabaseUrl(url, '/home/me/switchboard')).toEqual({ dialect: 'sqlite', file: '/home/me/switchboard/data/switchboard.db' });
  });

  it('reads sqlite://// as an absolute path and sqlite:///:memory: as in memory', () => {
    expect(parseDatabaseUrl('sqlite:////var/lib/switchboard/db.sqlite', '/srv/app')).toEqual({ dialect: 'sqlite', file: '/var/lib/switchboard/db.sqlite' });
    expect(parseDatabaseUrl('sqlite:///:memory:')).toEqual({ dialect: 'sqlite', file: ':memory:' });
  });

  it('passes PostgreSQL URLs to postgres.js as they are', () => {
    for (const url of ['postgresql://u:p@db.example:5432/switchboard?sslmode=require', 'postgres://localhost/sb']) {
      expect(parseDatabaseUrl(url)).toEqual({ dialect: 'pg', url });
    }
  });

  it('takes mysql://, mariadb:// and the mysql+pymysql:// spelling other gateways use', () => {
    expect(parseDatabaseUrl('mysql://root@127.0.0.1:3306/sb')).toEqual({ dialect: 'mysql', url: 'mysql://root@127.0.0.1:3306/sb' });
    expect(parseDatabaseUrl('mysql+pymysql://u:p@h:3306/sb?charset=utf8mb4')).toEqual({ dialect: 'mysql', url: 'mysql://u:p@h:3306/sb?charset=utf8mb4' });
    expect(parseDatabaseUrl('mariadb://u@h/sb')).toEqual({ dialect: 'mysql', url: 'mysql://u@h/sb' });
  });

  it.each(['sqlite://relative.db', 'mongodb://h/db', 'http://x', 'data/switchboard.db', 'sqlite:///'])('refuses %s with a clear error', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(/DATABASE_URL .*(must start with sqlite:\/\/\/, postgresql:\/\/, mysql:\/\/ or mysql\+pymysql:\/\/|needs a file path)/);
  });

  it('is checked with the rest of the configuration, without printing a password', () => {
    try {
      loadConfig({ DATABASE_URL: 'postgre://admin:hunter2@db/sb' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        'DATABASE_URL="postgre://admin:***@db/sb" is invalid: expected sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite:///:memory:, postgresql://…, mysql://… or mysql+pymysql://…',
      ]);
    }
  });

  it('never shows a password when printed', () => {
    expect(redactDatabaseUrl('postgresql://admin:s3cr%40t@db:5432/sb')).toBe('postgresql://admin:***@db:5432/sb');
    expect(redactDatabaseUrl('mysql://root@127.0.0.1/test')).toBe('mysql://root@127.0.0.1/test');
  });
});
