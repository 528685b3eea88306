/**
 * Statistics of repeated timing samples. The roof is the best sustained sample (each
 * sample lasts at least the minimum sample time); the median and the spread say how
 * representative it is.
 */

/** Relative spread above which a measurement is flagged as noisy. */
export const NOISY_SPREAD = 0.2;
/** Relative change of the single-thread FP32 rate between the start and the end of a run that flags a clock change. */
export const CLOCK_CHANGE = 0.1;

export interface SampleStats {
  /** Best sample (the roof). */
  readonly best: number;
  readonly median: number;
  readonly min: number;
  /** (max − min) / median. */
  readonly spread: number;
  readonly samples: readonly number[];
  /** spread > NOISY_SPREAD. */
  readonly noisy: boolean;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function sampleStats(rates: readonly number[]): SampleStats {
  if (rates.length === 0) throw new RangeError("no samples");
  const best = Math.max(...rates);
  const min = Math.min(...rates);
  const med = median(rates);
  const spread = med > 0 ? (best - min) / med : 0;
  return { best, median: med, min, spread, samples: [...rates], noisy: spread > NOISY_SPREAD };
}
