import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';

const FILE = new URL('../BENCHMARKS.md', import.meta.url);

/** Machine facts printed with every set of figures, so numbers are never read without their context. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

/**
 * Replaces (or adds) the section `## <title>` of BENCHMARKS.md with fresh figures, stamped with the
 * machine, the date and the command that produced them.
 */
export function recordSection(title: string, command: string, body: string): void {
  const header = '# Benchmarks\n\nFigures are written by `npm run bench -- NAME`; each section says where and when it was measured.\n';
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : header;
  const section = `## ${title}\n\n- Machine: ${machine()}\n- Date: ${new Date().toISOString()}\n- Command: \`${command}\`\n\n${body.trim()}\n`;
  const pattern = new RegExp(`## ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n## |$)`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(FILE, next.endsWith('\n') ? next : `${next}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
