/**
 * Achievable fractions of the roofs, used by the estimate (never by the bound), per
 * kernel kind, plus fixed overheads. A calibration fits one of these per device class
 * (never per device).
 */
import { KERNEL_KINDS, type KernelKind } from "../ops/types.js";

export interface Efficiency {
  /** Fraction of peak memory bandwidth achieved, (0, 1], per kernel kind. */
  readonly bandwidth: Readonly<Record<KernelKind, number>>;
  /** Fraction of peak compute achieved, (0, 1], per kernel kind. */
  readonly compute: Readonly<Record<KernelKind, number>>;
  /**
   * Vector-unit work per matrix-multiply FLOP that does not overlap the matrix units
   * (dequantizing weights, quantizing activations, converting accumulators), ≥ 0: each
   * matmul op adds vectorShare × FLOPs / (the device's fp32 vector peak) to its compute
   * time. It is why a GPU whose tensor peak grew faster than its vector units reaches a
   * smaller fraction of that peak in prefill. 0 = none.
   */
  readonly vectorShare: number;
  /** Fixed time added per op (kernel launch, synchronisation), seconds. */
  readonly perOpOverheadS: number;
  /** Fixed time added per forward pass (per decode step; sampling, scheduling), seconds. */
  readonly perPassOverheadS: number;
  /** Where the numbers come from. */
  readonly source: string;
}

const all = (v: number): Record<KernelKind, number> =>
  Object.fromEntries(KERNEL_KINDS.map((k) => [k, v])) as Record<KernelKind, number>;

/**
 * Until calibration exists: the midpoints of the chapter's stated ranges (2.1.3:
 * bandwidth utilisation 60–80%, compute utilisation 40–70%), for every kernel kind.
 */
export const DEFAULT_EFFICIENCY: Efficiency = {
  bandwidth: all(0.7),
  compute: all(0.55),
  vectorShare: 0,
  perOpOverheadS: 0,
  perPassOverheadS: 0,
  source: "chapter 2.1.3 ranges (bandwidth 60–80%, compute 40–70%), midpoints",
};

/** The same fractions for every kernel kind. */
export function uniformEfficiency(bandwidth: number, compute: number, source: string): Efficiency {
  return {
    bandwidth: all(bandwidth),
    compute: all(compute),
    vectorShare: 0,
    perOpOverheadS: 0,
    perPassOverheadS: 0,
    source,
  };
}
