import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'switchboard_session';
/** Readable by the admin UI's script, which echoes it in the header below. */
export const CSRF_COOKIE = 'switchboard_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface CookieSettings {
  rootPath: string;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
}

/**
 * The CSRF token is bound to the session (an HMAC of its id), so a cookie planted by a sibling subdomain
 * cannot pair with a forged header: double submit without server state.
 */
export function csrfTokenFor(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}

export function csrfTokenMatches(secret: string, sessionId: string, given: string | null): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenFor(secret, sessionId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function cookie(settings: CookieSettings, name: string, value: string, maxAgeSeconds: number, httpOnly: boolean): string {
  const sameSite = settings.sameSite[0].toUpperCase() + settings.sameSite.slice(1);
  return [
    `${name}=${value}`,
    `Path=${settings.rootPath || '/'}`,
    `Max-Age=${maxAgeSeconds}`,
    `SameSite=${sameSite}`,
    ...(httpOnly ? ['HttpOnly'] : []),
    ...(settings.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Set-Cookie values for a signed-in admin UI: the token (httpOnly) and its CSRF token (readable). */
export function sessionCookies(settings: CookieSettings, token: string, csrfToken: string, maxAgeSeconds: number): string[] {
  return [cookie(settings, SESSION_COOKIE, token, maxAgeSeconds, true), cookie(settings, CSRF_COOKIE, csrfToken, maxAgeSeconds, false)];
}

export function clearedSessionCookies(settings: CookieSettings): string[] {
  return [cookie(settings, SESSION_COOKIE, '', 0, true), cookie(settings, CSRF_COOKIE, '', 0, false)];
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
