/**
 * Fitting one Efficiency per device class from measured rows.
 *
 * Parameters (few, each with a physical meaning, the same for every device of the class):
 *   bandwidth       achievable fraction of peak memory bandwidth, (0, 1]
 *   compute         achievable fraction of peak compute, (0, 1]
 *   perOpOverheadS  fixed time per op (kernel launch, dispatch, synchronisation), ≥ 0
 * The fractions apply to every kernel kind: decode (matrix-vector, attention over the
 * cache) is governed by `bandwidth`, prefill (matrix-matrix) by `compute`, and the data
 * cannot tell kernel kinds apart any better than that. perPassOverheadS stays 0: with one
 * model size per device it is indistinguishable from the per-op overhead, and the per-op
 * form scales with depth as launch costs do.
 *
 * Method: minimise the mean squared log error, mean over rows of ln(estimate/measured)²
 * (symmetric in over- and under-estimates, insensitive to the spread of speeds across
 * devices), with Nelder–Mead on unconstrained coordinates: logit of each fraction, so
 * that it stays in (0, 1) and the estimate never exceeds the bound, and log of the
 * overhead in microseconds, so that it stays ≥ 0. A parameter the rows cannot determine
 * is not fitted: compute without prefill rows, the overhead with fewer than
 * MIN_ROWS_FOR_OVERHEAD rows. Three starts (default fractions, and two spread out), the
 * best kept: deterministic, and robust to the flat valley between bandwidth and overhead.
 */
import { KERNEL_KINDS } from "../ops/types.js";
import { estimateSFast } from "./compile.js";
import { nelderMead } from "./nelder-mead.js";
import { DEFAULT_PARAMS, round4, type EfficiencyParams } from "./params.js";
import type { PlannedRow } from "./predict.js";

export { DEFAULT_PARAMS, efficiencyOf, round4, type EfficiencyParams } from "./params.js";

export type FittedParam = "bandwidth" | "bandwidthQuant" | "compute" | "perOpOverheadS";

export interface ParamFit extends EfficiencyParams {
  /** The parameters the rows determined; the others keep the defaults. */
  readonly fitted: readonly FittedParam[];
  /** Mean squared log error at the (rounded) parameters. */
  readonly msle: number;
}

export const MIN_ROWS_FOR_OVERHEAD = 4;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));
/** Fractions stay below 1 (the estimate reaches the bound only in the limit). */
const MAX_FRACTION = 0.999;

export function msle(rows: readonly PlannedRow[], p: EfficiencyParams): number {
  const bw = KERNEL_KINDS.map((k) => (k === "matvec_q" ? p.bandwidthQuant : p.bandwidth));
  const cp = KERNEL_KINDS.map(() => p.compute);
  let s = 0;
  for (const r of rows) {
    const c = r.compiled!;
    const e = Math.log(c.tokens / estimateSFast(c, bw, cp, p.perOpOverheadS, p.perPassOverheadS) / r.row.tokensPerS);
    s += e * e;
  }
  return rows.length ? s / rows.length : 0;
}

/** Fit the parameters of one class to its rows (all rows must be predicted). */
export function fitParams(rows: readonly PlannedRow[]): ParamFit {
  if (rows.length === 0) return { ...DEFAULT_PARAMS, fitted: [], msle: 0 };
  // Decode rows with quantized weights determine bandwidthQuant, with dense weights bandwidth;
  // when the rows have only one of the two, both fractions are one parameter.
  const quantDecode = (r: PlannedRow) => r.scenario?.kind !== "prefill" && r.compiled!.terms.some((t) => t.kernel === "matvec_q" && t.count > 0);
  const hasQuant = rows.some(quantDecode);
  const hasDense = rows.some((r) => r.scenario?.kind !== "prefill" && !quantDecode(r));
  const fitted: FittedParam[] = ["bandwidth"];
  const splitBandwidth = hasQuant && hasDense;
  if (splitBandwidth) fitted.push("bandwidthQuant");
  if (rows.some((r) => r.scenario?.kind === "prefill")) fitted.push("compute");
  if (rows.length >= MIN_ROWS_FOR_OVERHEAD) fitted.push("perOpOverheadS");

  const decodeX = (z: readonly number[]): EfficiencyParams => {
    let k = 0;
    const next = () => z[k++]!;
    const bandwidth = Math.min(MAX_FRACTION, sigmoid(next()));
    return {
      bandwidth,
      bandwidthQuant: splitBandwidth ? Math.min(MAX_FRACTION, sigmoid(next())) : bandwidth,
      compute: fitted.includes("compute") ? Math.min(MAX_FRACTION, sigmoid(next())) : DEFAULT_PARAMS.compute,
      perOpOverheadS: fitted.includes("perOpOverheadS") ? 1e-6 * Math.exp(next()) : 0,
      perPassOverheadS: 0,
    };
  };
  const start = (bw: number, c: number, opUs: number) => {
    const z: number[] = [logit(bw)];
    if (splitBandwidth) z.push(logit(bw));
    if (fitted.includes("compute")) z.push(logit(c));
    if (fitted.includes("perOpOverheadS")) z.push(Math.log(opUs));
    return z;
  };
  const objective = (z: readonly number[]) => msle(rows, decodeX(z));
  let best: { x: number[]; fx: number } | null = null;
  for (const z0 of [start(0.7, 0.55, 5), start(0.9, 0.8, 1), start(0.5, 0.3, 20)]) {
    let r = nelderMead(objective, z0, { step: 0.5, maxIterations: 600, tolerance: 1e-10 });
    r = nelderMead(objective, r.x, { step: 0.1, maxIterations: 400, tolerance: 1e-12 }); // restart: refreshes a collapsed simplex
    if (!best || r.fx < best.fx) best = r;
  }
  const p = decodeX(best!.x);
  const rounded: EfficiencyParams = {
    bandwidth: round4(p.bandwidth),
    bandwidthQuant: round4(p.bandwidthQuant),
    compute: round4(p.compute),
    perOpOverheadS: round4(p.perOpOverheadS),
    perPassOverheadS: 0,
  };
  return { ...rounded, fitted, msle: msle(rows, rounded) };
}
