import { eq } from 'drizzle-orm';
import type { Projection } from '../store/projection.js';
import { ssoEventTypes, type StoredSsoEvent } from './events.js';

/** sso_providers and sso_approvals, from the provider and approval streams. */
export const ssoProjection: Projection = {
  name: 'sso',
  tables: [
    { name: 'sso_providers', key: ['id'] },
    { name: 'sso_approvals', key: ['email'] },
  ],
  handles: new Set(Object.keys(ssoEventTypes)),
  async apply(tx, stored, { schema }) {
    const { ssoProviders, ssoApprovals } = schema;
    const event = stored as StoredSsoEvent;
    const at = stored.metadata.time;
    switch (event.type) {
      case 'SsoProviderCreated': {
        const d = event.data;
        await tx.insert(ssoProviders).values({
          id: d.providerId,
          name: d.name,
          preset: d.preset,
          issuer: d.issuer,
          clientId: d.clientId,
          clientSecret: d.clientSecret,
          enabled: d.enabled,
          createdAt: at,
          updatedAt: at,
        });
        return;
      }
      case 'SsoProviderUpdated': {
        const { providerId, ...changes } = event.data;
        await tx.update(ssoProviders).set({ ...changes, updatedAt: at }).where(eq(ssoProviders.id, providerId));
        return;
      }
      case 'SsoProviderDeleted':
        await tx.delete(ssoProviders).where(eq(ssoProviders.id, event.data.providerId));
        return;
      case 'SsoApprovalRequested':
        await tx.insert(ssoApprovals).values({
          email: event.data.email,
          fullName: event.data.fullName,
          providerId: event.data.providerId,
          status: 'pending',
          requestedAt: at,
          decidedAt: null,
          decidedBy: null,
          reason: null,
        });
        return;
      case 'SsoApprovalGranted':
        await tx.update(ssoApprovals).set({ status: 'approved', decidedAt: at, decidedBy: event.data.decidedBy }).where(eq(ssoApprovals.email, event.data.email));
        return;
      case 'SsoApprovalRejected':
        await tx
          .update(ssoApprovals)
          .set({ status: 'rejected', decidedAt: at, decidedBy: event.data.decidedBy, reason: event.data.reason })
          .where(eq(ssoApprovals.email, event.data.email));
        return;
    }
  },
};
