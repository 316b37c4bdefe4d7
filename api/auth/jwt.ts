import { SignJWT, jwtVerify, errors } from 'jose';
import { UnauthenticatedError } from '../../events/errors.js';
import type { Clock } from '../../events/store/store.js';
import type { SigningKeys } from './keys.js';

/** Identity only: who and which credential. What the holder may do is read from current state per request. */
export interface TokenClaims {
  sub: string;
  jti: string;
  /** Seconds since the epoch. */
  iat: number;
  exp?: number;
  iss: string;
  aud: string | string[];
}

export interface JwtSettings {
  issuer: string;
  audience: string;
  audienceVerification: boolean;
  requireExpiration: boolean;
}

export interface TokenService {
  /** `exp` omitted: a token without expiry (accepted only while REQUIRE_TOKEN_EXPIRATION=false). */
  sign(claims: { sub: string; jti: string; iat: number; exp?: number }): Promise<string>;
  /** Verified claims, or UnauthenticatedError saying why (never which secret or key). */
  verify(token: string): Promise<TokenClaims>;
}

export class InvalidTokenError extends UnauthenticatedError {
  constructor(reason: string) {
    super(`Invalid token: ${reason}`);
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'it has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return `the ${err.claim} claim is missing`;
    return `its ${err.claim} claim is not accepted here`;
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return 'it is signed with an algorithm this server does not accept';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  return 'it is malformed';
}

export function createTokenService(keys: SigningKeys, settings: JwtSettings, clock: Clock): TokenService {
  const required = ['sub', 'jti', 'iat', ...(settings.requireExpiration ? ['exp'] : [])];
  return {
    sign({ sub, jti, iat, exp }) {
      const jwt = new SignJWT({})
        .setProtectedHeader({ alg: keys.algorithm, typ: 'JWT' })
        .setSubject(sub)
        .setJti(jti)
        .setIssuedAt(iat)
        .setIssuer(settings.issuer)
        .setAudience(settings.audience);
      if (exp !== undefined) jwt.setExpirationTime(exp);
      return jwt.sign(keys.sign);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys.verify, {
          algorithms: [keys.algorithm],
          issuer: settings.issuer,
          ...(settings.audienceVerification ? { audience: settings.audience } : {}),
          requiredClaims: required,
          currentDate: clock.now(),
        });
        if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string') throw new errors.JWTInvalid('sub and jti must be strings');
        return payload as unknown as TokenClaims;
      } catch (err) {
        throw new InvalidTokenError(reasonOf(err));
      }
    },
  };
}
