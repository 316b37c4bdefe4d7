/**
 * Latencies kept as counts per bucket, so p95 can be read from totals and from per-minute rows alike and
 * buckets merge by adding. Bucket i holds latencies up to BOUNDS[i] ms (geometric, ×1.5 from 0.05 ms; the
 * last is open-ended); a percentile is the bound of its bucket, capped by the observed maximum.
 */
const BOUNDS: number[] = [];
for (let b = 0.05; b < 120_000; b *= 1.5) BOUNDS.push(Number(b.toPrecision(4)));

export const emptyHistogram = (): number[] => new Array<number>(BOUNDS.length + 1).fill(0);

export function bucketOf(ms: number): number {
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= BOUNDS[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function mergeHistograms(a: number[], b: number[]): number[] {
  const out = emptyHistogram();
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return out;
}

export function percentile(histogram: number[], fraction: number, maxMs: number): number {
  const total = histogram.reduce((s, n) => s + n, 0);
  if (!total) return 0;
  const rank = Math.ceil(total * fraction);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= rank) return Math.min(BOUNDS[i] ?? maxMs, maxMs);
  }
  return maxMs;
}
