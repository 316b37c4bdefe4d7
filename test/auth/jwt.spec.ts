import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { createTokenService, type JwtSettings } from '../../api/auth/jwt.js';
import { loadSigningKeys, type KeySource } from '../../api/auth/keys.js';
import type { JwtAlgorithm } from '../../api/config/config.js';

const settings: JwtSettings = { issuer: 'mcpgateway', audience: 'mcpgateway-api', audienceVerification: true, requireExpiration: false };
const NOW = new Date('2026-06-01T00:00:00.000Z');
const clock = { now: () => NOW };
const iat = NOW.getTime() / 1000;
const claims = { sub: 'ann@example.com', jti: 'session-1', iat, exp: iat + 600 };
const dir = mkdtempSync(join(tmpdir(), 'sb-jwt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** PEM files for an RS/ES algorithm, generated here so no key is ever checked in. */
async function keyFiles(algorithm: JwtAlgorithm): Promise<KeySource & { publicPem: string }> {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
  const privateKeyPath = join(dir, `${algorithm}.key`);
  const publicKeyPath = join(dir, `${algorithm}.pub`);
  const publicPem = await exportSPKI(publicKey);
  writeFileSync(privateKeyPath, await exportPKCS8(privateKey));
  writeFileSync(publicKeyPath, publicPem);
  return { algorithm, secretKey: 'unused', privateKeyPath, publicKeyPath, publicPem };
}

async function service(source: KeySource, overrides: Partial<JwtSettings> = {}) {
  return createTokenService(await loadSigningKeys(source), { ...settings, ...overrides }, clock);
}

const hs = (algorithm: JwtAlgorithm, secretKey = 'a-test-secret-of-reasonable-length'): KeySource => ({ algorithm, secretKey });

describe('JWT', () => {
  it.each(['HS256', 'HS384', 'HS512'] as const)('round-trips %s with JWT_SECRET_KEY', async (algorithm) => {
    const tokens = await service(hs(algorithm));
    const token = await tokens.sign(claims);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: algorithm, typ: 'JWT' });
    expect(await tokens.verify(token)).toEqual({ ...claims, iss: 'mcpgateway', aud: 'mcpgateway-api' });
  });

  it.each(['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const)('round-trips %s with key files generated here', async (algorithm) => {
    const tokens = await service(await keyFiles(algorithm));
    const token = await tokens.sign(claims);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).alg).toBe(algorithm);
    expect(await tokens.verify(token)).toEqual({ ...claims, iss: 'mcpgateway', aud: 'mcpgateway-api' });
  });

  it('refuses alg none', async () => {
    const tokens = await service(hs('HS256'));
    const unsigned = new UnsecuredJWT({ jti: 'x' }).setSubject('ann@example.com').setIssuedAt(iat).setIssuer('mcpgateway').setAudience('mcpgateway-api').encode();
    await expect(tokens.verify(unsigned)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('refuses an HMAC token "signed" with the RSA or EC public key', async () => {
    for (const algorithm of ['RS256', 'ES256'] as const) {
      const files = await keyFiles(algorithm);
      const tokens = await service(files);
      // The classic confusion attack: HS256 keyed with the public key's PEM text, which anyone may read.
      const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('ann@example.com').setJti('x').setIssuedAt(iat)
        .setIssuer('mcpgateway').setAudience('mcpgateway-api').sign(new TextEncoder().encode(files.publicPem));
      await expect(tokens.verify(forged)).rejects.toThrow('Invalid token: it is signed with an algorithm this server does not accept');
    }
  });

  it('refuses a wrong signature, another algorithm of the same family, and a tampered payload', async () => {
    const tokens = await service(hs('HS256'));
    const other = await service(hs('HS256', 'another-secret-entirely-different'));
    await expect(tokens.verify(await other.sign(claims))).rejects.toThrow('Invalid token: its signature does not verify');
    const hs512 = await service(hs('HS512'));
    await expect(tokens.verify(await hs512.sign(claims))).rejects.toThrow('Invalid token: it is signed with an algorithm this server does not accept');
    const [h, , s] = (await tokens.sign(claims)).split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims, sub: 'admin@example.com', iss: 'mcpgateway', aud: 'mcpgateway-api' })).toString('base64url');
    await expect(tokens.verify(`${h}.${payload}.${s}`)).rejects.toThrow('Invalid token: its signature does not verify');
    // Sanity: the same bytes signed with the right key do verify, so the refusal above is the signature's.
    const resigned = createHmac('sha256', 'a-test-secret-of-reasonable-length').update(`${h}.${payload}`).digest('base64url');
    expect((await tokens.verify(`${h}.${payload}.${resigned}`)).sub).toBe('admin@example.com');
  });

  it('refuses an expired token by the injected clock', async () => {
    const tokens = await service(hs('HS256'));
    await expect(tokens.verify(await tokens.sign({ ...claims, exp: iat }))).rejects.toThrow('Invalid token: it has expired');
    expect((await tokens.verify(await tokens.sign({ ...claims, exp: iat + 1 }))).exp).toBe(iat + 1);
  });

  it('refuses a wrong audience unless JWT_AUDIENCE_VERIFICATION=false, and a wrong issuer always', async () => {
    const tokens = await service(hs('HS256'));
    const otherAud = await service(hs('HS256'), { audience: 'someone-else' });
    const otherIss = await service(hs('HS256'), { issuer: 'someone-else' });
    await expect(tokens.verify(await otherAud.sign(claims))).rejects.toThrow('Invalid token: its aud claim is not accepted here');
    await expect(tokens.verify(await otherIss.sign(claims))).rejects.toThrow('Invalid token: its iss claim is not accepted here');
    const lax = await service(hs('HS256'), { audienceVerification: false });
    expect((await lax.verify(await otherAud.sign(claims))).aud).toBe('someone-else');
    await expect(lax.verify(await otherIss.sign(claims))).rejects.toThrow('Invalid token: its iss claim is not accepted here');
  });

  it('refuses a token without exp when REQUIRE_TOKEN_EXPIRATION=true, accepts it otherwise', async () => {
    const lenient = await service(hs('HS256'));
    const strict = await service(hs('HS256'), { requireExpiration: true });
    const endless = await lenient.sign({ sub: claims.sub, jti: claims.jti, iat });
    expect((await lenient.verify(endless)).exp).toBeUndefined();
    await expect(strict.verify(endless)).rejects.toThrow('Invalid token: the exp claim is missing');
  });

  it('refuses garbage and names no key in its message', async () => {
    const tokens = await service(hs('HS256'));
    for (const junk of ['', 'abc', 'a.b.c', `${'x'.repeat(20)}.${'y'.repeat(20)}.${'z'.repeat(20)}`]) {
      await expect(tokens.verify(junk)).rejects.toThrow('Invalid token: it is malformed');
    }
  });

  it('says which key file is missing or unreadable', async () => {
    await expect(loadSigningKeys({ algorithm: 'RS256', secretKey: '', privateKeyPath: join(dir, 'nope.key'), publicKeyPath: join(dir, 'nope.pub') })).rejects.toThrow(
      /^JWT_PRIVATE_KEY_PATH=.*nope\.key cannot be read/,
    );
    const es = await keyFiles('ES256');
    await expect(loadSigningKeys({ ...es, algorithm: 'RS256' })).rejects.toThrow(/do not hold a PKCS#8 private key and an SPKI public key for RS256/);
  });
});
