import { ValidationError } from './errors.js';

/**
 * PostgreSQL refuses NUL in text, so the log accepts none anywhere: every dialect can then import any
 * other's export. Edges call this on input; the store calls it again as the backstop.
 */
export function assertNoNul(value: unknown, path = 'input'): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new ValidationError(`${path} must not contain NUL (\\u0000) characters`, { field: path });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoNul(v, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      assertNoNul(k, `${path} key`);
      assertNoNul(v, `${path}.${k}`);
    }
  }
}
