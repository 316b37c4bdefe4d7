import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '../../events/store/store.js';
import { sessionDecider } from '../../events/sessions/decide.js';
import { sessionStreamId, type SessionMethod } from '../../events/sessions/events.js';
import type { TokenService } from './jwt.js';

export interface StartedSession {
  sessionId: string;
  email: string;
  /** Epoch seconds. */
  iat: number;
  exp: number | undefined;
}

/**
 * Starts a session in the caller's transaction. `iat` is never before the user's not-before time: a
 * session started in the same second as "end all sessions" (a password change's fresh token) must survive it.
 */
export async function startSession(
  unit: UnitOfWork,
  user: { id: string; email: string; tokensNotBefore: string | null },
  method: SessionMethod,
  expiryMinutes: number | null,
): Promise<StartedSession> {
  const now = Math.floor(Date.parse(unit.meta.time) / 1000);
  const iat = Math.max(now, user.tokensNotBefore ? Date.parse(user.tokensNotBefore) / 1000 : 0);
  const exp = expiryMinutes ? iat + expiryMinutes * 60 : undefined;
  const sessionId = randomUUID();
  const streamId = sessionStreamId(sessionId);
  const { state, version } = await unit.load(streamId, sessionDecider);
  const events = sessionDecider.decide(
    {
      type: 'Start',
      sessionId,
      userId: user.id,
      email: user.email,
      method,
      issuedAt: new Date(iat * 1000).toISOString(),
      expiresAt: exp === undefined ? null : new Date(exp * 1000).toISOString(),
    },
    state,
  );
  await unit.append(streamId, version, events);
  return { sessionId, email: user.email, iat, exp };
}

export function signSession(tokens: TokenService, session: StartedSession): Promise<string> {
  return tokens.sign({ sub: session.email, jti: session.sessionId, iat: session.iat, exp: session.exp });
}
