import * as oidc from 'openid-client';
import type { Config } from '../config/config.js';
import { SsoError } from './errors.js';
import type { SsoProvider } from './providers.js';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * openid-client refuses plain HTTP. Outside production a provider on a loopback address may use it (a
 * provider run beside the gateway for development and tests); anything else must be HTTPS.
 */
export function allowsPlainHttp(config: Pick<Config, 'production'>, url: string): boolean {
  const u = new URL(url);
  return !config.production && u.protocol === 'http:' && LOOPBACK.test(u.hostname);
}

/** Seconds a provider has to answer discovery, token and API requests. */
const PROVIDER_TIMEOUT_SECONDS = 15;

/**
 * Client configurations by provider, built once (OIDC discovery is a network round trip) and rebuilt when a
 * GraphQL-defined provider changes. A failed discovery is not cached, so the next sign-in tries again.
 */
export function createClientConfigurations(config: Pick<Config, 'production'>) {
  const cache = new Map<string, { version: string; configuration: Promise<oidc.Configuration> }>();

  async function build(provider: SsoProvider): Promise<oidc.Configuration> {
    const insecure = allowsPlainHttp(config, provider.issuer);
    if (provider.preset === 'github') {
      // GitHub speaks OAuth 2 without discovery: its endpoints sit below the (overridable) base URL.
      const configuration = new oidc.Configuration(
        {
          issuer: provider.issuer,
          authorization_endpoint: `${provider.issuer}/login/oauth/authorize`,
          token_endpoint: `${provider.issuer}/login/oauth/access_token`,
        },
        provider.clientId,
        provider.clientSecret,
      );
      configuration.timeout = PROVIDER_TIMEOUT_SECONDS;
      if (insecure) oidc.allowInsecureRequests(configuration);
      return configuration;
    }
    try {
      return await oidc.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, {
        execute: insecure ? [oidc.allowInsecureRequests] : [],
        timeout: PROVIDER_TIMEOUT_SECONDS,
      });
    } catch (err) {
      throw new SsoError('provider_unreachable', `${provider.name} could not be reached to start the sign-in (${describe(err)}). Try again later.`, { cause: err });
    }
  }

  return {
    get(provider: SsoProvider): Promise<oidc.Configuration> {
      const cached = cache.get(provider.id);
      if (cached && cached.version === provider.version) return cached.configuration;
      const configuration = build(provider);
      cache.set(provider.id, { version: provider.version, configuration });
      configuration.catch(() => {
        if (cache.get(provider.id)?.configuration === configuration) cache.delete(provider.id);
      });
      return configuration;
    },
  };
}

export type ClientConfigurations = ReturnType<typeof createClientConfigurations>;

/** A short, safe description of a provider-side failure: its error code, never a stack. */
export function describe(err: unknown): string {
  if (err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError) {
    return err.error_description ? `${err.error}: ${err.error_description}` : err.error;
  }
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  return e.code ?? e.cause?.code ?? e.message?.slice(0, 200) ?? 'unknown error';
}
