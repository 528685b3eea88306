/**
 * Achievable fractions of the roofs, used by the estimate (never by the bound).
 *
 * Until calibration exists these are the midpoints of the chapter's stated ranges
 * (2.1.3: bandwidth utilisation 60–80%, compute utilisation 40–70%).
 */
export interface Efficiency {
  /** Fraction of peak memory bandwidth achieved, (0, 1]. */
  readonly bandwidth: number;
  /** Fraction of peak compute achieved, (0, 1]. */
  readonly compute: number;
  /** Fixed time added per op (kernel launch, synchronisation), seconds. */
  readonly perOpOverheadS: number;
  /** Where the numbers come from. */
  readonly source: string;
}

export const DEFAULT_EFFICIENCY: Efficiency = {
  bandwidth: 0.7,
  compute: 0.55,
  perOpOverheadS: 0,
  source: "chapter 2.1.3 ranges (bandwidth 60–80%, compute 40–70%), midpoints",
};
