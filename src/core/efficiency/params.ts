/**
 * The calibrated parameters of one device class and the Efficiency they stand for. A leaf
 * module (no analysis imports), so that the analysis can use the calibration by default.
 */
import type { DeviceClass } from "../hardware/schema.js";
import { KERNEL_KINDS, type KernelKind } from "../ops/types.js";
import { DEFAULT_EFFICIENCY, type Efficiency } from "./defaults.js";

export interface EfficiencyParams {
  /** Achievable fraction of peak memory bandwidth, (0, 1], every kernel kind but quantized mat-vec. */
  readonly bandwidth: number;
  /** Achievable fraction of peak memory bandwidth of quantized matrix-vector kernels (matvec_q), (0, 1]. */
  readonly bandwidthQuant: number;
  /** Achievable fraction of peak compute, (0, 1], every kernel kind. */
  readonly compute: number;
  /** Vector-unit FLOPs per matmul FLOP not overlapped with the matrix units, ≥ 0 (see Efficiency). */
  readonly vectorShare: number;
  /** Fixed time per op (kernel launch, dispatch), seconds, ≥ 0. */
  readonly perOpOverheadS: number;
  /** Fixed time per forward pass, seconds, ≥ 0. */
  readonly perPassOverheadS: number;
}

/** The defaults a parameter keeps when it is not fitted: Ridgeline's uncalibrated efficiency. */
export const DEFAULT_PARAMS: EfficiencyParams = {
  bandwidth: DEFAULT_EFFICIENCY.bandwidth.matvec,
  bandwidthQuant: DEFAULT_EFFICIENCY.bandwidth.matvec_q,
  compute: DEFAULT_EFFICIENCY.compute.matmul,
  vectorShare: DEFAULT_EFFICIENCY.vectorShare,
  perOpOverheadS: DEFAULT_EFFICIENCY.perOpOverheadS,
  perPassOverheadS: DEFAULT_EFFICIENCY.perPassOverheadS,
};

const all = (v: number) => Object.fromEntries(KERNEL_KINDS.map((k) => [k, v])) as Record<KernelKind, number>;

export function efficiencyOf(p: EfficiencyParams, source: string): Efficiency {
  return {
    bandwidth: { ...all(p.bandwidth), matvec_q: p.bandwidthQuant },
    compute: all(p.compute),
    vectorShare: p.vectorShare,
    perOpOverheadS: p.perOpOverheadS,
    perPassOverheadS: p.perPassOverheadS,
    source,
  };
}

/** Four significant digits: what is stored, so what is used. */
export const round4 = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(4)));

/** Classes pool with the classes of the same kind of compute unit (partial pooling, and the fallback of a class without rows). */
export const poolOf = (cls: DeviceClass): "gpu" | "cpu" | "npu" =>
  cls === "cpu" ? "cpu" : cls === "npu" ? "npu" : "gpu";
