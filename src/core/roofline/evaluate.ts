/**
 * Phase 2: put each op on the device's roofline. The bound is what the hardware cannot
 * beat: time = max(FLOPs / peak, bytes / bandwidth). The estimate runs the arithmetic at the
 * engine kernel's rate (the peak, or less on a CPU: cpu-kernels/), divides each roof by
 * its achievable fraction, adds to a matrix multiply's compute time the vector-unit work
 * that does not overlap it (vectorShare × FLOPs / fp32 vector peak), takes the larger of
 * compute and memory time (their sum on a CPU), and adds a fixed per-op overhead.
 */

import type { Efficiency } from "../efficiency/defaults.js";
import type { OpCost } from "../ops/index.js";
import { totalBytes } from "../ops/index.js";
import type { PeakKey } from "../quant/index.js";
import { type Bound, type BoundClass, boundClass } from "./classify.js";
import type { DeviceRoofs } from "./device-roofs.js";
import { type EngineBuild, kernelChoice } from "./kernel-path.js";

export interface OpResult extends OpCost {
  readonly weightFormat: string | null;
  readonly rows: number;
  readonly bytesTotal: number;
  /** FLOP per byte; Infinity for an op that moves no bytes. */
  readonly intensity: number;
  /** The peak this op's arithmetic uses (the engine's kernel path, after fallback), or null when the device lists none. */
  readonly peakUsed: PeakKey | null;
  /** Why that peak: the engine's kernel path for this op on this device (kernel-path.ts). */
  readonly why: string;
  readonly ridge: number | null;
  readonly bound: Bound;
  readonly boundClass: BoundClass;
  readonly timeBoundS: number;
  readonly timeEstimateS: number;
}

export function evaluateOp(op: OpCost, roofs: DeviceRoofs, eff: Efficiency, build?: EngineBuild): OpResult {
  const bytesTotal = totalBytes(op.bytes);
  const intensity = bytesTotal === 0 ? (op.flops === 0 ? 0 : Infinity) : op.flops / bytesTotal;
  const peak = kernelChoice(op, roofs, build);
  const bw = roofs.bandwidth;
  const memT = bytesTotal / bw;
  const pf = peak.flopPerSecond;
  const compT = pf === null ? 0 : op.flops / pf;
  const bound: Bound = compT > memT ? "compute" : "memory";
  const ridge = pf === null ? null : pf / bw;
  const timeBoundS = Math.max(compT, memT);
  const vector = roofs.peaks.fp32.flopPerSecond;
  // On a CPU the kernel's rate already counts its vector work (cpu-kernels/).
  const vectorS =
    op.kernel === "matmul" && vector !== null && !roofs.cpu ? (eff.vectorShare * op.flops) / vector : 0;
  const rate = peak.rate;
  const computeEst = rate === null ? 0 : op.flops / (rate * eff.compute[op.kernel]) + vectorS;
  const memoryEst = bytesTotal / (bw * eff.bandwidth[op.kernel]);
  // A CPU core issues the stream's loads and the kernel's instructions from one window, and
  // ggml-cpu's loops do not prefetch ahead: the estimate adds the two (the bound keeps the max).
  const timeEstimateS =
    (roofs.cpu ? computeEst + memoryEst : Math.max(computeEst, memoryEst)) + eff.perOpOverheadS;
  // Completed in place: a new object per op costs more than the roofline arithmetic itself.
  // Op constructors (makeOp) allocate the result fields up front so the object keeps one shape.
  const r = op as Mutable<OpResult>;
  r.bytesTotal = bytesTotal;
  r.intensity = intensity;
  r.peakUsed = peak.peak;
  r.why = peak.why;
  r.ridge = ridge;
  r.bound = bound;
  r.boundClass = ridge === null ? "memory-extreme" : boundClass(intensity, ridge);
  r.timeBoundS = timeBoundS;
  r.timeEstimateS = timeEstimateS;
  return r;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
