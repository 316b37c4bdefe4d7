import { AppError } from '../../events/errors.js';

/** Why a sign-in through a provider did not produce a session; each lands on the readable error page. */
export type SsoFailure =
  | 'sso_disabled'
  | 'unknown_provider'
  | 'state_invalid'
  | 'state_expired'
  | 'provider_error'
  | 'provider_unreachable'
  | 'unverified_email'
  | 'untrusted_domain'
  | 'no_account'
  | 'account_inactive'
  | 'approval_pending'
  | 'approval_rejected';

const CODES = {
  sso_disabled: 'NOT_FOUND',
  unknown_provider: 'NOT_FOUND',
  state_invalid: 'SSO_STATE_INVALID',
  state_expired: 'SSO_STATE_INVALID',
  provider_error: 'SSO_PROVIDER_ERROR',
  provider_unreachable: 'SSO_PROVIDER_ERROR',
  unverified_email: 'SSO_DENIED',
  untrusted_domain: 'SSO_DENIED',
  no_account: 'SSO_DENIED',
  account_inactive: 'SSO_DENIED',
  approval_pending: 'SSO_APPROVAL_PENDING',
  approval_rejected: 'SSO_DENIED',
} as const satisfies Record<SsoFailure, string>;

export class SsoError extends AppError {
  constructor(
    readonly reason: SsoFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(CODES[reason], message, { reason }, options);
  }
}
