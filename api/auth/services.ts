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

export interface AuthServices {
  passwords: PasswordHasher;
  tokens: TokenService;
  users: UsersView;
  revocations: RevocationView;
  accounts: Accounts;
  authenticate(request: Request): Promise<Principal | null>;
}

/** Everything sign-in and authentication need, with the in-memory views loaded and subscribed to the log. */
export async function startAuthServices({ config, store, clock, logger }: { config: Config; store: EventStore; clock: Clock; logger: Logger }): Promise<AuthServices> {
  const keys = await loadSigningKeys(config.jwt);
  const tokens = createTokenService(keys, config.jwt, clock);
  const passwords = createPasswordHasher(config.argon2);
  const [users, revocations] = await Promise.all([loadUsersView(store.database), loadRevocationView(store.database, clock)]);
  store.subscribe((events) => {
    users.apply(events);
    revocations.apply(events);
  });
  const accounts = createAccounts({ config, store, logger, passwords, tokens });
  const authenticate = createAuthenticator({ tokens, users, revocations, csrfSecret: config.encryption.secret });
  return { passwords, tokens, users, revocations, accounts, authenticate };
}
