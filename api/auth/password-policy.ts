import { ValidationError } from '../../events/errors.js';

export interface PasswordPolicy {
  minLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSpecial: boolean;
}

/** Beyond this a "password" is a denial-of-service attempt on the hasher, not a secret. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Every rule the password breaks, each said in words a person can act on. */
export function unmetPasswordRules(policy: PasswordPolicy, password: string): string[] {
  const unmet: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) unmet.push(`at least ${policy.minLength} characters`);
  if (length > MAX_PASSWORD_LENGTH) unmet.push(`at most ${MAX_PASSWORD_LENGTH} characters`);
  if (policy.requireUppercase && !/\p{Lu}/u.test(password)) unmet.push('an uppercase letter');
  if (policy.requireLowercase && !/\p{Ll}/u.test(password)) unmet.push('a lowercase letter');
  if (policy.requireNumbers && !/\p{Nd}/u.test(password)) unmet.push('a digit');
  if (policy.requireSpecial && !/[^\p{L}\p{Nd}]/u.test(password)) unmet.push('a special character (anything but a letter or digit)');
  return unmet;
}

/** Wherever a password is set: one error listing every unmet rule. `field` names the input it came from. */
export function assertPasswordAllowed(policy: PasswordPolicy, password: unknown, field = 'password'): string {
  if (typeof password !== 'string') throw new ValidationError(`${field} must be a string`, { field });
  const unmet = unmetPasswordRules(policy, password);
  if (unmet.length) {
    throw new ValidationError(`${field} does not meet the password policy: it needs ${unmet.join(', ')}`, { field, unmet });
  }
  return password;
}
