import { readFileSync } from 'node:fs';
import { importPKCS8, importSPKI, type CryptoKey } from 'jose';
import type { JwtAlgorithm } from '../config/config.js';

export interface SigningKeys {
  algorithm: JwtAlgorithm;
  sign: CryptoKey | Uint8Array;
  verify: CryptoKey | Uint8Array;
}

export interface KeySource {
  algorithm: JwtAlgorithm;
  secretKey: string;
  privateKeyPath?: string;
  publicKeyPath?: string;
}

/**
 * HS* sign and verify with JWT_SECRET_KEY; RS* and ES* with the PEM files. Each key is imported for its
 * one algorithm, so a token naming another (an HMAC token "signed" with our public key) cannot verify.
 */
export async function loadSigningKeys(source: KeySource): Promise<SigningKeys> {
  const { algorithm } = source;
  if (algorithm.startsWith('HS')) {
    // Imported once: given raw bytes, jose would import the key again on every signature it checks.
    const secret = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(source.secretKey),
      { name: 'HMAC', hash: `SHA-${algorithm.slice(2)}` },
      false,
      ['sign', 'verify'],
    );
    return { algorithm, sign: secret, verify: secret };
  }
  const read = (path: string | undefined, variable: string) => {
    if (!path) throw new Error(`${variable} must be set when JWT_ALGORITHM=${algorithm}`);
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`${variable}=${path} cannot be read: ${(err as Error).message}`);
    }
  };
  const privatePem = read(source.privateKeyPath, 'JWT_PRIVATE_KEY_PATH');
  const publicPem = read(source.publicKeyPath, 'JWT_PUBLIC_KEY_PATH');
  try {
    return { algorithm, sign: await importPKCS8(privatePem, algorithm), verify: await importSPKI(publicPem, algorithm) };
  } catch (err) {
    throw new Error(`The JWT key files do not hold a PKCS#8 private key and an SPKI public key for ${algorithm}: ${(err as Error).message}`);
  }
}
