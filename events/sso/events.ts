import type { DomainEvent, StoredEvent } from '../store/types.js';

/** How a provider is spoken to: GitHub's OAuth 2 and REST APIs, or OpenID Connect discovered from its issuer. */
export const SSO_PRESETS = ['github', 'google', 'ibm_verify', 'okta', 'generic'] as const;
export type SsoPreset = (typeof SSO_PRESETS)[number];
/** Providers an admin defines through GraphQL speak OpenID Connect. */
export const OIDC_PRESETS = ['google', 'ibm_verify', 'okta', 'generic'] as const;
export type OidcPreset = (typeof OIDC_PRESETS)[number];

export type SsoProviderCreated = DomainEvent<
  'SsoProviderCreated',
  {
    providerId: string;
    name: string;
    preset: OidcPreset;
    issuer: string;
    clientId: string;
    /** Sealed by the secret box (AUTH_ENCRYPTION_SECRET); a secret field besides, so audit and exports never show it. */
    clientSecret: string;
    enabled: boolean;
  }
>;
export type SsoProviderUpdated = DomainEvent<
  'SsoProviderUpdated',
  { providerId: string; name?: string; issuer?: string; clientId?: string; clientSecret?: string; enabled?: boolean }
>;
export type SsoProviderDeleted = DomainEvent<'SsoProviderDeleted', { providerId: string }>;

export type SsoProviderEvent = SsoProviderCreated | SsoProviderUpdated | SsoProviderDeleted;

/** A first SSO sign-in while SSO_REQUIRE_ADMIN_APPROVAL=true: the account is created at the next sign-in after approval. */
export type SsoApprovalRequested = DomainEvent<'SsoApprovalRequested', { email: string; fullName: string; providerId: string }>;
export type SsoApprovalGranted = DomainEvent<'SsoApprovalGranted', { email: string; decidedBy: string }>;
export type SsoApprovalRejected = DomainEvent<'SsoApprovalRejected', { email: string; decidedBy: string; reason: string }>;

export type SsoApprovalEvent = SsoApprovalRequested | SsoApprovalGranted | SsoApprovalRejected;

export type StoredSsoEvent = { [K in (SsoProviderEvent | SsoApprovalEvent)['type']]: StoredEvent<Extract<SsoProviderEvent | SsoApprovalEvent, { type: K }>> }[(
  | SsoProviderEvent
  | SsoApprovalEvent
)['type']];

export const ssoEventTypes = {
  SsoProviderCreated: { secretFields: ['clientSecret'] },
  SsoProviderUpdated: { secretFields: ['clientSecret'] },
  SsoProviderDeleted: {},
  SsoApprovalRequested: {},
  SsoApprovalGranted: {},
  SsoApprovalRejected: {},
} as const satisfies Record<(SsoProviderEvent | SsoApprovalEvent)['type'], { secretFields?: readonly string[] }>;

export const ssoProviderStreamId = (providerId: string) => `sso-provider-${providerId}`;
export const ssoApprovalStreamId = (email: string) => `sso-approval-${email}`;
