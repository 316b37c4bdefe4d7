import * as oidc from 'openid-client';
import type { EventStore, Clock } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import type { Accounts, IssuedToken } from '../auth/accounts.js';
import type { Config } from '../config/config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Logger } from '../log/logger.js';
import { createSsoApprovals, type SsoApprovals } from './approvals.js';
import { createClientConfigurations, describe } from './client.js';
import { SsoError } from './errors.js';
import { gitHubIdentity } from './github.js';
import { createSsoProviders, type SsoProvider, type SsoProviders } from './providers.js';
import type { ExternalIdentity } from './rules.js';
import { createSsoSignIn } from './sign-in.js';
import { createStateStore } from './states.js';

export interface SsoService {
  providers: SsoProviders;
  approvals: SsoApprovals;
  /** The callback URL registered at the provider: built on APP_DOMAIN, never on the request's Host. */
  redirectUri(providerId: string): string;
  /** Where the browser goes to sign in: the provider's authorize URL with state, nonce and PKCE. */
  begin(providerId: string): Promise<URL>;
  /** Checks and uses the callback's state, exchanges the code, applies the sign-in rules. */
  complete(providerId: string, callbackQuery: URLSearchParams, meta: RequestMeta): Promise<IssuedToken>;
}

const SCOPES = { github: 'read:user user:email read:org', oidc: 'openid email profile' };

/** Providers vary: Okta and some IBM Verify tenants send email_verified as a string. */
const isTrue = (value: unknown) => value === true || value === 'true';

export function createSsoService(deps: { config: Config; store: EventStore; clock: Clock; secretBox: SecretBox; accounts: Accounts; logger: Logger }): SsoService {
  const { config, store, clock, logger } = deps;
  const providers = createSsoProviders({ config, database: store.database, store, secretBox: deps.secretBox });
  const states = createStateStore(store.database, clock);
  const clients = createClientConfigurations(config);
  const signIn = createSsoSignIn({ config, store, accounts: deps.accounts });

  async function provider(id: string): Promise<SsoProvider> {
    if (!config.sso.enabled) throw new SsoError('sso_disabled', 'Single sign-on is not enabled on this server.');
    const found = await providers.forSignIn(id);
    if (!found) throw new SsoError('unknown_provider', `There is no enabled sign-in provider called "${id}".`);
    return found;
  }

  const redirectUri = (providerId: string) => `${config.appDomain}${config.rootPath}/auth/sso/callback/${encodeURIComponent(providerId)}`;

  async function oidcIdentity(p: SsoProvider, configuration: oidc.Configuration, tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>): Promise<ExternalIdentity> {
    const idClaims = tokens.claims();
    if (!idClaims) throw new SsoError('provider_error', `${p.name} sent no ID token.`);
    let claims: Record<string, unknown> = idClaims;
    // Providers that keep the ID token small (oidc-provider by default, some Okta setups) give the email at userinfo.
    if (typeof claims.email !== 'string' && configuration.serverMetadata().userinfo_endpoint) {
      claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)), ...idClaims };
    }
    if (typeof claims.email !== 'string') throw new SsoError('provider_error', `${p.name} did not share an email address; allow the email scope and sign in again.`);
    const name = typeof claims.name === 'string' ? claims.name : [claims.given_name, claims.family_name].filter((x) => typeof x === 'string').join(' ');
    return {
      providerId: p.id,
      providerName: p.name,
      preset: p.preset,
      subject: idClaims.sub,
      email: claims.email,
      emailVerified: isTrue(claims.email_verified),
      fullName: name,
      ...(typeof claims.hd === 'string' ? { hostedDomain: claims.hd } : {}),
    };
  }

  return {
    providers,
    approvals: createSsoApprovals(store),
    redirectUri,

    async begin(providerId) {
      const p = await provider(providerId);
      const configuration = await clients.get(p);
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      await states.save(state, { providerId: p.id, nonce, codeVerifier });
      return oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri(p.id),
        scope: p.preset === 'github' ? SCOPES.github : SCOPES.oidc,
        state,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        ...(p.preset === 'github' ? {} : { nonce }),
      });
    },

    async complete(providerId, query, meta) {
      const p = await provider(providerId);
      const pending = await states.consume(query.get('state'), p.id);
      const configuration = await clients.get(p);
      // The URL the provider redirected to, rebuilt on APP_DOMAIN: openid-client derives redirect_uri from it.
      const callback = new URL(redirectUri(p.id));
      callback.search = query.toString();
      let identity: ExternalIdentity;
      try {
        const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: query.get('state')!,
          ...(p.preset === 'github' ? {} : { expectedNonce: pending.nonce, idTokenExpected: true }),
        });
        identity = p.preset === 'github' ? await gitHubIdentity(p, tokens.access_token) : await oidcIdentity(p, configuration, tokens);
      } catch (err) {
        if (err instanceof SsoError) throw err;
        if (err instanceof oidc.AuthorizationResponseError) {
          throw new SsoError('provider_error', `${p.name} did not sign you in (${describe(err)}).`, { cause: err });
        }
        logger.warn({ provider: p.id, reason: describe(err) }, 'SSO callback failed');
        throw new SsoError('provider_error', `The answer from ${p.name} could not be verified (${describe(err)}). Start the sign-in again.`, { cause: err });
      }
      return signIn(identity, meta);
    },
  };
}
