import { ValidationError } from '../errors.js';

/** Deliberately simple (RFC 5321 lengths, one @, a dotted domain, no spaces): the mailbox is the real check. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Emails are identities: trimmed and lower-cased before anything compares or stores them. */
export function normalizeEmail(input: unknown, field = 'email'): string {
  if (typeof input !== 'string') throw new ValidationError(`${field} must be a string`, { field });
  const email = input.trim().toLowerCase();
  if (email.length > 320 || !EMAIL.test(email) || email.split('@')[0].length > 64) {
    throw new ValidationError(`${field} is not a valid email address`, { field });
  }
  return email;
}

export function normalizeFullName(input: unknown, field = 'full_name'): string {
  if (input === undefined || input === null) return '';
  if (typeof input !== 'string') throw new ValidationError(`${field} must be a string`, { field });
  const name = input.trim();
  if (name.length > 255) throw new ValidationError(`${field} must be at most 255 characters`, { field });
  return name;
}
