/**
 * One error base for every layer. `code` is stable and machine-readable (callers switch on it,
 * never on messages); `status` is the HTTP status each edge maps it to, so the mapping lives here once.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INSUFFICIENT_SCOPE'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'STREAM_VERSION_CONFLICT'
  | 'ALREADY_EXISTS'
  | 'LAST_OWNER'
  | 'LIMIT_REACHED'
  | 'PERSONAL_TEAM'
  | 'INVITATION_INVALID'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNPROCESSABLE'
  | 'ACCOUNT_LOCKED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'UPSTREAM_UNREACHABLE'
  | 'UPSTREAM_NOT_MCP'
  | 'UPSTREAM_AUTH_REJECTED'
  | 'UPSTREAM_HANDSHAKE_FAILED'
  | 'UPSTREAM_DISCONNECTED'
  | 'UPSTREAM_REQUEST_FAILED'
  | 'UPSTREAM_TIMEOUT'
  | 'SSO_STATE_INVALID'
  | 'SSO_PROVIDER_ERROR'
  | 'SSO_DENIED'
  | 'SSO_APPROVAL_PENDING'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INSUFFICIENT_SCOPE: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  STREAM_VERSION_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  LAST_OWNER: 409,
  LIMIT_REACHED: 409,
  PERSONAL_TEAM: 409,
  INVITATION_INVALID: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  UPSTREAM_UNREACHABLE: 502,
  UPSTREAM_NOT_MCP: 502,
  UPSTREAM_AUTH_REJECTED: 502,
  UPSTREAM_HANDSHAKE_FAILED: 502,
  UPSTREAM_DISCONNECTED: 502,
  UPSTREAM_REQUEST_FAILED: 502,
  UPSTREAM_TIMEOUT: 504,
  SSO_STATE_INVALID: 400,
  SSO_PROVIDER_ERROR: 502,
  SSO_DENIED: 403,
  SSO_APPROVAL_PENDING: 403,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Extra, safe-to-show facts (never secrets): which rules failed, when a lock ends… */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_REQUEST', message, details);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('VALIDATION_FAILED', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details);
  }
}

export class AlreadyExistsError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ALREADY_EXISTS', message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message);
  }
}

export class UnavailableError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNAVAILABLE', message, undefined, options);
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
