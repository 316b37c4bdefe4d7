import { describe, expect, it } from 'vitest';
import { assertPasswordAllowed, unmetPasswordRules, type PasswordPolicy } from '../../api/auth/password-policy.js';

const lenient: PasswordPolicy = { minLength: 8, requireUppercase: false, requireLowercase: false, requireNumbers: false, requireSpecial: false };
const strict: PasswordPolicy = { minLength: 12, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSpecial: true };

describe('password policy', () => {
  it('by default asks only for PASSWORD_MIN_LENGTH characters (counted as characters, not bytes)', () => {
    expect(unmetPasswordRules(lenient, '1234567')).toEqual(['at least 8 characters']);
    expect(unmetPasswordRules(lenient, '12345678')).toEqual([]);
    expect(unmetPasswordRules(lenient, '🔑🔑🔑🔑🔑🔑🔑🔑')).toEqual([]);
  });

  it.each([
    ['requireUppercase', 'an uppercase letter', 'lowercase-only-1!', 'Uppercase-ok-1!'],
    ['requireLowercase', 'a lowercase letter', 'UPPERCASE-ONLY-1!', 'UPPERCASE-OK-1!a'],
    ['requireNumbers', 'a digit', 'No-digits-here!', 'Digit-here-1!'],
    ['requireSpecial', 'a special character (anything but a letter or digit)', 'NoSpecials123abc', 'Special 123abc'],
  ] as const)('%s', (rule, message, failing, passing) => {
    const policy = { ...lenient, [rule]: true };
    expect(unmetPasswordRules(policy, failing)).toEqual([message]);
    expect(unmetPasswordRules(policy, passing)).toEqual([]);
  });

  it('reports every unmet rule at once, in one error naming the field', () => {
    expect(unmetPasswordRules(strict, 'abc')).toEqual([
      'at least 12 characters',
      'an uppercase letter',
      'a digit',
      'a special character (anything but a letter or digit)',
    ]);
    expect(() => assertPasswordAllowed(strict, '', 'new_password')).toThrowError(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message: 'new_password does not meet the password policy: it needs at least 12 characters, an uppercase letter, a lowercase letter, a digit, a special character (anything but a letter or digit)',
        details: { field: 'new_password', unmet: ['at least 12 characters', 'an uppercase letter', 'a lowercase letter', 'a digit', 'a special character (anything but a letter or digit)'] },
      }),
    );
    expect(assertPasswordAllowed(strict, 'Long-enough-1')).toBe('Long-enough-1');
  });

  it('refuses a non-string and an absurdly long password', () => {
    expect(() => assertPasswordAllowed(lenient, 42)).toThrow('password must be a string');
    expect(unmetPasswordRules(lenient, 'x'.repeat(1025))).toEqual(['at most 1024 characters']);
  });
});
