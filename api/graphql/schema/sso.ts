import { builder } from '../builder.js';
import type { SsoProviderView } from '../../sso/providers.js';
import type { ApprovalRow } from '../../sso/approvals.js';

const SsoProvider = builder.objectRef<SsoProviderView>('SsoProvider').implement({
  description: 'A sign-in provider. Its client secret is stored encrypted and never shown.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The path segment of /auth/sso/login/{id}' }),
    name: t.exposeString('name'),
    preset: t.exposeString('preset', { description: 'github, google, ibm_verify, okta or generic' }),
    issuer: t.exposeString('issuer', { description: "The OIDC issuer, or GitHub's base URL" }),
    clientId: t.exposeString('clientId'),
    hasClientSecret: t.exposeBoolean('hasClientSecret'),
    enabled: t.exposeBoolean('enabled'),
    source: t.exposeString('source', { description: 'environment (read-only here) or graphql' }),
    readOnly: t.boolean({ resolve: (p) => p.source === 'environment' }),
    redirectUri: t.string({ description: 'The callback URL to register at the provider', resolve: (p, _a, ctx) => ctx.services.sso.redirectUri(p.id) }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.updatedAt }),
  }),
});

const SignInProvider = builder.objectRef<SsoProviderView>('SsoSignInProvider').implement({
  description: 'An enabled provider as the sign-in page shows it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    preset: t.exposeString('preset'),
    loginUrl: t.string({ resolve: (p, _a, ctx) => `${ctx.services.config.appDomain}${ctx.services.config.rootPath}/auth/sso/login/${encodeURIComponent(p.id)}` }),
  }),
});

const SsoApproval = builder.objectRef<ApprovalRow>('SsoApproval').implement({
  description: 'A first SSO sign-in waiting for (or given) a platform admin’s decision (SSO_REQUIRE_ADMIN_APPROVAL).',
  fields: (t) => ({
    email: t.exposeString('email'),
    fullName: t.exposeString('fullName'),
    providerId: t.exposeString('providerId'),
    status: t.exposeString('status', { description: 'pending, approved or rejected' }),
    requestedAt: t.field({ type: 'DateTime', resolve: (a) => a.requestedAt }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.decidedAt }),
    decidedBy: t.exposeString('decidedBy', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

const NewSsoProviderInput = builder.inputType('NewSsoProviderInput', {
  fields: (t) => ({
    id: t.string({ required: true, description: 'Lower-case letters, digits and dashes; not one of the environment ids' }),
    name: t.string({ required: true }),
    preset: t.string({ required: true, description: 'google, ibm_verify, okta or generic (OpenID Connect by discovery)' }),
    issuer: t.string({ required: true }),
    clientId: t.string({ required: true }),
    clientSecret: t.string({ required: true }),
    enabled: t.boolean({ defaultValue: true }),
  }),
});

const SsoProviderChanges = builder.inputType('SsoProviderChanges', {
  description: 'Only the fields given change; a client secret given replaces the stored one.',
  fields: (t) => ({
    name: t.string(),
    issuer: t.string(),
    clientId: t.string(),
    clientSecret: t.string(),
    enabled: t.boolean(),
  }),
});

builder.queryFields((t) => ({
  ssoProviders: t.field({
    type: [SsoProvider],
    authScopes: { platformAdmin: true },
    description: 'Every provider: those of the environment (read-only) and those defined here.',
    resolve: (_r, _a, ctx) => ctx.services.sso.providers.list(),
  }),
  ssoSignInProviders: t.field({
    type: [SignInProvider],
    description: 'The sign-in page’s buttons: enabled providers only, none while SSO_ENABLED=false. Needs no sign-in.',
    resolve: (_r, _a, ctx) => ctx.services.sso.providers.enabled(),
  }),
  pendingApprovals: t.field({
    type: [SsoApproval],
    authScopes: { platformAdmin: true },
    description: 'First SSO sign-ins waiting for approval, oldest first.',
    resolve: (_r, _a, ctx) => ctx.services.sso.approvals.pending(),
  }),
}));

builder.mutationFields((t) => ({
  createSsoProvider: t.field({
    type: SsoProvider,
    authScopes: { platformAdmin: true },
    args: { input: t.arg({ type: NewSsoProviderInput, required: true }) },
    resolve: (_r, { input }, ctx) => ctx.services.sso.providers.create(input, ctx.meta()),
  }),
  updateSsoProvider: t.field({
    type: SsoProvider,
    authScopes: { platformAdmin: true },
    args: { id: t.arg.id({ required: true }), changes: t.arg({ type: SsoProviderChanges, required: true }) },
    resolve: (_r, args, ctx) => ctx.services.sso.providers.update(String(args.id), args.changes, ctx.meta()),
  }),
  deleteSsoProvider: t.boolean({
    authScopes: { platformAdmin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await ctx.services.sso.providers.remove(String(args.id), ctx.meta());
      return true;
    },
  }),
  approveUser: t.field({
    type: SsoApproval,
    authScopes: { platformAdmin: true },
    description: 'The account is created at the user’s next SSO sign-in.',
    args: { email: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => ctx.services.sso.approvals.approve(args.email, ctx.meta()),
  }),
  rejectUser: t.field({
    type: SsoApproval,
    authScopes: { platformAdmin: true },
    description: 'The user cannot sign in through SSO.',
    args: { email: t.arg.string({ required: true }), reason: t.arg.string() },
    resolve: (_r, args, ctx) => ctx.services.sso.approvals.reject(args.email, args.reason, ctx.meta()),
  }),
}));
