import type { DomainEvent } from '../store/types.js';
import type { CatalogEvent, Visibility } from '../catalog/events.js';

export type GatewayTransport = 'streamable_http' | 'sse' | 'stdio';
export type GatewayAuthType = 'none' | 'bearer' | 'basic' | 'headers';

export type GatewayEvent =
  | DomainEvent<
      'GatewayRegistered',
      {
        gatewayId: string;
        name: string;
        slug: string;
        description: string;
        tags: string[];
        teamId: string;
        ownerEmail: string;
        visibility: Visibility;
        transport: GatewayTransport;
        url: string | null;
        command: string | null;
        args: string[];
        authType: GatewayAuthType;
        /** Upstream credential and stdio env, sealed by the secret box (AUTH_ENCRYPTION_SECRET); null when none. */
        credentials: string | null;
        server: { name: string; version: string; instructions: string | null };
        createdBy: string;
      }
    >
  | DomainEvent<
      'GatewayUpdated',
      {
        name?: string;
        slug?: string;
        description?: string;
        tags?: string[];
        teamId?: string;
        visibility?: Visibility;
        url?: string | null;
        command?: string | null;
        args?: string[];
        authType?: GatewayAuthType;
        credentials?: string | null;
      }
    >
  | DomainEvent<'GatewayEnabledChanged', { enabled: boolean }>
  /** Only transitions: UNHEALTHY_THRESHOLD failed checks in a row, or the first success after them. */
  | DomainEvent<'GatewayHealthChanged', { status: 'reachable' | 'unreachable'; lastError: string | null; at: string }>
  | DomainEvent<'GatewayDeleted', Record<string, never>>;

export type GatewayEventType = GatewayEvent['type'];

/** The gateway's own events and its catalog items' events share one stream. */
export type GatewayStreamEvent = GatewayEvent | CatalogEvent;

export const gatewayEventTypes: Record<GatewayEventType, { secretFields?: readonly string[] }> = {
  // The sealed credential never appears in audit answers or exports, and the hash covers only its digest.
  GatewayRegistered: { secretFields: ['credentials'] },
  GatewayUpdated: { secretFields: ['credentials'] },
  GatewayEnabledChanged: {},
  GatewayHealthChanged: {},
  GatewayDeleted: {},
};

export const gatewayStream = (gatewayId: string) => `gateway-${gatewayId}`;
