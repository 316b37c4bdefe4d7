import { and, asc, count, eq, or, sql, type SQLWrapper } from 'drizzle-orm';
import type { Db, Schema } from '../db/types.js';

/** An account as reads show it. The password hash is never part of it (see `findSignInRecord`). */
export interface UserRecord {
  id: string;
  email: string;
  fullName: string;
  isPlatformAdmin: boolean;
  isActive: boolean;
  emailVerified: boolean;
  source: string;
  failedAttempts: number;
  lockedUntil: string | null;
  tokensNotBefore: string | null;
  lastLoginAt: string | null;
  passwordChangedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function columns({ users }: Schema) {
  return {
    id: users.id,
    email: users.email,
    fullName: users.fullName,
    isPlatformAdmin: users.isPlatformAdmin,
    isActive: users.isActive,
    emailVerified: users.emailVerified,
    source: users.source,
    failedAttempts: users.failedAttempts,
    lockedUntil: users.lockedUntil,
    tokensNotBefore: users.tokensNotBefore,
    lastLoginAt: users.lastLoginAt,
    passwordChangedAt: users.passwordChangedAt,
    createdAt: users.createdAt,
    updatedAt: users.updatedAt,
  };
}

/** MySQL returns booleans as 0/1; every reader gets real booleans. */
function toRecord(row: Record<string, unknown>): UserRecord {
  return {
    ...(row as unknown as UserRecord),
    isPlatformAdmin: Boolean(row.isPlatformAdmin),
    isActive: Boolean(row.isActive),
    emailVerified: Boolean(row.emailVerified),
    failedAttempts: Number(row.failedAttempts),
  };
}

/** `email` must already be normalised (events/users/email.ts): stored emails are lower-case. */
export async function findUserByEmail(db: Db, schema: Schema, email: string): Promise<UserRecord | undefined> {
  const [row] = await db.select(columns(schema)).from(schema.users).where(eq(schema.users.email, email)).limit(1);
  return row ? toRecord(row) : undefined;
}

export async function findUserById(db: Db, schema: Schema, id: string): Promise<UserRecord | undefined> {
  const [row] = await db.select(columns(schema)).from(schema.users).where(eq(schema.users.id, id)).limit(1);
  return row ? toRecord(row) : undefined;
}

/** What sign-in needs before its transaction: the id and the hash to verify. */
export async function findSignInRecord(
  db: Db,
  schema: Schema,
  email: string,
): Promise<{ id: string; passwordHash: string | null } | undefined> {
  const { users } = schema;
  const [row] = await db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, email)).limit(1);
  return row;
}

/** Active platform admins; called inside a write transaction for the last-admin rule. */
export async function countActiveAdmins(db: Db, schema: Schema): Promise<number> {
  const { users } = schema;
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.isPlatformAdmin, true), eq(users.isActive, true)));
  return Number(row?.n ?? 0);
}

export interface UserPage {
  items: UserRecord[];
  total: number;
}

/**
 * Case-insensitive substring match with LIKE's wildcards escaped, so a search for `a_b` matches those
 * characters literally. `!` escapes because a backslash literal is spelled differently per dialect.
 */
function contains(column: SQLWrapper, text: string) {
  const pattern = `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql`lower(${column}) like ${pattern} escape '!'`;
}

/** Users ordered by email, optionally matching `search` in the email or the name. */
export async function listUsers(
  db: Db,
  schema: Schema,
  { search, limit, offset }: { search?: string; limit: number; offset: number },
): Promise<UserPage> {
  const { users } = schema;
  const where = search ? or(contains(users.email, search), contains(users.fullName, search)) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select(columns(schema)).from(users).where(where).orderBy(asc(users.email)).limit(limit).offset(offset),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { items: rows.map(toRecord), total: Number(total?.n ?? 0) };
}
