import { Session } from 'node:inspector/promises';

/**
 * Runs `work` under the V8 CPU profiler and returns the functions with the most self time, as a Markdown
 * list: what a benchmark that misses its target prints, so the reason is measured, not guessed.
 */
export async function profileTop<T>(work: () => Promise<T>, top = 12): Promise<{ result: T; lines: string[] }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  let result: T;
  let profile;
  try {
    result = await work();
  } finally {
    ({ profile } = await session.post('Profiler.stop'));
    session.disconnect();
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const where = f.url ? `${f.url.replace(/^.*\/(node_modules\/)?/, '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const lines = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `- ${((100 * v) / total).toFixed(1)}% ${k}`);
  return { result: result!, lines };
}
