/** Error summaries: absolute percentage errors, their mean (MAPE) and median. */

/** |predicted − measured| / measured, as a fraction. */
export const ape = (predicted: number, measured: number): number => Math.abs(predicted - measured) / measured;

export interface ErrorSummary {
  readonly rows: number;
  /** Mean absolute percentage error, in percent (null without rows). */
  readonly mape: number | null;
  /** Median absolute percentage error, in percent (null without rows). */
  readonly medianApe: number | null;
}

export function summarize(apes: readonly number[]): ErrorSummary {
  if (apes.length === 0) return { rows: 0, mape: null, medianApe: null };
  const sorted = [...apes].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    rows: apes.length,
    mape: (100 * apes.reduce((s, x) => s + x, 0)) / apes.length,
    medianApe: 100 * median,
  };
}

/** Group items by a key, keys in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const g = m.get(k);
    if (g) g.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** Four significant digits (null stays null). */
export function sig4(x: number | null): number | null {
  return x === null ? null : x === 0 ? 0 : Number(x.toPrecision(4));
}
