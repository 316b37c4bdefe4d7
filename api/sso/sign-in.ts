import { isAppError } from '../../events/errors.js';
import type { EventStore } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import { decideUser, userDecider } from '../../events/users/decide.js';
import { normalizeEmail } from '../../events/users/email.js';
import { userStreamId, type UserEvent } from '../../events/users/events.js';
import { findUserByEmail } from '../../events/users/read.js';
import { ssoApprovalDecider } from '../../events/sso/decide.js';
import { ssoApprovalStreamId } from '../../events/sso/events.js';
import type { Accounts, IssuedToken } from '../auth/accounts.js';
import { startSession } from '../auth/sessions.js';
import type { Config } from '../config/config.js';
import { SsoError } from './errors.js';
import { judgeIdentity, type ExternalIdentity } from './rules.js';

/**
 * The sign-in rules applied to a verified identity: an existing account is linked by its email (taken
 * over when its own email was never verified), a new one is created when SSO_AUTO_CREATE_USERS allows,
 * after approval when SSO_REQUIRE_ADMIN_APPROVAL asks for it; the auto-admin rules grant platform admin.
 */
export function createSsoSignIn({ config, store, accounts }: { config: Config; store: EventStore; accounts: Accounts }) {
  const { database } = store;
  const { schema } = database;

  /** Records the request on the first attempt; says whether the account may be created now. */
  async function approval(email: string, identity: ExternalIdentity, meta: RequestMeta): Promise<void> {
    const status = await store.transact(meta, async (unit) => {
      const streamId = ssoApprovalStreamId(email);
      const { state, version } = await unit.load(streamId, ssoApprovalDecider);
      await unit.append(streamId, version, ssoApprovalDecider.decide({ type: 'Request', email, fullName: identity.fullName, providerId: identity.providerId }, state));
      return state.status;
    });
    if (status === 'approved') return;
    if (status === 'rejected') throw new SsoError('approval_rejected', `A platform admin declined the account for ${email}.`);
    throw new SsoError('approval_pending', `Your account for ${email} is waiting for a platform admin's approval. Sign in again once it is approved.`);
  }

  return async function signIn(identity: ExternalIdentity, meta: RequestMeta): Promise<IssuedToken> {
    const { admin } = judgeIdentity(identity, config.sso);
    const email = normalizeEmail(identity.email);
    meta = { ...meta, actor: email };
    let user = await findUserByEmail(database.db, schema, email);
    if (!user) {
      if (!config.sso.autoCreateUsers) {
        throw new SsoError('no_account', `There is no account for ${email}, and accounts are not created at sign-in here. Ask a platform admin to create yours.`);
      }
      if (config.sso.requireAdminApproval) await approval(email, identity, meta);
      try {
        user = await accounts.createUser({ email, fullName: identity.fullName, isPlatformAdmin: admin }, meta, 'sso');
      } catch (err) {
        // A simultaneous first sign-in created it: link to that one.
        if (!(isAppError(err) && err.code === 'ALREADY_EXISTS')) throw err;
        user = (await findUserByEmail(database.db, schema, email))!;
      }
    }
    const userId = user.id;
    const session = await store.transact(meta, async (unit) => {
      const streamId = userStreamId(userId);
      const { state, version } = await unit.load(streamId, userDecider);
      if (!state.active) throw new SsoError('account_inactive', `The account ${email} is deactivated. Ask a platform admin to reactivate it.`);
      const now = new Date(unit.meta.time);
      const events: UserEvent[] = [
        ...decideUser({ type: 'TakeOverBySso', now }, state),
        ...(admin ? decideUser({ type: 'SetPlatformAdmin', isPlatformAdmin: true }, state) : []),
      ];
      await unit.append(streamId, version, events);
      const ended = events.find((e) => e.type === 'UserSessionsEnded');
      const tokensNotBefore = ended?.type === 'UserSessionsEnded' ? ended.data.notBefore : state.tokensNotBefore;
      return startSession(unit, { id: userId, email: state.email, tokensNotBefore }, 'sso', config.jwt.expiryMinutes);
    });
    return accounts.issueSession(session, userId);
  };
}
