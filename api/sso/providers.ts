import { asc, eq } from 'drizzle-orm';
import { AlreadyExistsError, ForbiddenError, NotFoundError, ValidationError } from '../../events/errors.js';
import type { Database } from '../../events/db/types.js';
import type { EventStore } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import { ssoProviderDecider } from '../../events/sso/decide.js';
import { ssoProviderStreamId, type SsoPreset } from '../../events/sso/events.js';
import type { Config } from '../config/config.js';
import type { SecretBox } from '../crypto/secret-box.js';

/** A provider as the flow uses it, secret opened. Never handed to an edge as is (see `SsoProviderView`). */
export interface SsoProvider {
  id: string;
  name: string;
  preset: SsoPreset;
  /** OIDC: the issuer discovery starts from. GitHub: its base URL (authorize and access_token live there). */
  issuer: string;
  /** GitHub only: where /user, /user/emails and /user/orgs live. */
  apiUrl?: string;
  clientId: string;
  clientSecret: string;
  enabled: boolean;
  source: 'environment' | 'graphql';
  /** Changes when a GraphQL-defined provider is updated, so a cached client configuration is rebuilt. */
  version: string;
}

export type SsoProviderView = Omit<SsoProvider, 'clientSecret' | 'version'> & { hasClientSecret: boolean; createdAt: string | null; updatedAt: string | null };

export interface SsoProviderInput {
  id?: string | null;
  name?: string | null;
  preset?: string | null;
  issuer?: string | null;
  clientId?: string | null;
  clientSecret?: string | null;
  enabled?: boolean | null;
}

const PRESET_NAMES: Record<SsoPreset, string> = {
  github: 'GitHub',
  google: 'Google',
  ibm_verify: 'IBM Security Verify',
  okta: 'Okta',
  generic: 'Single sign-on',
};

/** The providers configured in the environment, by the id their login URL uses. */
export function environmentProviders(sso: Config['sso']): SsoProvider[] {
  const env = (id: string, preset: SsoPreset, p: { enabled: boolean; clientId: string; clientSecret: string }, issuer: string, apiUrl?: string): SsoProvider => ({
    id,
    name: PRESET_NAMES[preset],
    preset,
    issuer,
    ...(apiUrl ? { apiUrl } : {}),
    clientId: p.clientId,
    clientSecret: p.clientSecret,
    enabled: p.enabled,
    source: 'environment',
    version: 'environment',
  });
  return [
    env('github', 'github', sso.github, sso.github.baseUrl, sso.github.apiUrl),
    env('google', 'google', sso.google, sso.google.issuer),
    env('ibm-verify', 'ibm_verify', sso.ibmVerify, sso.ibmVerify.issuer),
    env('okta', 'okta', sso.okta, sso.okta.issuer),
    env('generic', 'generic', sso.generic, sso.generic.issuer),
  ].filter((p) => p.enabled);
}

const secretContext = (providerId: string) => `sso_providers:${providerId}:client_secret`;

export type SsoProviders = ReturnType<typeof createSsoProviders>;

/**
 * Providers from the environment (read-only) and those platform admins define through GraphQL (events,
 * client secrets sealed by the secret box). Environment ids are reserved, so the two never collide.
 */
export function createSsoProviders({ config, database, store, secretBox }: { config: Config; database: Database; store: EventStore; secretBox: SecretBox }) {
  const fromEnv = environmentProviders(config.sso);
  const reserved = new Set(['github', 'google', 'ibm-verify', 'okta', 'generic']);
  const { ssoProviders } = database.schema;

  type Row = typeof ssoProviders.$inferSelect;
  const toProvider = (row: Row): SsoProvider => ({
    id: row.id,
    name: row.name,
    preset: row.preset as SsoPreset,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: secretBox.open(row.clientSecret, secretContext(row.id)),
    enabled: Boolean(row.enabled),
    source: 'graphql',
    version: row.updatedAt,
  });
  const toView = (row: Row): SsoProviderView => ({
    id: row.id,
    name: row.name,
    preset: row.preset as SsoPreset,
    issuer: row.issuer,
    clientId: row.clientId,
    hasClientSecret: true,
    enabled: Boolean(row.enabled),
    source: 'graphql',
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
  const envView = ({ clientSecret, version: _v, ...p }: SsoProvider): SsoProviderView => ({ ...p, hasClientSecret: clientSecret !== '', createdAt: null, updatedAt: null });

  async function row(id: string): Promise<Row | undefined> {
    const [found] = await database.db.select().from(ssoProviders).where(eq(ssoProviders.id, id)).limit(1);
    return found;
  }

  function assertWritable(id: string) {
    if (reserved.has(id)) throw new ForbiddenError(`The provider ${id} is configured in the environment (SSO_* variables) and is read-only here`);
  }

  return {
    /** Every provider, for platform admins; with SSO off, none takes part in sign-in. */
    async list(): Promise<SsoProviderView[]> {
      const rows = await database.db.select().from(ssoProviders).orderBy(asc(ssoProviders.id));
      return [...fromEnv.map(envView), ...rows.map(toView)];
    },

    /** The sign-in page's list: enabled providers only, none while SSO_ENABLED=false. */
    async enabled(): Promise<SsoProviderView[]> {
      if (!config.sso.enabled) return [];
      return (await this.list()).filter((p) => p.enabled);
    },

    /** An enabled provider with its secret, for the flow; undefined when SSO is off or the provider is unknown or disabled. */
    async forSignIn(id: string): Promise<SsoProvider | undefined> {
      if (!config.sso.enabled) return undefined;
      const found = fromEnv.find((p) => p.id === id) ?? (reserved.has(id) ? undefined : await row(id).then((r) => (r ? toProvider(r) : undefined)));
      return found?.enabled ? found : undefined;
    },

    async create(input: SsoProviderInput, meta: RequestMeta): Promise<SsoProviderView> {
      const id = String(input.id ?? '').trim();
      if (reserved.has(id)) throw new AlreadyExistsError(`The id ${id} is reserved for the provider configured in the environment`, { field: 'id' });
      if (!input.clientSecret) throw new ValidationError('clientSecret must not be empty', { field: 'clientSecret' });
      await store.handle(meta, ssoProviderStreamId(id), ssoProviderDecider, {
        type: 'Create',
        providerId: id,
        name: input.name ?? '',
        preset: input.preset ?? '',
        issuer: input.issuer ?? '',
        clientId: input.clientId ?? '',
        clientSecret: secretBox.seal(input.clientSecret ?? '', secretContext(id)),
        enabled: input.enabled ?? true,
      });
      return toView((await row(id))!);
    },

    async update(id: string, input: SsoProviderInput, meta: RequestMeta): Promise<SsoProviderView> {
      assertWritable(id);
      if (!(await row(id))) throw new NotFoundError('SSO provider');
      await store.handle(meta, ssoProviderStreamId(id), ssoProviderDecider, {
        type: 'Update',
        name: input.name ?? undefined,
        issuer: input.issuer ?? undefined,
        clientId: input.clientId ?? undefined,
        clientSecret: input.clientSecret ? secretBox.seal(input.clientSecret, secretContext(id)) : undefined,
        enabled: input.enabled ?? undefined,
      });
      return toView((await row(id))!);
    },

    async remove(id: string, meta: RequestMeta): Promise<void> {
      assertWritable(id);
      await store.handle(meta, ssoProviderStreamId(id), ssoProviderDecider, { type: 'Delete' });
    },
  };
}
