// Small measuring helpers for the benchmark.

/** The p-th percentile (0..100) of some durations, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Milliseconds, rounded to a readable precision. */
export function round(ms: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(ms * f) / f;
}

export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
}

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Runs `fn` and returns its duration in milliseconds. */
export function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}
