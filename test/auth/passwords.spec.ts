import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../api/auth/passwords.js';

const cheap = { timeCost: 1, memoryCost: 1024, parallelism: 1 };

describe('Argon2id hasher', () => {
  it('hashes to an argon2id PHC string with the configured parameters, and verifies', async () => {
    const hasher = createPasswordHasher({ timeCost: 2, memoryCost: 2048, parallelism: 2 });
    const phc = await hasher.hash('correct horse');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=2048,p=2,t=2\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await hasher.verify(phc, 'correct horse')).toBe(true);
    expect(await hasher.verify(phc, 'correct horsE')).toBe(false);
    expect(await hasher.hash('correct horse')).not.toBe(phc); // salted
  });

  it('says a hash made with other parameters or another variant needs a rehash', async () => {
    const current = createPasswordHasher(cheap);
    const older = createPasswordHasher({ ...cheap, memoryCost: 2048 });
    expect(current.needsRehash(await current.hash('pw'))).toBe(false);
    expect(current.needsRehash(await older.hash('pw'))).toBe(true);
    expect(current.needsRehash('$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g')).toBe(true);
    expect(current.needsRehash('not a hash')).toBe(true);
  });

  it('counts every verification, the dummy one for unknown emails included; a malformed hash fails, never throws', async () => {
    const hasher = createPasswordHasher(cheap);
    expect(hasher.verifications).toBe(0);
    await hasher.verifyDummy('anything');
    await hasher.verifyDummy('anything');
    expect(await hasher.verify('garbage', 'pw')).toBe(false);
    expect(hasher.verifications).toBe(3);
  });

  it('hashes off the event loop: timers keep firing while a costly hash runs', async () => {
    const hasher = createPasswordHasher({ timeCost: 3, memoryCost: 65536, parallelism: 1 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await hasher.hash('default parameters');
    } finally {
      clearInterval(timer);
    }
    // A blocking hash would let the interval run at most once, after it returned.
    expect(ticks).toBeGreaterThan(3);
  });
});
