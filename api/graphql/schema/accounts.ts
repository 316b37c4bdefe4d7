import { builder } from '../builder.js';
import { pageOf, pageRequest } from '../paging.js';
import type { GraphQLContext } from '../context.js';
import type { UserRecord } from '../../../events/users/read.js';
import type { StoredEvent } from '../../../events/store/types.js';
import type { IssuedToken } from '../../auth/accounts.js';
import { SESSION_COOKIE, clearedSessionCookies, readCookie, sessionCookies, type CookieSettings } from '../../auth/cookies.js';
import { setResponseCookies } from '../../auth/use-response-cookies.js';

export const User = builder.objectRef<UserRecord>('User').implement({
  description: 'An account. Visible to the user themself and to platform admins.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    fullName: t.exposeString('fullName'),
    isPlatformAdmin: t.exposeBoolean('isPlatformAdmin'),
    isActive: t.exposeBoolean('isActive'),
    emailVerified: t.exposeBoolean('emailVerified'),
    source: t.exposeString('source', { description: 'bootstrap, admin, self or sso' }),
    failedSignIns: t.exposeInt('failedAttempts', { description: 'Failed sign-ins since the last success, unlock or lock' }),
    lockedUntil: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.lockedUntil }),
    lastSignInAt: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.lastLoginAt }),
    passwordChangedAt: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.passwordChangedAt }),
    createdAt: t.field({ type: 'DateTime', resolve: (u) => u.createdAt }),
  }),
});

const UserPage = builder.objectRef<{ items: UserRecord[]; nextCursor: string | null; total: number }>('UserPage').implement({
  fields: (t) => ({
    items: t.field({ type: [User], resolve: (p) => p.items }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
    total: t.exposeInt('total', { description: 'Users matching the search, on every page' }),
  }),
});

const LoginPayload = builder.objectRef<IssuedToken>('LoginPayload').implement({
  description: 'A new session. The admin UI also receives it as an httpOnly cookie, with the CSRF token to echo in x-csrf-token.',
  fields: (t) => ({
    accessToken: t.exposeString('accessToken'),
    tokenType: t.string({ resolve: () => 'bearer' }),
    expiresIn: t.exposeInt('expiresIn', { nullable: true, description: 'Seconds; null for a token without expiry' }),
    csrfToken: t.exposeString('csrfToken'),
    user: t.field({ type: User, resolve: (p) => p.user }),
  }),
});

const AuthEvent = builder.objectRef<StoredEvent>('AuthEvent').implement({
  description: "One event of a user's account or sessions: sign-ins, failures, locks, password and role changes. Secrets are left out.",
  fields: (t) => ({
    position: t.int({ resolve: (e) => e.position }),
    type: t.exposeString('type'),
    time: t.field({ type: 'DateTime', resolve: (e) => e.metadata.time }),
    actor: t.string({ nullable: true, resolve: (e) => e.metadata.actor }),
    clientIp: t.string({ nullable: true, resolve: (e) => e.metadata.clientIp }),
    userAgent: t.string({ nullable: true, resolve: (e) => e.metadata.userAgent }),
    data: t.field({ type: 'JSON', resolve: (e) => e.data }),
  }),
});

const NewUserInput = builder.inputType('NewUserInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
    fullName: t.string(),
    isPlatformAdmin: t.boolean({ defaultValue: false }),
  }),
});

function cookieSettings(ctx: GraphQLContext): CookieSettings {
  const { config } = ctx.services;
  return { rootPath: config.rootPath, secure: config.http.secureCookies, sameSite: config.http.cookieSameSite };
}

function setSessionCookies(ctx: GraphQLContext, issued: IssuedToken) {
  const maxAge = issued.expiresIn ?? ctx.services.config.jwt.expiryMinutes * 60;
  setResponseCookies(ctx.request, sessionCookies(cookieSettings(ctx), issued.accessToken, issued.csrfToken, maxAge));
}

builder.queryFields((t) => ({
  me: t.field({
    type: User,
    authScopes: { authenticated: true },
    resolve: (_r, _a, ctx) => ctx.services.accounts.findUser(ctx.principal!.email),
  }),
  users: t.field({
    type: UserPage,
    authScopes: { permission: 'users.read' },
    description: 'Every account, ordered by email; `search` matches the email or the name.',
    args: { search: t.arg.string(), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_r, args, ctx) => {
      const page = pageRequest(args.first, args.after);
      const found = await ctx.services.accounts.listUsers(args.search, page);
      return { ...pageOf(found.items, page), total: found.total };
    },
  }),
  authEvents: t.field({
    type: [AuthEvent],
    authScopes: { permission: 'audit.read' },
    description: "The newest events of a user's account and sessions.",
    args: { email: t.arg.string({ required: true }), first: t.arg.int({ defaultValue: 50 }) },
    resolve: (_r, args, ctx) => ctx.services.accounts.authEvents(args.email, args.first ?? 50),
  }),
}));

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayload,
    description: 'Email and password sign-in. Also sets the session cookie for the admin UI.',
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const issued = await ctx.services.accounts.signIn(args.email, args.password, ctx.meta());
      setSessionCookies(ctx, issued);
      return issued;
    },
  }),
  register: t.field({
    type: User,
    description: 'Open registration, when PUBLIC_REGISTRATION_ENABLED=true. The email stays unverified.',
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }), fullName: t.arg.string() },
    resolve: (_r, args, ctx) => ctx.services.accounts.register({ email: args.email, password: args.password, fullName: args.fullName }, ctx.meta()),
  }),
  changePassword: t.field({
    type: LoginPayload,
    authScopes: { authenticated: true },
    description: 'Verifies the old password, ends every session (this one too) and returns a fresh token.',
    args: { oldPassword: t.arg.string({ required: true }), newPassword: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const issued = await ctx.services.accounts.changePassword(ctx.principal!, args.oldPassword, args.newPassword, ctx.meta());
      if (readCookie(ctx.request, SESSION_COOKIE)) setSessionCookies(ctx, issued);
      return issued;
    },
  }),
  logout: t.boolean({
    authScopes: { authenticated: true },
    description: 'Ends the session that sent the request.',
    resolve: async (_r, _a, ctx) => {
      await ctx.services.accounts.logout(ctx.principal!, ctx.meta());
      setResponseCookies(ctx.request, clearedSessionCookies(cookieSettings(ctx)));
      return true;
    },
  }),
  createUser: t.field({
    type: User,
    authScopes: { platformAdmin: true },
    description: 'An account created by a platform admin; its email counts as verified.',
    args: { input: t.arg({ type: NewUserInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      ctx.services.accounts.createUser({ email: input.email, password: input.password, fullName: input.fullName, isPlatformAdmin: input.isPlatformAdmin ?? false }, ctx.meta()),
  }),
  setUserActive: t.field({
    type: User,
    authScopes: { platformAdmin: true },
    description: 'Deactivating ends every session of the user. The last active platform admin cannot be deactivated.',
    args: { email: t.arg.string({ required: true }), active: t.arg.boolean({ required: true }) },
    resolve: (_r, args, ctx) => ctx.services.accounts.setActive(args.email, args.active, ctx.meta()),
  }),
  setPlatformAdmin: t.field({
    type: User,
    authScopes: { platformAdmin: true },
    description: 'The last active platform admin cannot be demoted.',
    args: { email: t.arg.string({ required: true }), isPlatformAdmin: t.arg.boolean({ required: true }) },
    resolve: (_r, args, ctx) => ctx.services.accounts.setPlatformAdmin(args.email, args.isPlatformAdmin, ctx.meta()),
  }),
  unlockUser: t.field({
    type: User,
    authScopes: { platformAdmin: true },
    args: { email: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => ctx.services.accounts.unlock(args.email, ctx.meta()),
  }),
  revokeUserSessions: t.field({
    type: User,
    authScopes: { platformAdmin: true },
    description: 'Every token of the user stops working at the next request, CLI-minted ones included.',
    args: { email: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => ctx.services.accounts.endSessions(args.email, ctx.meta()),
  }),
}));
