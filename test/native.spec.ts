import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import argon2 from 'argon2';

/** The two native modules, loaded and used for real: a broken build fails here with its own error. */
describe('native modules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-native-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('better-sqlite3 opens a file database, writes and reads it back', () => {
    const db = new Database(join(dir, 'native.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.exec('create table t (id integer primary key, v text not null)');
      db.prepare('insert into t (v) values (?)').run('héllo');
      expect(db.prepare('select v from t').get()).toEqual({ v: 'héllo' });
    } finally {
      db.close();
    }
  });

  it('argon2 hashes a password with argon2id and verifies it', async () => {
    const hash = await argon2.hash('correct horse battery staple', { type: argon2.argon2id, timeCost: 2, memoryCost: 4096, parallelism: 1 });
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=4096,p=1,t=2\$/);
    expect(await argon2.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await argon2.verify(hash, 'wrong')).toBe(false);
  });
});
