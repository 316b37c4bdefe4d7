import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../api/graphql/print-schema.js';

describe('schema.graphql', () => {
  it('is the schema the code builds', () => {
    const checkedIn = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(checkedIn === printedSchema(), 'schema.graphql is stale: run `npm run schema:print` and commit it').toBe(true);
  });
});
