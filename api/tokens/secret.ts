import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'sb_';

/** `sb_` + 256 random bits, base64url: shown once, then only its SHA-256 exists anywhere. */
export function generateApiToken(): { token: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashApiToken(token) };
}

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const looksLikeApiToken = (credential: string) => credential.startsWith(TOKEN_PREFIX);
