import { AlreadyExistsError, ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Decider } from '../store/store.js';
import type { StoredEvent } from '../store/types.js';
import { OIDC_PRESETS, type OidcPreset, type SsoApprovalEvent, type SsoProviderEvent, type StoredSsoEvent } from './events.js';

/** Lower-case letters, digits and dashes: the id is a path segment of /auth/sso/login/{provider}. */
const PROVIDER_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export interface SsoProviderState {
  exists: boolean;
  providerId: string;
  preset: OidcPreset | null;
}

export type SsoProviderCommand =
  | { type: 'Create'; providerId: string; name: string; preset: string; issuer: string; clientId: string; clientSecret: string; enabled: boolean }
  | { type: 'Update'; name?: string; issuer?: string; clientId?: string; clientSecret?: string; enabled?: boolean }
  | { type: 'Delete' };

function text(value: string, field: string, max: number): string {
  const v = value.trim();
  if (!v) throw new ValidationError(`${field} must not be empty`, { field });
  if (v.length > max) throw new ValidationError(`${field} must be at most ${max} characters`, { field });
  return v;
}

/** Issuers are compared byte for byte with the `iss` of ID tokens, so no normalisation beyond trimming. */
function issuerUrl(value: string): string {
  const v = text(value, 'issuer', 2048);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ValidationError('issuer must be an absolute URL such as https://login.example.com', { field: 'issuer' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError('issuer must be an http(s) URL', { field: 'issuer' });
  return v;
}

export function decideSsoProvider(command: SsoProviderCommand, state: SsoProviderState): SsoProviderEvent[] {
  if (command.type === 'Create') {
    if (state.exists) throw new AlreadyExistsError(`An SSO provider with the id ${command.providerId} already exists`, { field: 'id' });
    if (!PROVIDER_ID.test(command.providerId)) {
      throw new ValidationError('id must be 1 to 64 lower-case letters, digits or dashes, not starting or ending with a dash', { field: 'id' });
    }
    if (!(OIDC_PRESETS as readonly string[]).includes(command.preset)) {
      throw new ValidationError(`preset must be one of ${OIDC_PRESETS.join(', ')}`, { field: 'preset' });
    }
    return [
      {
        type: 'SsoProviderCreated',
        data: {
          providerId: command.providerId,
          name: text(command.name, 'name', 255),
          preset: command.preset as OidcPreset,
          issuer: issuerUrl(command.issuer),
          clientId: text(command.clientId, 'clientId', 255),
          clientSecret: command.clientSecret,
          enabled: command.enabled,
        },
      },
    ];
  }
  if (!state.exists) throw new NotFoundError('SSO provider');
  const { providerId } = state;
  if (command.type === 'Delete') return [{ type: 'SsoProviderDeleted', data: { providerId } }];
  const changes: Omit<Extract<SsoProviderEvent, { type: 'SsoProviderUpdated' }>['data'], 'providerId'> = {};
  if (command.name !== undefined) changes.name = text(command.name, 'name', 255);
  if (command.issuer !== undefined) changes.issuer = issuerUrl(command.issuer);
  if (command.clientId !== undefined) changes.clientId = text(command.clientId, 'clientId', 255);
  if (command.clientSecret !== undefined) changes.clientSecret = command.clientSecret;
  if (command.enabled !== undefined) changes.enabled = command.enabled;
  return Object.keys(changes).length ? [{ type: 'SsoProviderUpdated', data: { providerId, ...changes } }] : [];
}

export function evolveSsoProvider(state: SsoProviderState, stored: StoredEvent<SsoProviderEvent>): SsoProviderState {
  const event = stored as StoredSsoEvent;
  switch (event.type) {
    case 'SsoProviderCreated':
      return { exists: true, providerId: event.data.providerId, preset: event.data.preset };
    case 'SsoProviderDeleted':
      return initialSsoProviderState();
    default:
      return state;
  }
}

export function initialSsoProviderState(): SsoProviderState {
  return { exists: false, providerId: '', preset: null };
}

export const ssoProviderDecider: Decider<SsoProviderState, SsoProviderCommand, SsoProviderEvent> = {
  initialState: initialSsoProviderState,
  evolve: evolveSsoProvider,
  decide: decideSsoProvider,
};

export type ApprovalStatus = 'none' | 'pending' | 'approved' | 'rejected';

export interface SsoApprovalState {
  email: string;
  status: ApprovalStatus;
}

export type SsoApprovalCommand =
  | { type: 'Request'; email: string; fullName: string; providerId: string }
  | { type: 'Approve'; decidedBy: string }
  | { type: 'Reject'; decidedBy: string; reason: string };

/** A request is made once; only a pending one is decided, and a decision is final. */
export function decideSsoApproval(command: SsoApprovalCommand, state: SsoApprovalState): SsoApprovalEvent[] {
  if (command.type === 'Request') {
    if (state.status !== 'none') return [];
    return [{ type: 'SsoApprovalRequested', data: { email: command.email, fullName: command.fullName, providerId: command.providerId } }];
  }
  if (state.status === 'none') throw new NotFoundError('Pending approval');
  if (state.status !== 'pending') throw new ConflictError(`The sign-in of ${state.email} was already ${state.status}`, { status: state.status });
  if (command.type === 'Approve') return [{ type: 'SsoApprovalGranted', data: { email: state.email, decidedBy: command.decidedBy } }];
  const reason = command.reason.trim();
  if (reason.length > 1000) throw new ValidationError('reason must be at most 1000 characters', { field: 'reason' });
  return [{ type: 'SsoApprovalRejected', data: { email: state.email, decidedBy: command.decidedBy, reason } }];
}

export function evolveSsoApproval(state: SsoApprovalState, stored: StoredEvent<SsoApprovalEvent>): SsoApprovalState {
  const event = stored as StoredSsoEvent;
  switch (event.type) {
    case 'SsoApprovalRequested':
      return { email: event.data.email, status: 'pending' };
    case 'SsoApprovalGranted':
      return { ...state, status: 'approved' };
    case 'SsoApprovalRejected':
      return { ...state, status: 'rejected' };
    default:
      return state;
  }
}

export const ssoApprovalDecider: Decider<SsoApprovalState, SsoApprovalCommand, SsoApprovalEvent> = {
  initialState: () => ({ email: '', status: 'none' }),
  evolve: evolveSsoApproval,
  decide: decideSsoApproval,
};
