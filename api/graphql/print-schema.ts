import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from './schema/index.js';

/** `npm run schema:print`: the checked-in schema.graphql, which a test keeps from going stale. */
export const printedSchema = () => printSchema(schema) + '\n';

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../../schema.graphql', import.meta.url), printedSchema());
}
