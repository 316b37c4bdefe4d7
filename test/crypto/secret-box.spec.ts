import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretUnreadableError } from '../../api/crypto/secret-box.js';

const box = createSecretBox('a secret of our own');

/** Flips one bit of the decoded byte at `index` and re-encodes. */
function flip(sealed: string, index: number): string {
  const bytes = Buffer.from(sealed, 'base64url');
  bytes[index] ^= 0x01;
  return bytes.toString('base64url');
}

describe('secret box', () => {
  it('opens what it sealed, including empty and non-ASCII text', () => {
    for (const plaintext of ['ghp_upstreamToken123', '', 'pässwörd 🔑', 'x'.repeat(10_000)]) {
      const sealed = box.seal(plaintext);
      expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
      if (plaintext) expect(Buffer.from(sealed, 'base64url').includes(plaintext)).toBe(false);
      expect(box.open(sealed)).toBe(plaintext);
    }
  });

  it('lays out version byte 1, a 12-byte IV and a 16-byte tag before the ciphertext', () => {
    const bytes = Buffer.from(box.seal('abc'), 'base64url');
    expect(bytes[0]).toBe(1);
    expect(bytes.byteLength).toBe(1 + 12 + 16 + 3);
  });

  it('uses a fresh IV each time, so equal secrets never look equal', () => {
    const a = Buffer.from(box.seal('same'), 'base64url');
    const b = Buffer.from(box.seal('same'), 'base64url');
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it.each([
    ['the IV', 1],
    ['the last IV byte', 12],
    ['the tag', 13],
    ['the last tag byte', 28],
    ['the ciphertext', 29],
    ['the last ciphertext byte', 29 + 'credential'.length - 1],
  ])('detects a change to %s', (_part, index) => {
    const sealed = box.seal('credential');
    expect(() => box.open(flip(sealed, index))).toThrow(SecretUnreadableError);
  });

  it('checks the version byte', () => {
    const sealed = box.seal('credential');
    expect(() => box.open(flip(sealed, 0))).toThrow(/unknown version 0/);
  });

  it('refuses truncated, extended and malformed values', () => {
    const sealed = box.seal('credential');
    const bytes = Buffer.from(sealed, 'base64url');
    expect(() => box.open(bytes.subarray(0, bytes.byteLength - 1).toString('base64url'))).toThrow(SecretUnreadableError);
    expect(() => box.open(Buffer.concat([bytes, Buffer.of(0)]).toString('base64url'))).toThrow(SecretUnreadableError);
    expect(() => box.open(bytes.subarray(0, 20).toString('base64url'))).toThrow(/too short/);
    expect(() => box.open('not base64url!')).toThrow(/not base64url/);
  });

  it('fails under another AUTH_ENCRYPTION_SECRET', () => {
    const sealed = box.seal('credential');
    expect(() => createSecretBox('another secret').open(sealed)).toThrow(SecretUnreadableError);
    // The same secret derives the same key in another process or after a restart.
    expect(createSecretBox('a secret of our own').open(sealed)).toBe('credential');
  });

  it('binds a value to its context', () => {
    const sealed = box.seal('credential', 'gateway:g-1:authToken');
    expect(box.open(sealed, 'gateway:g-1:authToken')).toBe('credential');
    expect(() => box.open(sealed, 'gateway:g-2:authToken')).toThrow(SecretUnreadableError);
    expect(() => box.open(sealed)).toThrow(SecretUnreadableError);
  });

  it('reports failures as an internal error that names no secret', () => {
    try {
      createSecretBox('another secret').open(box.seal('credential'));
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'INTERNAL', status: 500 });
      expect(String((err as Error).message)).not.toContain('credential');
    }
  });

  it('refuses an empty secret', () => {
    expect(() => createSecretBox('')).toThrow(/AUTH_ENCRYPTION_SECRET/);
  });
});
