import { readdirSync } from 'node:fs';

/**
 * `npm run bench -- NAME [args…]` runs bench/NAME.ts, whose default export takes the remaining
 * arguments. Each benchmark records its own figures in BENCHMARKS.md through bench/report.ts.
 */
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'report.ts', 'profile.ts'].includes(f) && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));

if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME\navailable: ${available.join(', ')}\n`);
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { default: (args: string[]) => Promise<void> };
await mod.default(args);
process.exit(0);
