/**
 * One process of the "two processes migrate at once" test: connects, says `ready`, waits for `go` on stdin
 * (so both start migrating together), migrates, prints what it applied as JSON.
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '../../../events/db/connect.js';
import { migrate } from '../../../events/db/migrate.js';

const database = await openDatabase(process.argv[2]!, { maxRetries: 0 });
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line === 'go') break;
lines.close();
try {
  const result = await migrate(database);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await database.close();
}
