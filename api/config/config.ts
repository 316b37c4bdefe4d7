import { readFileSync, existsSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { resolve } from 'node:path';
import { ConfigError, createEnvReader, type Env } from './env-reader.js';
import { parseDatabaseUrl, redactDatabaseUrl } from '../../events/db/url.js';

export { ConfigError };

export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** Development defaults that must never reach production (CONFIG.md). */
const DEV_SECRETS = {
  JWT_SECRET_KEY: 'my-test-key',
  AUTH_ENCRYPTION_SECRET: 'my-test-salt',
  PLATFORM_ADMIN_PASSWORD: 'changeme',
} as const;

export type Config = ReturnType<typeof buildConfig>;

/**
 * The environment wins over `.env`, as operators expect: a variable set by the process manager
 * overrides the file beside the process.
 */
export function readEnvironment(cwd = process.cwd(), env: Env = process.env): Env {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

export function loadConfig(env: Env = readEnvironment()): Config {
  return buildConfig(env);
}

function buildConfig(env: Env) {
  const r = createEnvReader(env);

  const environment = r.oneOf('ENVIRONMENT', ['development', 'production', 'test'] as const, 'development');
  const production = environment === 'production';
  const appDomain = r.url('APP_DOMAIN', 'http://localhost:4444');
  const appOrigin = safeOrigin(appDomain);
  const appHost = safeHost(appDomain);

  let rootPath = r.str('APP_ROOT_PATH', '');
  if (rootPath && !/^\/[A-Za-z0-9._~\-/]*$/.test(rootPath)) {
    r.problem('APP_ROOT_PATH', rootPath, 'a path starting with / such as /gateway');
    rootPath = '';
  }
  rootPath = rootPath.replace(/\/+$/, '');

  const core = {
    host: r.str('HOST', '127.0.0.1'),
    port: r.int('PORT', 4444, { min: 0, max: 65535 }),
    appDomain,
    rootPath,
    environment,
    production,
    logLevel: r.oneOf('LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const, 'info'),
    logFormat: r.oneOf('LOG_FORMAT', ['json', 'text'] as const, 'json'),
  };

  const databaseUrl = r.str('DATABASE_URL', 'sqlite:///./data/switchboard.db');
  try {
    parseDatabaseUrl(databaseUrl);
  } catch {
    r.problem(
      'DATABASE_URL',
      redactDatabaseUrl(databaseUrl),
      'sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite:///:memory:, postgresql://…, mysql://… or mysql+pymysql://…',
    );
  }
  const database = {
    url: databaseUrl,
    poolSize: r.int('DB_POOL_SIZE', 20, { min: 1, max: 1000 }),
    maxOverflow: r.int('DB_MAX_OVERFLOW', 5, { min: 0, max: 1000 }),
    poolTimeoutSeconds: r.int('DB_POOL_TIMEOUT', 60, { min: 1, max: 3600 }),
    poolRecycleSeconds: r.int('DB_POOL_RECYCLE', 3600, { min: 0, max: 86_400 }),
    maxRetries: r.int('DB_MAX_RETRIES', 5, { min: 0, max: 1000 }),
    retryIntervalMs: r.int('DB_RETRY_INTERVAL_MS', 2000, { min: 0, max: 600_000 }),
  };

  const jwtAlgorithm = r.oneOf('JWT_ALGORITHM', JWT_ALGORITHMS, 'HS256', false);
  const jwt = {
    algorithm: jwtAlgorithm,
    secretKey: r.str('JWT_SECRET_KEY', DEV_SECRETS.JWT_SECRET_KEY),
    publicKeyPath: r.optional('JWT_PUBLIC_KEY_PATH'),
    privateKeyPath: r.optional('JWT_PRIVATE_KEY_PATH'),
    audience: r.str('JWT_AUDIENCE', 'mcpgateway-api'),
    issuer: r.str('JWT_ISSUER', 'mcpgateway'),
    audienceVerification: r.bool('JWT_AUDIENCE_VERIFICATION', true),
    expiryMinutes: r.int('TOKEN_EXPIRY', 10080, { min: 1, max: 5_256_000 }),
    requireExpiration: r.bool('REQUIRE_TOKEN_EXPIRATION', false),
  };
  if (!jwtAlgorithm.startsWith('HS') && (!jwt.publicKeyPath || !jwt.privateKeyPath)) {
    r.problem('JWT_ALGORITHM', jwtAlgorithm, 'HS256/384/512, or JWT_PUBLIC_KEY_PATH and JWT_PRIVATE_KEY_PATH set for RS*/ES*');
  }

  const emailAuth = {
    enabled: r.bool('EMAIL_AUTH_ENABLED', true),
    publicRegistration: r.bool('PUBLIC_REGISTRATION_ENABLED', false),
    adminEmail: r.str('PLATFORM_ADMIN_EMAIL', 'admin@example.com').toLowerCase(),
    adminPassword: r.str('PLATFORM_ADMIN_PASSWORD', DEV_SECRETS.PLATFORM_ADMIN_PASSWORD),
    adminFullName: r.str('PLATFORM_ADMIN_FULL_NAME', 'Platform Administrator'),
  };

  const argon2 = {
    timeCost: r.int('ARGON2ID_TIME_COST', 3, { min: 1, max: 100 }),
    memoryCost: r.int('ARGON2ID_MEMORY_COST', 65536, { min: 1024, max: 4_194_304 }),
    parallelism: r.int('ARGON2ID_PARALLELISM', 1, { min: 1, max: 64 }),
  };

  const passwordPolicy = {
    minLength: r.int('PASSWORD_MIN_LENGTH', 8, { min: 1, max: 1024 }),
    requireUppercase: r.bool('PASSWORD_REQUIRE_UPPERCASE', false),
    requireLowercase: r.bool('PASSWORD_REQUIRE_LOWERCASE', false),
    requireNumbers: r.bool('PASSWORD_REQUIRE_NUMBERS', false),
    requireSpecial: r.bool('PASSWORD_REQUIRE_SPECIAL', false),
  };

  const accountSecurity = {
    maxFailedLoginAttempts: r.int('MAX_FAILED_LOGIN_ATTEMPTS', 5, { min: 1, max: 1000 }),
    lockoutMinutes: r.int('ACCOUNT_LOCKOUT_DURATION_MINUTES', 30, { min: 1, max: 525_600 }),
  };

  const teams = {
    autoCreatePersonalTeams: r.bool('AUTO_CREATE_PERSONAL_TEAMS', true),
    personalTeamPrefix: r.str('PERSONAL_TEAM_PREFIX', 'personal'),
    maxTeamsPerUser: r.int('MAX_TEAMS_PER_USER', 50, { min: 1, max: 100_000 }),
    maxMembersPerTeam: r.int('MAX_MEMBERS_PER_TEAM', 100, { min: 1, max: 1_000_000 }),
    invitationExpiryDays: r.int('INVITATION_EXPIRY_DAYS', 7, { min: 1, max: 365 }),
    // No mail verification exists yet, so requiring it would lock out self-registered invitees (CONFIG.md).
    requireEmailVerificationForInvites: r.bool('REQUIRE_EMAIL_VERIFICATION_FOR_INVITES', false),
  };

  const mcp = {
    toolNameSeparator: r.oneOf('GATEWAY_TOOL_NAME_SEPARATOR', ['-', '--', '_', '.'] as const, '-'),
    healthCheckIntervalSeconds: r.int('HEALTH_CHECK_INTERVAL', 60, { min: 1, max: 86_400 }),
    healthCheckTimeoutSeconds: r.int('HEALTH_CHECK_TIMEOUT', 10, { min: 1, max: 600 }),
    unhealthyThreshold: r.int('UNHEALTHY_THRESHOLD', 5, { min: 1, max: 1000 }),
    validationTimeoutSeconds: r.int('GATEWAY_VALIDATION_TIMEOUT', 5, { min: 1, max: 600 }),
    toolTimeoutSeconds: r.int('TOOL_TIMEOUT', 60, { min: 1, max: 3600 }),
    sseKeepaliveSeconds: r.int('SSE_KEEPALIVE_INTERVAL', 30, { min: 1, max: 3600 }),
    metricsRetentionDays: r.int('METRICS_RETENTION_DAYS', 30, { min: 1, max: 3650 }),
    usageLogRetentionDays: r.int('USAGE_LOG_RETENTION_DAYS', 90, { min: 1, max: 3650 }),
  };

  const encryption = {
    secret: r.str('AUTH_ENCRYPTION_SECRET', DEV_SECRETS.AUTH_ENCRYPTION_SECRET),
  };

  const defaultHosts = ['localhost', '127.0.0.1', '[::1]', ...(appHost ? [appHost] : [])];
  const http = {
    allowedOrigins: r.list('ALLOWED_ORIGINS', appOrigin ? [appOrigin] : []),
    allowedHosts: [...new Set(r.list('ALLOWED_HOSTS', defaultHosts).map((h) => h.toLowerCase()))],
    corsEnabled: r.bool('CORS_ENABLED', true),
    secureCookies: r.bool('SECURE_COOKIES', !['development', 'test'].includes(environment)),
    cookieSameSite: r.oneOf('COOKIE_SAMESITE', ['lax', 'strict', 'none'] as const, 'lax'),
    securityHeaders: r.bool('SECURITY_HEADERS_ENABLED', true),
    trustProxy: r.bool('TRUST_PROXY', false),
    maxRequestBodyBytes: r.int('MAX_REQUEST_BODY_BYTES', 1_048_576, { min: 1024, max: 1_073_741_824 }),
  };

  const ssoProvider = (prefix: string) => ({
    enabled: r.bool(`${prefix}_ENABLED`, false),
    clientId: r.str(`${prefix}_CLIENT_ID`, ''),
    clientSecret: r.str(`${prefix}_CLIENT_SECRET`, ''),
  });
  const oidcProvider = (prefix: string, issuer: string) => ({ ...ssoProvider(prefix), issuer: r.str(`${prefix}_ISSUER`, issuer) });
  const domains = (name: string) => r.list(name, []).map((d) => d.toLowerCase().replace(/^@/, ''));
  const sso = {
    enabled: r.bool('SSO_ENABLED', false),
    autoCreateUsers: r.bool('SSO_AUTO_CREATE_USERS', true),
    preserveAdminAuth: r.bool('SSO_PRESERVE_ADMIN_AUTH', true),
    requireAdminApproval: r.bool('SSO_REQUIRE_ADMIN_APPROVAL', false),
    trustedDomains: domains('SSO_TRUSTED_DOMAINS'),
    autoAdminDomains: domains('SSO_AUTO_ADMIN_DOMAINS'),
    githubAdminOrgs: r.list('SSO_GITHUB_ADMIN_ORGS', []).map((o) => o.toLowerCase()),
    googleAdminDomains: domains('SSO_GOOGLE_ADMIN_DOMAINS'),
    github: { ...ssoProvider('SSO_GITHUB'), baseUrl: r.url('SSO_GITHUB_BASE_URL', 'https://github.com'), apiUrl: r.url('SSO_GITHUB_API_URL', 'https://api.github.com') },
    google: oidcProvider('SSO_GOOGLE', 'https://accounts.google.com'),
    ibmVerify: oidcProvider('SSO_IBM_VERIFY', ''),
    okta: oidcProvider('SSO_OKTA', ''),
    generic: oidcProvider('SSO_GENERIC', ''),
  };
  if (sso.enabled) {
    const named = { SSO_GITHUB: sso.github, SSO_GOOGLE: sso.google, SSO_IBM_VERIFY: sso.ibmVerify, SSO_OKTA: sso.okta, SSO_GENERIC: sso.generic };
    for (const [prefix, p] of Object.entries(named)) {
      if (!p.enabled) continue;
      if (!p.clientId) r.problem(`${prefix}_CLIENT_ID`, '', `the client id registered at the provider (${prefix}_ENABLED=true)`);
      if (!p.clientSecret) r.problem(`${prefix}_CLIENT_SECRET`, '', `the client secret registered at the provider (${prefix}_ENABLED=true)`);
      if ('issuer' in p && typeof p.issuer === 'string' && !/^https?:\/\/[^\s]+$/.test(p.issuer)) r.problem(`${prefix}_ISSUER`, p.issuer, `the provider's issuer URL, e.g. https://login.example.com (${prefix}_ENABLED=true)`);
    }
  }

  const ui = {
    enabled: r.bool('MCPGATEWAY_UI_ENABLED', true),
    adminApiEnabled: r.bool('MCPGATEWAY_ADMIN_API_ENABLED', true),
  };

  if (production) {
    const values: Record<keyof typeof DEV_SECRETS, string> = {
      JWT_SECRET_KEY: jwt.secretKey,
      AUTH_ENCRYPTION_SECRET: encryption.secret,
      PLATFORM_ADMIN_PASSWORD: emailAuth.adminPassword,
    };
    for (const [name, devValue] of Object.entries(DEV_SECRETS) as [keyof typeof DEV_SECRETS, string][]) {
      // The HS key is irrelevant when tokens are signed with RS/ES keys.
      if (name === 'JWT_SECRET_KEY' && !jwtAlgorithm.startsWith('HS')) continue;
      if (values[name] === devValue) {
        r.problems.push(`${name} is still its development default: set a secret of your own when ENVIRONMENT=production`);
      }
    }
  }

  if (r.problems.length) throw new ConfigError(r.problems);
  return { ...core, database, jwt, emailAuth, argon2, passwordPolicy, accountSecurity, teams, mcp, encryption, http, ui, sso };
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
