import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { ForbiddenError, UnauthenticatedError } from '../../events/errors.js';
import type { GraphQLContext } from './context.js';

/** The one SchemaBuilder. Each `schema/<domain>.ts` registers its types and fields on it. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: {
    authenticated: boolean;
    platformAdmin: boolean;
    /** A global permission (e.g. `audit.read`), asked of api/authz like every other check. */
    permission: string;
  };
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ScopeAuthPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.principal !== null,
      platformAdmin: ctx.services.authz.isFullAdmin(ctx.principal),
      permission: (permission) => ctx.services.authz.can(ctx.principal, permission),
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.principal ? new ForbiddenError('You are not allowed to do this') : new UnauthenticatedError(),
  },
});

builder.queryType({});
builder.mutationType({});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 timestamp in UTC with milliseconds, e.g. 2026-11-25T14:00:00.000Z',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new TypeError('DateTime must be an ISO-8601 string');
    return new Date(value).toISOString();
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value',
  serialize: (value) => value,
  parseValue: (value) => value,
});
