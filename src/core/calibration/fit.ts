/**
 * Fitting one Efficiency per device class from measured rows.
 *
 * Parameters (few, each with a physical meaning, the same for every device of the class):
 *   bandwidth       achievable fraction of peak memory bandwidth, (0, 1]
 *   bandwidthQuant  the same for quantized matrix-vector kernels, when the rows tell them apart
 *   compute         achievable fraction of peak compute, (0, 1]
 *   vectorShare     vector-unit work per matmul FLOP that does not overlap the matrix units
 *                   (timed at the fp32 vector peak), ≥ 0: why a GPU whose tensor peak grew
 *                   faster than its vector units (H100, MI100) reaches a smaller fraction of
 *                   it in prefill. Determined only by prefill rows whose tensor-to-vector peak
 *                   ratios differ; otherwise it and `compute` are one parameter.
 *   perOpOverheadS  fixed time per op (kernel launch, dispatch, synchronisation), ≥ 0
 * perPassOverheadS stays 0: with one model size per device it is indistinguishable from the
 * per-op overhead, and the per-op form scales with depth as launch costs do.
 *
 * Method: minimise the mean absolute log error, mean over rows of |ln(estimate/measured)|
 * (symmetric in over- and under-estimates, insensitive to the spread of speeds across
 * devices; the log-space form of the absolute percentage error the accuracy is reported
 * in, and robust to a device family that sits apart, as a squared error is not), with
 * Nelder–Mead on unconstrained coordinates: logit of each fraction, so that it stays in
 * (0, 1) and the estimate never exceeds the bound, log of the share and of the overhead,
 * so that they stay ≥ 0. Classes are partially pooled (see fitParams):
 * a class with few rows (AMD's three devices) borrows strength from every GPU class. A
 * parameter the rows cannot determine is not fitted: it keeps the pool's value (or the
 * defaults). Three starts, the best kept: deterministic, and robust to the flat valley
 * between bandwidth and overhead.
 */

import { DEFAULT_PARAMS, type EfficiencyParams, round4 } from "../efficiency/params.js";
import { KERNEL_KINDS } from "../ops/types.js";
import { estimateSFast } from "./compile.js";
import { nelderMead } from "./nelder-mead.js";
import type { PlannedRow } from "./predict.js";

export { DEFAULT_PARAMS, type EfficiencyParams, efficiencyOf, round4 } from "../efficiency/params.js";

export type FittedParam = "bandwidth" | "bandwidthQuant" | "compute" | "vectorShare" | "perOpOverheadS";

export interface ParamFit extends EfficiencyParams {
  /** The parameters the rows determined; the others keep the prior's values (or the defaults). */
  readonly fitted: readonly FittedParam[];
  /** Mean absolute log error at the (rounded) parameters. */
  readonly meanAbsLogError: number;
}

/**
 * A prior: parameters fitted on the wider pool (every GPU class, say), and how many rows'
 * worth of evidence each parameter counts for (in logit / log units).
 */
export interface Prior {
  readonly params: EfficiencyParams;
  readonly strength: number;
  /** Mean absolute log error of the pooled fit on its rows: the noise scale the penalty is weighed against. */
  readonly meanAbsLogError: number;
}

export const MIN_ROWS_FOR_OVERHEAD = 4;
/** The vector share is determined only when the prefill rows' tensor-to-vector peak ratios differ by this factor. */
const MIN_VECTOR_RATIO_SPREAD = 1.5;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));
/** Fractions stay below 1 (the estimate reaches the bound only in the limit). */
const MAX_FRACTION = 0.999;
/** Floors of the log coordinates: a share or overhead this small is zero for every purpose. */
const SHARE_FLOOR = 1e-4;
const OVERHEAD_FLOOR_US = 1e-3;

export function meanAbsLogError(rows: readonly PlannedRow[], p: EfficiencyParams): number {
  const bw = KERNEL_KINDS.map((k) => (k === "matvec_q" ? p.bandwidthQuant : p.bandwidth));
  const cp = KERNEL_KINDS.map(() => p.compute);
  let s = 0;
  for (const r of rows) {
    const c = r.compiled!;
    const e = Math.log(
      c.tokens /
        estimateSFast(c, bw, cp, p.vectorShare, p.perOpOverheadS, p.perPassOverheadS) /
        r.row.tokensPerS,
    );
    s += Math.abs(e);
  }
  return rows.length ? s / rows.length : 0;
}

/** Which parameters a set of rows determines. */
export function determined(rows: readonly PlannedRow[]): FittedParam[] {
  if (rows.length === 0) return [];
  // Decode rows with quantized weights determine bandwidthQuant, with dense weights bandwidth;
  // when the rows have only one of the two, both fractions are one parameter.
  const quantDecode = (r: PlannedRow) =>
    r.scenario?.kind !== "prefill" && r.compiled!.terms.some((t) => t.kernel === "matvec_q" && t.count > 0);
  const hasQuant = rows.some(quantDecode);
  const hasDense = rows.some((r) => r.scenario?.kind !== "prefill" && !quantDecode(r));
  const out: FittedParam[] = ["bandwidth"];
  if (hasQuant && hasDense) out.push("bandwidthQuant");
  // Prefill rows and prefill + decode rows (llama-bench -pg) carry compute-bound passes.
  const prefill = rows.filter((r) => r.scenario?.kind === "prefill" || r.scenario?.kind === "mixed");
  if (prefill.length > 0) out.push("compute");
  // The vector share and the compute fraction are one parameter on devices whose matrix and
  // vector peaks stand in one ratio; only a spread of ratios tells them apart.
  const ratios = prefill.map((r) => r.compiled!.matmulVectorRatio).filter((x) => Number.isFinite(x) && x > 0);
  if (ratios.length > 0 && Math.max(...ratios) / Math.min(...ratios) >= MIN_VECTOR_RATIO_SPREAD)
    out.push("vectorShare");
  if (rows.length >= MIN_ROWS_FOR_OVERHEAD) out.push("perOpOverheadS");
  return out;
}

/** Unconstrained coordinates of every parameter (bandwidth, bandwidthQuant, compute, vectorShare, perOpOverheadS). */
const toZ = (p: EfficiencyParams) => [
  logit(Math.min(p.bandwidth, MAX_FRACTION)),
  logit(Math.min(p.bandwidthQuant, MAX_FRACTION)),
  logit(Math.min(p.compute, MAX_FRACTION)),
  Math.log(Math.max(p.vectorShare, SHARE_FLOOR)),
  Math.log(Math.max(p.perOpOverheadS * 1e6, OVERHEAD_FLOOR_US)),
];
const PARAM_ORDER: readonly FittedParam[] = [
  "bandwidth",
  "bandwidthQuant",
  "compute",
  "vectorShare",
  "perOpOverheadS",
];

const atFloor = (z: number, floor: number) => z <= Math.log(floor) + 1e-9;
const fromZ = (z: readonly number[]): EfficiencyParams => ({
  bandwidth: Math.min(MAX_FRACTION, sigmoid(z[0]!)),
  bandwidthQuant: Math.min(MAX_FRACTION, sigmoid(z[1]!)),
  compute: Math.min(MAX_FRACTION, sigmoid(z[2]!)),
  vectorShare: atFloor(z[3]!, SHARE_FLOOR) ? 0 : Math.exp(z[3]!),
  perOpOverheadS: atFloor(z[4]!, OVERHEAD_FLOOR_US) ? 0 : 1e-6 * Math.exp(z[4]!),
  perPassOverheadS: 0,
});

const roundParams = (p: EfficiencyParams): EfficiencyParams => ({
  bandwidth: round4(p.bandwidth),
  bandwidthQuant: round4(p.bandwidthQuant),
  compute: round4(p.compute),
  vectorShare: round4(p.vectorShare),
  perOpOverheadS: round4(p.perOpOverheadS),
  perPassOverheadS: 0,
});

/**
 * Fit the parameters of one class to its rows (all rows must be predicted).
 *
 * Without a prior, the parameters the rows cannot determine keep Ridgeline's defaults and
 * the others minimise the mean absolute log error. With a prior (partial pooling: the
 * maximum a posteriori estimate under a Laplace likelihood whose scale is the pooled fit's
 * error and a Gaussian prior centred on the pooled fit), every parameter the rows determine
 * also pays strength × (pool's error) / rows per squared unit it moves away from the prior,
 * and the others keep the prior's values: a class with few rows stays near its pool, a
 * class with many rows follows its data.
 */
export function fitParams(rows: readonly PlannedRow[], prior?: Prior): ParamFit {
  const base = prior?.params ?? DEFAULT_PARAMS;
  const fitted = determined(rows);
  if (fitted.length === 0) return { ...base, fitted: [], meanAbsLogError: 0 };
  const free = PARAM_ORDER.map((p) => fitted.includes(p));
  const zBase = toZ(base);
  const tied = !fitted.includes("bandwidthQuant"); // one bandwidth fraction for every kernel kind
  const expand = (x: readonly number[]): number[] => {
    const z = [...zBase];
    let k = 0;
    for (let i = 0; i < z.length; i++) if (free[i]) z[i] = x[k++]!;
    if (tied) z[1] = z[0]!;
    return z;
  };
  const n = rows.length;
  const objective = (x: readonly number[]) => {
    const z = expand(x);
    let penalty = 0;
    if (prior) for (let i = 0; i < z.length; i++) if (free[i]) penalty += (z[i]! - zBase[i]!) ** 2;
    return (
      meanAbsLogError(rows, fromZ(z)) + (prior ? (prior.strength * prior.meanAbsLogError * penalty) / n : 0)
    );
  };
  const pick = (z: readonly number[]) => z.filter((_, i) => free[i]);
  // Starts: the prior (or defaults), and two spread out; the best kept. Deterministic, and
  // robust to the flat valley between bandwidth and overhead.
  const starts = [
    pick(prior ? zBase : toZ({ ...DEFAULT_PARAMS, vectorShare: 0.1, perOpOverheadS: 5e-6 })),
    pick(
      toZ({
        bandwidth: 0.9,
        bandwidthQuant: 0.9,
        compute: 0.8,
        vectorShare: 0.02,
        perOpOverheadS: 1e-6,
        perPassOverheadS: 0,
      }),
    ),
    pick(
      toZ({
        bandwidth: 0.5,
        bandwidthQuant: 0.5,
        compute: 0.3,
        vectorShare: 0.5,
        perOpOverheadS: 20e-6,
        perPassOverheadS: 0,
      }),
    ),
  ];
  let best: { x: number[]; fx: number } | null = null;
  for (const x0 of starts) {
    let r = nelderMead(objective, x0, { step: 0.5, maxIterations: 800, tolerance: 1e-10 });
    r = nelderMead(objective, r.x, { step: 0.1, maxIterations: 400, tolerance: 1e-12 }); // restart: refreshes a collapsed simplex
    if (!best || r.fx < best.fx) best = r;
  }
  const rounded = roundParams(fromZ(expand(best!.x)));
  return { ...rounded, fitted, meanAbsLogError: meanAbsLogError(rows, rounded) };
}
