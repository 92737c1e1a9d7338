/** Small helpers for printing benchmark figures. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[k];
}

/** Runs `fn` `n` times and returns each run's time in microseconds, sorted. */
export function timeEach(n: number, fn: (k: number) => void): number[] {
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const t0 = process.hrtime.bigint();
    fn(k);
    out[k] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return out.sort((a, b) => a - b);
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits
  });
}

export function line(label: string, figures: Record<string, string>): void {
  console.log(
    `  ${label.padEnd(34)} ${Object.entries(figures)
      .map(([k, v]) => `${k} ${v}`)
      .join('  ')}`
  );
}
