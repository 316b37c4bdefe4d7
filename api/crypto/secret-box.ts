import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { AppError } from '../../events/errors.js';

/**
 * Encryption at rest for credentials the gateway must use again (upstream tokens, OAuth client secrets):
 * AES-256-GCM under a key derived once from AUTH_ENCRYPTION_SECRET.
 *
 * Sealed form, base64url: version (1 byte) ‖ IV (12 random bytes) ‖ tag (16 bytes) ‖ ciphertext.
 * The version byte says which key and algorithm sealed the value, so a later rotation can open old values
 * while sealing new ones under a new version. It is authenticated with the optional context as AAD,
 * so neither can be changed without the tag failing.
 *
 * The key comes from scrypt rather than HKDF because operators set AUTH_ENCRYPTION_SECRET by hand and it may
 * be a guessable phrase: scrypt makes each guess against a stolen database cost memory and time, and we pay
 * that once at start-up. The salt is fixed (it cannot be random: every process must derive the same key
 * with nothing stored beside it); it only separates this use of the secret from any other.
 */
export interface SecretBox {
  /** Encrypts `plaintext`. A `context` (e.g. the record and field it is stored in) must be given again to open it. */
  seal(plaintext: string, context?: string): string;
  /** Decrypts a sealed value; a tampered value, another key or another context throws SecretUnreadableError. */
  open(sealed: string, context?: string): string;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
const SALT = 'switchboard/secret-box/v1';
// N=2^15, r=8: 32 MiB and roughly 0.1 s, once per process.
const SCRYPT = { N: 32_768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export class SecretUnreadableError extends AppError {
  constructor(reason: string) {
    // INTERNAL: a stored secret that does not open is the server's fault, never the caller's.
    super('INTERNAL', `A stored secret cannot be decrypted: ${reason}`);
  }
}

export function createSecretBox(secret: string): SecretBox {
  if (!secret) throw new Error('AUTH_ENCRYPTION_SECRET must not be empty');
  const key = scryptSync(secret, SALT, 32, SCRYPT);

  const aad = (version: number, context: string | undefined) =>
    Buffer.concat([Buffer.of(version), Buffer.from(context ?? '', 'utf8')]);

  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(VERSION, context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
    },
    open(sealed, context) {
      if (!/^[A-Za-z0-9_-]*$/.test(sealed)) throw new SecretUnreadableError('not base64url');
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.byteLength < HEADER_BYTES) throw new SecretUnreadableError('too short');
      const version = bytes[0];
      if (version !== VERSION) throw new SecretUnreadableError(`unknown version ${version}`);
      const iv = bytes.subarray(1, 1 + IV_BYTES);
      const tag = bytes.subarray(1 + IV_BYTES, HEADER_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(version, context));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretUnreadableError('altered, sealed under another AUTH_ENCRYPTION_SECRET, or for another context');
      }
    },
  };
}
