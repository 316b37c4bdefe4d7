/**
 * Unique-violation errors differ per driver (PostgreSQL 23505, MySQL ER_DUP_ENTRY 1062,
 * SQLite SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY); this is the one place that knows.
 */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, errno } = e as { code?: unknown; errno?: unknown };
    if (code === '23505' || code === 'ER_DUP_ENTRY' || errno === 1062) return true;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  }
  return false;
}

/** The constraint or index name, when the driver says it (used to tell which invariant held). */
export function violatedConstraint(err: unknown): string | undefined {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const o = e as { constraint_name?: string; message?: string; sqlMessage?: string };
    if (o.constraint_name) return o.constraint_name;
    const text = o.sqlMessage ?? o.message ?? '';
    const mysql = /for key '(?:[^.']*\.)?([^']+)'/.exec(text);
    if (mysql) return mysql[1];
    const sqlite = /UNIQUE constraint failed: (\w+)\.(\w+)/.exec(text);
    if (sqlite) return `${sqlite[1]}.${sqlite[2]}`;
  }
  return undefined;
}
