import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
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
 * Runs at most `limit` tasks at once; the rest wait in order. Argon2 saturates a core per hash, and a
 * thread pool as wide as the machine would leave the event loop's thread waiting for CPU.
 */
function limiter(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** One core stays free for the event loop (and /health) however many sign-ins arrive at once. */
export const DEFAULT_HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);

/**
 * Argon2id through the native binding, which computes on libuv's thread pool, never on the event loop;
 * at most `concurrency` hashes run at once.
 */
export function createPasswordHasher(params: Argon2Params, concurrency = DEFAULT_HASH_CONCURRENCY): PasswordHasher {
  const options: argon2.HashOptions = { type: argon2.argon2id, timeCost: params.timeCost, memoryCost: params.memoryCost, parallelism: params.parallelism };
  const run = limiter(concurrency);
  let dummy: Promise<string> | undefined;
  let verifications = 0;

  async function verify(phc: string, password: string): Promise<boolean> {
    verifications++;
    try {
      return await run(() => argon2.verify(phc, password));
    } catch {
      // A malformed stored hash is a failed sign-in, never a server error.
      return false;
    }
  }

  return {
    hash: (password) => run(() => argon2.hash(password, options)),
    verify,
    async verifyDummy(password) {
      dummy ??= run(() => argon2.hash(randomBytes(32).toString('base64url'), options));
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
