import { ValidationError } from '../../../events/errors.js';
import type { UpstreamAuth } from './spec.js';

/**
 * The headers sent with every request to an HTTP upstream: only what the registration configured, so a
 * downstream caller's credential can never leak through this layer.
 */
export function authHeaders(auth: UpstreamAuth | undefined): Record<string, string> {
  if (!auth || auth.type === 'none') return {};
  if (auth.type === 'bearer') return { authorization: `Bearer ${auth.token}` };
  if (auth.type === 'basic') {
    if (auth.username.includes(':')) throw new ValidationError('Basic auth username must not contain ":"', { field: 'auth.username' });
    return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}` };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(auth.headers)) {
    // RFC 9110 token characters; a bad name would make fetch throw later with a message quoting the value.
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new ValidationError(`Custom header name ${JSON.stringify(name)} is not a valid HTTP header name`, { field: 'auth.headers' });
    }
    if (/[\r\n\0]/.test(value)) throw new ValidationError(`Custom header ${name} has a value with a line break or NUL`, { field: 'auth.headers' });
    headers[name.toLowerCase()] = value;
  }
  return headers;
}
