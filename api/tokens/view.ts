import { isNull } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import type { StoredEvent } from '../../events/store/types.js';
import type { StoredTokenEvent } from '../../events/tokens/events.js';
import { parseIpRules, type IpRules } from './ip-rules.js';

/** What authenticating with a token needs, in memory. */
export interface ActiveToken {
  id: string;
  userId: string;
  name: string;
  teamId: string | null;
  serverId: string | null;
  permissions: readonly string[] | null;
  ipRules: IpRules;
  /** Epoch ms; null: never expires. */
  expiresAt: number | null;
}

export interface TokenView {
  byHash(hash: string): ActiveToken | undefined;
  /** The token while it is active (not revoked); expiry is the caller's to check. */
  byId(tokenId: string): ActiveToken | undefined;
  apply(events: readonly StoredEvent[]): void;
  size(): number;
}

/**
 * Active tokens by hash, loaded from the projection at start-up and kept current from each commit. A revoked
 * token leaves the map, so however many revoked tokens exist, a lookup is one hash and one Map read.
 */
export async function loadTokenView(database: Database): Promise<TokenView> {
  const { apiTokens } = database.schema;
  const byHash = new Map<string, ActiveToken>();
  const hashOf = new Map<string, string>();
  const put = (hash: string, token: ActiveToken) => {
    byHash.set(hash, token);
    hashOf.set(token.id, hash);
  };
  const rows = await database.db.select().from(apiTokens).where(isNull(apiTokens.revokedAt));
  for (const r of rows) {
    put(r.tokenHash.trim(), {
      id: r.id,
      userId: r.userId,
      name: r.name,
      teamId: r.teamId,
      serverId: r.serverId,
      permissions: r.permissions === null ? null : (JSON.parse(r.permissions) as string[]),
      ipRules: parseIpRules(JSON.parse(r.ipRules) as string[]),
      expiresAt: r.expiresAt ? Date.parse(r.expiresAt) : null,
    });
  }
  return {
    byHash: (hash) => byHash.get(hash),
    byId: (tokenId) => {
      const hash = hashOf.get(tokenId);
      return hash ? byHash.get(hash) : undefined;
    },
    size: () => byHash.size,
    apply(events) {
      for (const stored of events) {
        const e = stored as StoredTokenEvent;
        if (e.type === 'ApiTokenCreated') {
          const d = e.data;
          put(d.tokenHash, {
            id: d.tokenId,
            userId: d.userId,
            name: d.name,
            teamId: d.teamId,
            serverId: d.serverId,
            permissions: d.permissions,
            ipRules: parseIpRules(d.ipRules),
            expiresAt: d.expiresAt ? Date.parse(d.expiresAt) : null,
          });
        } else if (e.type === 'ApiTokenTeamChanged') {
          const hash = hashOf.get(e.streamId.slice('token-'.length));
          const token = hash ? byHash.get(hash) : undefined;
          if (hash && token) byHash.set(hash, { ...token, teamId: e.data.teamId });
        } else if (e.type === 'CredentialRevoked' && e.data.kind === 'api_token') {
          const hash = hashOf.get(e.data.credentialId);
          if (hash) byHash.delete(hash);
          hashOf.delete(e.data.credentialId);
        }
      }
    },
  };
}
