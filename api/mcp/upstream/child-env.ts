import { DEFAULT_INHERITED_ENV_VARS } from '@modelcontextprotocol/sdk/client/stdio.js';

/**
 * The whole environment of a spawned stdio upstream: what a program needs to run (PATH, HOME, locale,
 * time zone) plus exactly what the registration gave. Nothing else of the gateway's crosses over, so
 * DATABASE_URL, JWT keys and AUTH_ENCRYPTION_SECRET never reach a child. The SDK's transport always adds
 * its sudo-like defaults (HOME, LOGNAME, PATH, SHELL, TERM, USER) underneath, none of them secret.
 */
const INHERITED = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ'] as const;

/** Every variable a child can see besides the registration's own. */
export const CHILD_BASE_VARIABLES: readonly string[] = [...new Set([...INHERITED, ...DEFAULT_INHERITED_ENV_VARS])];

export function childEnvironment(given: Record<string, string> = {}, parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = parent[name];
    // Exported shell functions ("() { …") are a known injection vector.
    if (value !== undefined && !value.startsWith('()')) env[name] = value;
  }
  return { ...env, ...given };
}
