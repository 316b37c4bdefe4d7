import type { EventStore, Clock } from '../../events/store/store.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import type { Principal } from '../authz/principal.js';
import { createAccounts, type Accounts } from './accounts.js';
import { createAuthenticator } from './authenticate.js';
import { createTokenService, type TokenService } from './jwt.js';
import { loadSigningKeys } from './keys.js';
import { createPasswordHasher, type PasswordHasher } from './passwords.js';
import { loadRevocationView, type RevocationView } from './revocations.js';
import { loadUsersView, type UsersView } from './users-view.js';
import type { Authz } from '../authz/can.js';
import type { RequestInfo } from '../http/request-context.js';
import { loadTokenView, type TokenView } from '../tokens/view.js';
import { createApiTokenAuthenticator } from '../tokens/authenticate.js';

export interface AuthServices {
  apiTokens: TokenView;
  passwords: PasswordHasher;
  tokens: TokenService;
  users: UsersView;
  revocations: RevocationView;
  accounts: Accounts;
  authenticate(request: Request, info?: RequestInfo): Promise<Principal | null>;
}

/** Everything sign-in and authentication need, with the in-memory views loaded and subscribed to the log. */
export async function startAuthServices({ config, store, clock, logger, authz }: { config: Config; store: EventStore; clock: Clock; logger: Logger; authz: Authz }): Promise<AuthServices> {
  const keys = await loadSigningKeys(config.jwt);
  const tokens = createTokenService(keys, config.jwt, clock);
  const passwords = createPasswordHasher(config.argon2);
  const [users, revocations, apiTokens] = await Promise.all([
    loadUsersView(store.database),
    loadRevocationView(store.database, clock),
    loadTokenView(store.database),
  ]);
  store.subscribe((events) => {
    users.apply(events);
    revocations.apply(events);
    apiTokens.apply(events);
  });
  const accounts = createAccounts({ config, store, logger, passwords, tokens });
  const authenticate = createAuthenticator({
    tokens,
    users,
    revocations,
    csrfSecret: config.encryption.secret,
    apiTokens: createApiTokenAuthenticator({ tokens: apiTokens, users, authz, clock, rootPath: config.rootPath }),
  });
  return { apiTokens, passwords, tokens, users, revocations, accounts, authenticate };
}
