import { randomUUID } from 'node:crypto';
import { desc, eq, inArray } from 'drizzle-orm';
import { AppError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError, isAppError } from '../../events/errors.js';
import type { Database } from '../../events/db/types.js';
import type { EventStore, UnitOfWork } from '../../events/store/store.js';
import type { RequestMeta, StoredEvent } from '../../events/store/types.js';
import { rowToEvent } from '../../events/store/rows.js';
import { decideUser, userDecider, type UserCommand } from '../../events/users/decide.js';
import { normalizeEmail, normalizeFullName } from '../../events/users/email.js';
import { userStreamId, type RegistrationSource } from '../../events/users/events.js';
import { countActiveAdmins, findSignInRecord, findUserByEmail, findUserById, listUsers, type UserPage, type UserRecord } from '../../events/users/read.js';
import { registerUser } from '../../events/users/register.js';
import { recordSignInAttempt } from '../../events/users/sign-in.js';
import { sessionDecider } from '../../events/sessions/decide.js';
import { sessionStreamId } from '../../events/sessions/events.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import type { Principal } from '../authz/principal.js';
import { csrfTokenFor } from './cookies.js';
import type { TokenService } from './jwt.js';
import type { PasswordHasher } from './passwords.js';
import { assertPasswordAllowed } from './password-policy.js';
import { signSession, startSession, type StartedSession } from './sessions.js';

export interface AccountsDeps {
  config: Config;
  store: EventStore;
  logger: Logger;
  passwords: PasswordHasher;
  tokens: TokenService;
}

/** A signed-in session as every edge hands it out. */
export interface IssuedToken {
  accessToken: string;
  /** Seconds; null for a token without expiry. */
  expiresIn: number | null;
  sessionId: string;
  csrfToken: string;
  user: UserRecord;
}

/** What a registration implies beyond the account (a personal team…), run in the registration's transaction. */
export type RegistrationHook = (unit: UnitOfWork, user: { userId: string; email: string; fullName: string; source: RegistrationSource }) => Promise<void>;

export interface NewAccount {
  email: unknown;
  password?: unknown;
  fullName?: unknown;
  isPlatformAdmin?: boolean;
}

export class AccountLockedError extends AppError {
  constructor(until: string) {
    super('ACCOUNT_LOCKED', `This account is locked until ${until} after too many failed sign-ins`, { locked_until: until });
  }
}

/** The one answer for a wrong password, an unknown email and a locked account (wrong password). */
export const INVALID_CREDENTIALS = 'Invalid email or password';
/** The same answer for everyone while only platform admins may use email sign-in. */
export const INVALID_CREDENTIALS_ADMINS_ONLY = 'Invalid email or password. Email sign-in is open to platform admins only; sign in with single sign-on';

export type Accounts = ReturnType<typeof createAccounts>;

export function createAccounts(deps: AccountsDeps) {
  const { config, store, passwords, tokens, logger } = deps;
  const database: Database = store.database;
  const { schema } = database;
  const policy = { maxFailedAttempts: config.accountSecurity.maxFailedLoginAttempts, lockoutMinutes: config.accountSecurity.lockoutMinutes };
  const hooks: RegistrationHook[] = [];

  async function issue(session: StartedSession, userId: string): Promise<IssuedToken> {
    const user = await findUserById(database.db, schema, userId);
    if (!user) throw new NotFoundError('User');
    return {
      accessToken: await signSession(tokens, session),
      expiresIn: session.exp === undefined ? null : session.exp - session.iat,
      sessionId: session.sessionId,
      csrfToken: csrfTokenFor(config.encryption.secret, session.sessionId),
      user,
    };
  }

  async function userByEmail(emailInput: unknown): Promise<UserRecord> {
    const user = await findUserByEmail(database.db, schema, normalizeEmail(emailInput));
    if (!user) throw new NotFoundError('User');
    return user;
  }

  /** One command on one user's stream, decided at the transaction's time. */
  function handleUser(meta: RequestMeta, userId: string, command: (now: Date) => UserCommand, check?: (unit: UnitOfWork) => Promise<void>) {
    return store.transact(meta, async (unit) => {
      const streamId = userStreamId(userId);
      const { state, version } = await unit.load(streamId, userDecider);
      await check?.(unit);
      return unit.append(streamId, version, decideUser(command(new Date(unit.meta.time)), state));
    });
  }

  /** Counted under the write lock, so two admins demoting each other at once cannot both succeed. */
  async function assertNotLastAdmin(unit: UnitOfWork, user: UserRecord, what: string) {
    if (!user.isPlatformAdmin || !user.isActive) return;
    if ((await countActiveAdmins(unit.tx, schema)) <= 1) {
      throw new ConflictError(`${user.email} is the last active platform admin and cannot be ${what}`, { rule: 'last_platform_admin' });
    }
  }

  /** Re-hashes with the current Argon2 parameters, unless the password changed meanwhile. */
  async function rehash(userId: string, verifiedHash: string, password: string, meta: RequestMeta) {
    const upgraded = await passwords.hash(password);
    await store.transact(meta, async (unit) => {
      const streamId = userStreamId(userId);
      const { state, version } = await unit.load(streamId, userDecider);
      if (state.passwordHash !== verifiedHash) return;
      const command: UserCommand = { type: 'ChangePassword', passwordHash: upgraded, reason: 'rehashed', now: new Date(unit.meta.time) };
      await unit.append(streamId, version, decideUser(command, state));
    });
  }

  async function create(input: NewAccount, source: RegistrationSource, meta: RequestMeta): Promise<UserRecord> {
    const email = normalizeEmail(input.email);
    const fullName = normalizeFullName(input.fullName);
    const password = input.password === undefined && source === 'sso' ? null : assertPasswordAllowed(config.passwordPolicy, input.password);
    const passwordHash = password === null ? null : await passwords.hash(password);
    const userId = randomUUID();
    await store.transact(meta, async (unit) => {
      await registerUser(unit, schema, {
        userId,
        email,
        fullName,
        passwordHash,
        isPlatformAdmin: input.isPlatformAdmin === true,
        source,
        // Self-registered emails stay unverified until mail verification exists.
        emailVerified: source !== 'self',
      });
      for (const hook of hooks) await hook(unit, { userId, email, fullName, source });
    });
    return (await findUserById(database.db, schema, userId))!;
  }

  return {
    onRegistered(hook: RegistrationHook) {
      hooks.push(hook);
    },

    /**
     * Argon2 runs before the transaction (it is slow, and the write lock must not wait on it), and runs
     * exactly once whatever the outcome, an unknown email included, so timing tells nothing.
     */
    async signIn(emailInput: unknown, password: unknown, meta: RequestMeta): Promise<IssuedToken> {
      // With SSO on, EMAIL_AUTH_ENABLED=false still lets platform admins in when SSO_PRESERVE_ADMIN_AUTH=true,
      // so a broken identity provider cannot lock everyone out.
      const adminsOnly = !config.emailAuth.enabled && config.sso.enabled && config.sso.preserveAdminAuth;
      if (!config.emailAuth.enabled && !adminsOnly) throw new ForbiddenError('Email sign-in is disabled on this server (EMAIL_AUTH_ENABLED=false)');
      if (typeof emailInput !== 'string') throw new ValidationError('email must be a string', { field: 'email' });
      if (typeof password !== 'string') throw new ValidationError('password must be a string', { field: 'password' });
      let email: string | undefined;
      try {
        email = normalizeEmail(emailInput);
      } catch {
        email = undefined;
      }
      const found = email ? await findSignInRecord(database.db, schema, email) : undefined;
      // Everyone else gets exactly what an unknown email gets, so the answer does not tell who is an admin.
      const record = adminsOnly && found && !(await findUserById(database.db, schema, found.id))?.isPlatformAdmin ? undefined : found;
      if (!record?.passwordHash) {
        await passwords.verifyDummy(password);
        throw new UnauthenticatedError(adminsOnly ? INVALID_CREDENTIALS_ADMINS_ONLY : INVALID_CREDENTIALS);
      }
      const passwordOk = await passwords.verify(record.passwordHash, password);
      const result = await store.transact({ ...meta, actor: email }, async (unit) => {
        const { outcome, user } = await recordSignInAttempt(unit, record.id, passwordOk, policy, record.passwordHash);
        if (outcome !== 'ok') return { outcome, lockedUntil: user.lockedUntil };
        return { outcome, session: await startSession(unit, { id: record.id, email: user.email, tokensNotBefore: user.tokensNotBefore }, 'password', config.jwt.expiryMinutes) };
      });
      if (result.outcome === 'locked' && passwordOk) throw new AccountLockedError(result.lockedUntil!);
      if (!('session' in result) || !result.session) throw new UnauthenticatedError(adminsOnly ? INVALID_CREDENTIALS_ADMINS_ONLY : INVALID_CREDENTIALS);
      if (passwords.needsRehash(record.passwordHash)) {
        // The sign-in succeeded either way; an upgrade that fails is retried at the next one.
        await rehash(record.id, record.passwordHash, password, { ...meta, actor: email }).catch((err: unknown) =>
          logger.warn({ userId: record.id, reason: (err as Error).message }, 'password rehash failed'),
        );
      }
      return issue(result.session, record.id);
    },

    /** A session for a user signed in by other means (SSO), started in the caller's transaction. */
    issueSession: issue,

    /** Open registration (PUBLIC_REGISTRATION_ENABLED): the email stays unverified. */
    async register(input: NewAccount, meta: RequestMeta): Promise<UserRecord> {
      if (!config.emailAuth.enabled) throw new ForbiddenError('Email sign-in is disabled on this server (EMAIL_AUTH_ENABLED=false)');
      if (!config.emailAuth.publicRegistration) throw new ForbiddenError('Public registration is disabled; a platform admin creates accounts');
      return create({ ...input, isPlatformAdmin: false }, 'self', meta);
    },

    /** By a platform admin (or SSO): the email counts as verified. */
    createUser(input: NewAccount, meta: RequestMeta, source: 'admin' | 'sso' = 'admin'): Promise<UserRecord> {
      return create(input, source, meta);
    },

    /** Created once from PLATFORM_ADMIN_*; an existing account is left exactly as it is (a changed password stays). */
    async bootstrapPlatformAdmin(): Promise<'created' | 'exists'> {
      const { adminEmail, adminPassword, adminFullName } = config.emailAuth;
      if (await findUserByEmail(database.db, schema, normalizeEmail(adminEmail, 'PLATFORM_ADMIN_EMAIL'))) return 'exists';
      try {
        await create({ email: adminEmail, password: adminPassword, fullName: adminFullName, isPlatformAdmin: true }, 'bootstrap', { actor: 'system' });
      } catch (err) {
        // Another process starting at the same time created it first.
        if (isAppError(err) && err.code === 'ALREADY_EXISTS') return 'exists';
        if (isAppError(err) && err.code === 'VALIDATION_FAILED') throw new Error(`PLATFORM_ADMIN_PASSWORD: ${err.message}`);
        throw err;
      }
      return 'created';
    },

    /** The old password is verified; every other session ends and the caller gets a fresh token. */
    async changePassword(principal: Principal, oldPassword: unknown, newPassword: unknown, meta: RequestMeta): Promise<IssuedToken> {
      if (typeof oldPassword !== 'string') throw new ValidationError('old_password must be a string', { field: 'old_password' });
      const next = assertPasswordAllowed(config.passwordPolicy, newPassword, 'new_password');
      const record = await findSignInRecord(database.db, schema, principal.email);
      if (!record) throw new UnauthenticatedError();
      const ok = record.passwordHash !== null && (await passwords.verify(record.passwordHash, oldPassword));
      if (!ok) {
        // Counted like a failed sign-in: a stolen session must not become a way to guess the password.
        await store.transact(meta, (unit) => recordSignInAttempt(unit, record.id, false, policy));
        throw new ValidationError('old_password is not the current password', { field: 'old_password' });
      }
      const passwordHash = await passwords.hash(next);
      const session = await store.transact(meta, async (unit) => {
        const streamId = userStreamId(record.id);
        const { state, version } = await unit.load(streamId, userDecider);
        const events = decideUser({ type: 'ChangePassword', passwordHash, reason: 'changed', now: new Date(unit.meta.time) }, state);
        await unit.append(streamId, version, events);
        const ended = events.find((e) => e.type === 'UserSessionsEnded');
        const notBefore = ended?.type === 'UserSessionsEnded' ? ended.data.notBefore : state.tokensNotBefore;
        return startSession(unit, { id: record.id, email: state.email, tokensNotBefore: notBefore }, 'password', config.jwt.expiryMinutes);
      });
      return issue(session, record.id);
    },

    /** Ends the session that made the request. */
    async logout(principal: Principal, meta: RequestMeta): Promise<void> {
      if (principal.credential.type !== 'session') return;
      const { sessionId } = principal.credential;
      const streamId = sessionStreamId(sessionId);
      await store.transact(meta, async (unit) => {
        const { state, version } = await unit.load(streamId, sessionDecider);
        const unrecorded = { sessionId, userId: principal.userId, expiresAt: null };
        await unit.append(streamId, version, sessionDecider.decide({ type: 'Revoke', reason: 'logout', unrecorded }, state));
      });
    },

    async setActive(emailInput: unknown, active: boolean, meta: RequestMeta): Promise<UserRecord> {
      const user = await userByEmail(emailInput);
      await handleUser(meta, user.id, (now) => ({ type: 'SetActive', active, now }), async (unit) => {
        if (!active) await assertNotLastAdmin(unit, (await findUserById(unit.tx, schema, user.id))!, 'deactivated');
      });
      return (await findUserById(database.db, schema, user.id))!;
    },

    async setPlatformAdmin(emailInput: unknown, isPlatformAdmin: boolean, meta: RequestMeta): Promise<UserRecord> {
      const user = await userByEmail(emailInput);
      await handleUser(meta, user.id, () => ({ type: 'SetPlatformAdmin', isPlatformAdmin }), async (unit) => {
        if (!isPlatformAdmin) await assertNotLastAdmin(unit, (await findUserById(unit.tx, schema, user.id))!, 'demoted');
      });
      return (await findUserById(database.db, schema, user.id))!;
    },

    async unlock(emailInput: unknown, meta: RequestMeta): Promise<UserRecord> {
      const user = await userByEmail(emailInput);
      await handleUser(meta, user.id, () => ({ type: 'Unlock' }));
      return (await findUserById(database.db, schema, user.id))!;
    },

    /** Every credential the user holds stops working at the next request, CLI-minted tokens included. */
    async endSessions(emailInput: unknown, meta: RequestMeta): Promise<UserRecord> {
      const user = await userByEmail(emailInput);
      await handleUser(meta, user.id, (now) => ({ type: 'EndSessions', now, reason: 'admin' }));
      return (await findUserById(database.db, schema, user.id))!;
    },

    findUser: userByEmail,

    /** One row more than the page, so the caller knows whether another follows (api/graphql/paging.ts). */
    listUsers(search: string | null | undefined, page: { limit: number; offset: number }): Promise<UserPage> {
      return listUsers(database.db, schema, { search: search?.trim() || undefined, limit: page.limit + 1, offset: page.offset });
    },

    /** The user's own stream and their sessions' streams, newest first, secrets left out. */
    async authEvents(emailInput: unknown, limit: number): Promise<StoredEvent[]> {
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new ValidationError('limit must be between 1 and 500', { field: 'limit' });
      const user = await userByEmail(emailInput);
      const { events, sessions } = schema;
      const newest = (streams: string[]) =>
        database.db.select().from(events).where(inArray(events.streamId, streams)).orderBy(desc(events.position)).limit(limit);
      const sessionIds = await database.db
        .select({ id: sessions.id })
        .from(sessions)
        .where(eq(sessions.userId, user.id))
        .orderBy(desc(sessions.issuedAt))
        .limit(limit);
      const rows = [...(await newest([userStreamId(user.id)])), ...(sessionIds.length ? await newest(sessionIds.map((s) => sessionStreamId(s.id))) : [])];
      return rows
        .map(rowToEvent)
        .sort((a, b) => b.position - a.position)
        .slice(0, limit)
        .map((e) => {
          const data = { ...e.data };
          for (const field of store.registry.types[e.type]?.secretFields ?? []) delete data[field];
          return { ...e, data };
        });
    },
  };
}
