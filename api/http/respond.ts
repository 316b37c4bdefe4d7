import { AppError, isAppError } from '../../events/errors.js';

export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...Object.fromEntries(new Headers(headers)) },
  });
}

/**
 * The REST surface's one error shape: `{"detail": "…", "code": "…"}`, plus safe details an edge chose
 * to show (unmet password rules, when a lock ends). Unknown errors never leak their message.
 */
export function errorResponse(err: unknown, headers: HeadersInit = {}): Response {
  const e: AppError = isAppError(err) ? err : new AppError('INTERNAL', 'Internal server error');
  return json({ detail: e.message, code: e.code, ...(e.details ?? {}) }, e.status, headers);
}
