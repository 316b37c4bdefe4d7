import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

export interface Argon2Params {
  timeCost: number;
  /** KiB. */
  memoryCost: number;
  parallelism: number;
}

export interface PasswordHasher {
  /** A PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
  hash(password: string): Promise<string>;
  /** False for a wrong password and for anything that is not an Argon2 PHC string. */
  verify(phc: string, password: string): Promise<boolean>;
  /**
   * Verifies against a hash of nothing anyone knows: an unknown email costs what a known one does, so
   * timing does not tell whether an account exists.
   */
  verifyDummy(password: string): Promise<void>;
  /** Made with other parameters (or another Argon2 variant) than the current ones. */
  needsRehash(phc: string): boolean;
  /** How many verifications ran (dummy ones included): the enumeration test counts them. */
  readonly verifications: number;
}

/**
 * Argon2id through the native binding, which computes on libuv's thread pool: hashing never blocks the
 * event loop, however many sign-ins run at once.
 */
export function createPasswordHasher(params: Argon2Params): PasswordHasher {
  const options: argon2.HashOptions = { type: argon2.argon2id, timeCost: params.timeCost, memoryCost: params.memoryCost, parallelism: params.parallelism };
  let dummy: Promise<string> | undefined;
  let verifications = 0;

  async function verify(phc: string, password: string): Promise<boolean> {
    verifications++;
    try {
      return await argon2.verify(phc, password);
    } catch {
      // A malformed stored hash is a failed sign-in, never a server error.
      return false;
    }
  }

  return {
    hash: (password) => argon2.hash(password, options),
    verify,
    async verifyDummy(password) {
      dummy ??= argon2.hash(randomBytes(32).toString('base64url'), options);
      await verify(await dummy, password);
    },
    needsRehash(phc) {
      if (!phc.startsWith('$argon2id$')) return true;
      try {
        return argon2.needsRehash(phc, { timeCost: params.timeCost, memoryCost: params.memoryCost, parallelism: params.parallelism });
      } catch {
        return true;
      }
    },
    get verifications() {
      return verifications;
    },
  };
}
