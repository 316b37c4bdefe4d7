import { parseArgs } from 'node:util';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { loadConfig, readEnvironment, type Config } from '../config/config.js';
import { openDatabase } from '../../events/db/connect.js';
import { createEventStore, systemClock, type Clock } from '../../events/store/store.js';
import { registry } from '../../events/registry.js';
import { normalizeEmail } from '../../events/users/email.js';
import { findUserByEmail } from '../../events/users/read.js';
import { loadSigningKeys } from './keys.js';
import { createTokenService } from './jwt.js';
import { signSession, startSession } from './sessions.js';

const USAGE = `usage:
  npm run token -- --username EMAIL [--exp MINUTES] [--secret KEY]   mint a token for an existing active user
  npm run token -- --decode TOKEN                                     print a token's header and claims (not verified)

--exp defaults to TOKEN_EXPIRY; 0 mints a token without expiry (refused while REQUIRE_TOKEN_EXPIRATION=true).
--secret overrides JWT_SECRET_KEY for HS* algorithms. The token is a session like a sign-in's: logout,
a password change, "end all sessions" and deactivation end it too.`;

export class CliError extends Error {}

/** Mints a token the way a sign-in does (a recorded session), against the configured database. */
export async function mintToken(config: Config, username: string, expMinutes: number, clock: Clock = systemClock): Promise<string> {
  const email = normalizeEmail(username, '--username');
  const database = await openDatabase(config.database.url, { maxRetries: 0 });
  try {
    const user = await findUserByEmail(database.db, database.schema, email);
    if (!user) throw new CliError(`No user ${email} exists`);
    if (!user.isActive) throw new CliError(`${email} is deactivated`);
    const store = createEventStore(database, registry, clock);
    const tokens = createTokenService(await loadSigningKeys(config.jwt), config.jwt, clock);
    const session = await store.transact({ actor: email, userAgent: 'switchboard token CLI' }, (unit) =>
      startSession(unit, { id: user.id, email, tokensNotBefore: user.tokensNotBefore }, 'cli', expMinutes || null),
    );
    return await signSession(tokens, session);
  } finally {
    await database.close();
  }
}

export function describeToken(token: string): string {
  try {
    return JSON.stringify({ header: decodeProtectedHeader(token), claims: decodeJwt(token) }, null, 2);
  } catch (err) {
    throw new CliError(`Not a JWT: ${(err as Error).message}`);
  }
}

export async function runTokenCli(argv: string[], env = readEnvironment()): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: { username: { type: 'string' }, exp: { type: 'string' }, secret: { type: 'string' }, decode: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return USAGE;
  if (values.decode) return describeToken(values.decode);
  if (!values.username) throw new CliError(USAGE);
  const config = loadConfig({ ...env, ...(values.secret ? { JWT_SECRET_KEY: values.secret } : {}) });
  let exp = config.jwt.expiryMinutes;
  if (values.exp !== undefined) {
    exp = Number(values.exp);
    if (!Number.isInteger(exp) || exp < 0) throw new CliError('--exp must be a whole number of minutes (0: no expiry)');
  }
  if (exp === 0 && config.jwt.requireExpiration) throw new CliError('--exp 0 mints a token without expiry, which REQUIRE_TOKEN_EXPIRATION=true refuses');
  return mintToken(config, values.username, exp);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runTokenCli(process.argv.slice(2)).then(
    (out) => {
      process.stdout.write(`${out}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(err instanceof CliError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1);
    },
  );
}
