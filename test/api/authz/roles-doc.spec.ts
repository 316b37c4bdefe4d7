import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rolesTable } from '../../../api/authz/print-roles.js';

describe('docs/roles.md', () => {
  it('matches the roles defined in code', () => {
    const committed = readFileSync(new URL('../../../docs/roles.md', import.meta.url), 'utf8');
    expect(committed, 'docs/roles.md is stale: run `npm run docs:roles` and commit it').toBe(rolesTable());
  });
});
