/**
 * The calibration: one fit per device class (fit.ts) on the rows fitRows selects, and
 * leave-one-device-family-out cross-validation of the whole procedure. Pure: the CSV text
 * comes in, the calibration record (src/core/efficiency/fitted.json) comes out.
 */

import type { ByTest, CalibrationFile, ClassCalibration } from "../efficiency/file-schema.js";
import { poolOf } from "../efficiency/params.js";
import { DEVICE_CLASSES, type DeviceClass } from "../hardware/schema.js";
import { DEFAULT_PARAMS, type EfficiencyParams, efficiencyOf, fitParams, type Prior } from "./fit.js";
import { estimateTps, fitRows, isScored, type PlannedRow, planRows } from "./predict.js";
import { parseMeasured, type TestKind } from "./rows.js";
import { ape, type ErrorSummary, groupBy, sig4, summarize } from "./stats.js";

export const TEST_KINDS: readonly TestKind[] = ["pp512", "tg128", "other"];
export { type ByTest, CalibrationFile, type ClassCalibration } from "../efficiency/file-schema.js";

export const METHOD =
  "per device class: bandwidth and compute fractions (all kernel kinds), the vector-unit share of matmuls and a per-op overhead, " +
  "minimising the mean absolute log error of tokens/s with Nelder-Mead (logit / log coordinates), " +
  "partially pooled towards the fit of every class of the same kind of unit (Gaussian prior, tau = 0.5, against a Laplace likelihood whose scale is the pool's error); " +
  "rows: trust A/B, not anomalous, not thread-limited, exact weight format, measured <= bound; " +
  "llama.cpp-based engines and the pp512/tg128 tests when the class has them";

/** FNV-1a, 32 bits, hex: a fingerprint of the data, not a security hash. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

const sortedUnique = (xs: readonly string[]) => [...new Set(xs)].sort();

function summary(s: ErrorSummary): ErrorSummary {
  return { rows: s.rows, mape: sig4(s.mape), medianApe: sig4(s.medianApe) };
}

/** Bound and estimate errors by test kind over rows with an estimate. */
export function errorsByTest(
  rows: readonly { test: TestKind; measured: number; bound: number; estimate: number }[],
): ByTest {
  const by = (t: TestKind) => {
    const rs = rows.filter((r) => r.test === t);
    return {
      bound: summary(summarize(rs.map((r) => ape(r.bound, r.measured)))),
      estimate: summary(summarize(rs.map((r) => ape(r.estimate, r.measured)))),
    };
  };
  return { pp512: by("pp512"), tg128: by("tg128"), other: by("other") };
}

/** Classes that appear among the planned rows, in DEVICE_CLASSES order. */
function classesOf(planned: readonly PlannedRow[]): DeviceClass[] {
  const present = new Set(planned.map((p) => p.deviceClass));
  return DEVICE_CLASSES.filter((c) => present.has(c));
}

/**
 * 1 / (2τ²) of the prior, in squared logit / log units: a class's parameter is expected
 * within τ = 0.5 of the pooled value (a fraction of 0.70 between 0.59 and 0.79; an overhead
 * within a factor of 1.65). The data term is a Laplace likelihood whose scale is the pooled
 * fit's mean absolute log error, so the penalty is weighed against the pool's own noise.
 */
export const PRIOR_STRENGTH = 2;

/** The rows of a pool: the fit rows of every class of that kind of unit. */
const poolRows = (planned: readonly PlannedRow[], pool: string) =>
  DEVICE_CLASSES.filter((c) => poolOf(c) === pool).flatMap((c) => fitRows(planned, c));

/** The pooled fit a class is pulled towards: every class of its pool, fitted as one. */
export function priorFor(planned: readonly PlannedRow[], cls: DeviceClass): Prior | undefined {
  const rows = poolRows(planned, poolOf(cls));
  if (!rows.length) return undefined;
  const params = fitParams(rows);
  return { params, strength: PRIOR_STRENGTH, meanAbsLogError: params.meanAbsLogError };
}

export interface CvRow {
  readonly planned: PlannedRow;
  readonly cvTps: number;
  readonly fit: string;
}

/**
 * Leave one device family out: for each family, refit every class on the rows of the other
 * families (the same selection rules as the real fit) and predict the family's scored rows.
 * A class left without rows falls back to Ridgeline's defaults, as the product does.
 */
export function crossValidate(planned: readonly PlannedRow[]): CvRow[] {
  const out: CvRow[] = [];
  const scored = planned.filter(isScored);
  for (const [family, held] of groupBy(scored, (p) => p.family)) {
    const rest = planned.filter((p) => p.family !== family);
    const fits = new Map<DeviceClass, { params: EfficiencyParams; fit: string }>();
    for (const p of held) {
      const cls = p.deviceClass!;
      let f = fits.get(cls);
      if (!f) {
        const rows = fitRows(rest, cls);
        const prior = priorFor(rest, cls);
        f = rows.length
          ? {
              params: fitParams(rows, prior),
              fit: `${cls} refitted on ${rows.length} rows of other families`,
            }
          : prior
            ? { params: prior.params, fit: `${poolOf(cls)} pool (no other ${cls} family has rows)` }
            : { params: DEFAULT_PARAMS, fit: `defaults (no other ${cls} family has rows)` };
        fits.set(cls, f);
      }
      out.push({ planned: p, cvTps: estimateTps(p, efficiencyOf(f.params, "cv"))!, fit: f.fit });
    }
  }
  return out;
}

function cvErrors(rows: readonly CvRow[]): ByTest {
  return errorsByTest(
    rows.map((r) => ({
      test: r.planned.row.test,
      measured: r.planned.row.tokensPerS,
      bound: r.planned.boundTps!,
      estimate: r.cvTps,
    })),
  );
}

export function cvSummary(cv: readonly CvRow[]): CalibrationFile["crossValidation"] {
  const bounded = cv.filter((r) => r.planned.exclusion !== "spec-error");
  const byClass: Record<string, ByTest> = {};
  for (const [cls, rs] of groupBy(bounded, (r) => r.planned.deviceClass!)) byClass[cls] = cvErrors(rs);
  const byFamily: CalibrationFile["crossValidation"]["byFamily"] = {};
  for (const [fam, rs] of groupBy(bounded, (r) => r.planned.family)) {
    byFamily[fam] = {
      class: rs[0]!.planned.deviceClass!,
      fit: sortedUnique(rs.map((r) => r.fit)).join("; "),
      errors: cvErrors(rs),
    };
  }
  return {
    likely: likelyRanges(bounded),
    scheme:
      "leave one device family out (e.g. every Apple M1 row), refit every class on the other families' rows with the same rules, " +
      "predict the held-out scored rows (trust A/B, not anomalous, not thread-limited); headline figures exclude rows whose measurement exceeds the bound",
    byTest: cvErrors(bounded),
    byTestWithSpecErrors: cvErrors(cv),
    byClass,
    byFamily,
  };
}

/** A class needs this many cross-validated rows of a test before its range is quoted. */
export const MIN_RANGE_ROWS = 4;
const RANGE_QUANTILES = [0.1, 0.9] as const;

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: readonly number[], p: number): number {
  const i = p * (sorted.length - 1);
  const lo = Math.floor(i);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/** Per class and standard test: the spread of measured / cross-validated estimate (P10, P90). */
function likelyRanges(rows: readonly CvRow[]): CalibrationFile["crossValidation"]["likely"] {
  const out: CalibrationFile["crossValidation"]["likely"] = {};
  for (const [cls, rs] of groupBy(rows, (r) => r.planned.deviceClass!)) {
    const byTest: CalibrationFile["crossValidation"]["likely"][string] = {};
    for (const t of ["pp512", "tg128"] as const) {
      const ratios = rs
        .filter((r) => r.planned.row.test === t)
        .map((r) => r.planned.row.tokensPerS / r.cvTps)
        .sort((a, b) => a - b);
      if (ratios.length < MIN_RANGE_ROWS) continue;
      const [low, high] = RANGE_QUANTILES.map((q) => sig4(quantile(ratios, q))!);
      byTest[t] = { rows: ratios.length, low: low!, high: high! };
    }
    out[cls] = byTest;
  }
  return out;
}

export interface CalibrationInput {
  /** The measured files: where each lives, as recorded (e.g. "data/calibration/measured.csv"), and its text. */
  readonly files: readonly { readonly path: string; readonly text: string }[];
  readonly fittedOn: string;
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** The rows of every file, planned as their reviewed interpretations read them. */
export function planFiles(files: CalibrationInput["files"]): PlannedRow[] {
  return files.flatMap((f) => planRows(parseMeasured(f.text, baseName(f.path))));
}

/** Fit every class present in the data and cross-validate. Deterministic for a given input. */
export function calibrate(input: CalibrationInput): CalibrationFile {
  const planned = planFiles(input.files);
  const pools: CalibrationFile["pools"] = {};
  for (const pool of ["gpu", "cpu", "npu"] as const) {
    const rows = poolRows(planned, pool);
    if (!rows.length) continue;
    const p = fitParams(rows);
    pools[pool] = {
      bandwidth: p.bandwidth,
      bandwidthQuant: p.bandwidthQuant,
      compute: p.compute,
      vectorShare: p.vectorShare,
      perOpOverheadS: p.perOpOverheadS,
      fitted: [...p.fitted],
      classes: sortedUnique(rows.map((r) => r.deviceClass!)),
      rows: rows.length,
      meanAbsLogError: sig4(p.meanAbsLogError)!,
    };
  }
  const classes: Record<string, ClassCalibration> = {};
  for (const cls of classesOf(planned)) {
    const rows = fitRows(planned, cls);
    if (rows.length === 0) continue;
    const p = fitParams(rows, priorFor(planned, cls));
    const eff = efficiencyOf(p, "fit");
    const scored = planned.filter((q) => q.deviceClass === cls && isScored(q));
    classes[cls] = {
      bandwidth: p.bandwidth,
      bandwidthQuant: p.bandwidthQuant,
      compute: p.compute,
      vectorShare: p.vectorShare,
      perOpOverheadS: p.perOpOverheadS,
      perPassOverheadS: p.perPassOverheadS,
      fitted: [...p.fitted],
      rows: rows.map((r) => `${r.row.file}:${r.row.row}`),
      tests: sortedUnique(rows.map((r) => r.row.test)),
      trust: sortedUnique(rows.map((r) => r.row.trust ?? "none")),
      engines: sortedUnique(rows.map((r) => r.row.backend)),
      devices: sortedUnique(rows.map((r) => r.deviceId!)),
      meanAbsLogError: sig4(p.meanAbsLogError)!,
      errors: errorsByTest(
        scored.map((q) => ({
          test: q.row.test,
          measured: q.row.tokensPerS,
          bound: q.boundTps!,
          estimate: estimateTps(q, eff)!,
        })),
      ),
    };
  }
  return {
    schemaVersion: 1,
    fittedOn: input.fittedOn,
    data: input.files.map((f) => f.path).join(", "),
    dataFingerprint: input.files.map((f) => fingerprint(f.text)).join("+"),
    method: METHOD,
    pools,
    priorStrength: PRIOR_STRENGTH,
    classes,
    crossValidation: cvSummary(crossValidate(planned)),
  };
}

/** JSON with two-space indents, arrays of numbers and strings on one line (readable diffs of row lists). */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(
    /\[\s*([^[\]{}]*?)\s*\]/g,
    (_m, inner: string) => `[${inner.split(/,\s*\n\s*/).join(", ")}]`,
  )}\n`;
}
