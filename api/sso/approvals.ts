import { asc, eq } from 'drizzle-orm';
import type { EventStore } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import { normalizeEmail } from '../../events/users/email.js';
import { ssoApprovalDecider } from '../../events/sso/decide.js';
import { ssoApprovalStreamId } from '../../events/sso/events.js';

export interface ApprovalRow {
  email: string;
  fullName: string;
  providerId: string;
  status: string;
  requestedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
}

/** The pending list of SSO_REQUIRE_ADMIN_APPROVAL: platform admins approve or reject first sign-ins. */
export function createSsoApprovals(store: EventStore) {
  const { database } = store;
  const { ssoApprovals } = database.schema;
  const find = async (email: string) => (await database.db.select().from(ssoApprovals).where(eq(ssoApprovals.email, email)).limit(1))[0] as ApprovalRow;

  async function decide(emailInput: unknown, meta: RequestMeta, command: { type: 'Approve' } | { type: 'Reject'; reason: string }): Promise<ApprovalRow> {
    const email = normalizeEmail(emailInput);
    const decidedBy = meta.actor ?? 'system';
    await store.handle(meta, ssoApprovalStreamId(email), ssoApprovalDecider, { ...command, decidedBy });
    return find(email);
  }

  return {
    pending(): Promise<ApprovalRow[]> {
      return database.db.select().from(ssoApprovals).where(eq(ssoApprovals.status, 'pending')).orderBy(asc(ssoApprovals.requestedAt), asc(ssoApprovals.email));
    },
    approve: (email: unknown, meta: RequestMeta) => decide(email, meta, { type: 'Approve' }),
    reject: (email: unknown, reason: string | null | undefined, meta: RequestMeta) => decide(email, meta, { type: 'Reject', reason: reason ?? '' }),
  };
}

export type SsoApprovals = ReturnType<typeof createSsoApprovals>;
