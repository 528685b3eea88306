/**
 * `ridgeline validate`: predict every row of a measured-results file with the bound and the
 * (calibrated) estimate, and say how right they are. Every row is accounted for: predicted
 * (scored or not, with the reason), or unpredictable with the reason.
 */

import { CALIBRATION, efficiencyForClass, efficiencyForDevice } from "../efficiency/calibrated.js";
import type { Efficiency } from "../efficiency/defaults.js";
import type { DeviceClass } from "../hardware/schema.js";
import { renderTable } from "../report/table.js";
import { formatPercent, formatPercentValue, formatSignedPercent } from "../units/format.js";
import { type BenchContext, planBenchRows } from "./bench-plan.js";
import { fingerprint } from "./calibrate.js";
import type { DataFormat, LlamaBenchFile } from "./llama-bench.js";
import { estimateTps, isScored, type PlannedRow, planRows } from "./predict.js";
import { parseMeasured, type TestKind } from "./rows.js";
import { describeScenario } from "./scenario.js";
import { ape, type ErrorSummary, groupBy, summarize } from "./stats.js";

export interface ValidationRow {
  readonly row: number;
  readonly hardware: string;
  readonly backend: string;
  readonly model: string;
  readonly quant: string;
  readonly test: TestKind;
  readonly trust: string | null;
  readonly measuredTps: number;
  readonly deviceId: string | null;
  readonly deviceClass: DeviceClass | null;
  readonly family: string;
  readonly modelId: string | null;
  readonly weights: string | null;
  /** What was costed (null when unpredictable). */
  readonly scenario: string | null;
  readonly boundTps: number | null;
  readonly estimateTps: number | null;
  /** Signed relative errors, (predicted − measured) / measured. */
  readonly boundError: number | null;
  readonly estimateError: number | null;
  /** Counted in the summaries (trust A/B, not anomalous, not thread-limited). */
  readonly scored: boolean;
  /** Why the row is left out of fits (it may still be scored). */
  readonly excluded: string | null;
  /** The measurement exceeds the roofline bound: the device's spec (or the model of the run) is likely wrong. */
  readonly exceedsBound: boolean;
  readonly unpredictable: string | null;
  readonly notes: readonly string[];
  readonly efficiency: string | null;
}

export interface GroupSummary {
  readonly key: string;
  readonly bound: ErrorSummary;
  readonly estimate: ErrorSummary;
}

export interface ValidationReport {
  readonly data: string;
  /** What the file was: the calibration CSV, or llama-bench output in one of its formats. */
  readonly format: DataFormat;
  readonly rows: readonly ValidationRow[];
  readonly total: number;
  readonly predicted: number;
  readonly scored: number;
  /** predicted / total. */
  readonly sharePredicted: number;
  readonly byTest: readonly GroupSummary[];
  readonly byClass: readonly GroupSummary[];
  readonly byQuantization: readonly GroupSummary[];
  readonly overall: GroupSummary;
  readonly specErrors: readonly ValidationRow[];
  readonly unpredictable: readonly ValidationRow[];
  readonly calibration: {
    readonly fittedOn: string;
    readonly data: string;
    readonly dataFingerprint: string;
    /** Whether these data are the ones the calibration was fitted on. */
    readonly sameData: boolean;
  };
}

export interface ValidateOptions {
  /** Name of the data, for the report (a path). */
  readonly dataName?: string;
  /** Efficiency per device class (default: the calibrated one, as `analyze` uses). */
  readonly efficiencyFor?: (cls: DeviceClass) => Efficiency;
  /** Default "calibration-csv". */
  readonly format?: DataFormat;
}

function toRow(p: PlannedRow, effFor: (cls: DeviceClass) => Efficiency): ValidationRow {
  const r = p.row;
  const eff = p.compiled && p.deviceClass ? effFor(p.deviceClass) : null;
  const est = eff ? estimateTps(p, eff) : null;
  const signed = (x: number | null) => (x === null ? null : (x - r.tokensPerS) / r.tokensPerS);
  return {
    row: r.row,
    hardware: r.hardware,
    backend: r.backend,
    model: r.model,
    quant: r.quant,
    test: r.test,
    trust: r.trust,
    measuredTps: r.tokensPerS,
    deviceId: p.deviceId,
    deviceClass: p.deviceClass,
    family: p.family,
    modelId: p.modelId,
    weights: p.recipe,
    scenario: p.scenario && p.compiled ? describeScenario(p.scenario) : null,
    boundTps: p.boundTps,
    estimateTps: est,
    boundError: signed(p.boundTps),
    estimateError: signed(est),
    scored: isScored(p),
    excluded: p.fitExclusion,
    exceedsBound: p.boundTps !== null && r.tokensPerS > p.boundTps,
    unpredictable: p.unpredictable,
    notes: p.notes,
    efficiency: eff?.source ?? null,
  };
}

function group(key: string, rows: readonly ValidationRow[]): GroupSummary {
  return {
    key,
    bound: summarize(rows.map((r) => ape(r.boundTps!, r.measuredTps))),
    estimate: summarize(rows.map((r) => ape(r.estimateTps!, r.measuredTps))),
  };
}

function groups(rows: readonly ValidationRow[], key: (r: ValidationRow) => string): GroupSummary[] {
  return [...groupBy(rows, key)].map(([k, rs]) => group(k, rs)).sort((a, b) => a.key.localeCompare(b.key));
}

export function validateRows(
  planned: readonly PlannedRow[],
  csvText: string,
  opts: ValidateOptions = {},
): ValidationReport {
  const effFor = opts.efficiencyFor ?? efficiencyForClass;
  const rows = planned.map((p) => toRow(p, effFor));
  const scored = rows.filter((r) => r.scored);
  const predicted = rows.filter((r) => r.unpredictable === null);
  const fp = fingerprint(csvText);
  return {
    data: opts.dataName ?? CALIBRATION.data,
    format: opts.format ?? "calibration-csv",
    rows,
    total: rows.length,
    predicted: predicted.length,
    scored: scored.length,
    sharePredicted: rows.length ? predicted.length / rows.length : 0,
    byTest: (["pp512", "tg128", "other"] as const).map((t) =>
      group(
        t,
        scored.filter((r) => r.test === t),
      ),
    ),
    byClass: groups(scored, (r) => r.deviceClass!),
    byQuantization: groups(scored, (r) => r.weights!),
    overall: group("all", scored),
    specErrors: rows.filter((r) => r.exceedsBound),
    unpredictable: rows.filter((r) => r.unpredictable !== null),
    calibration: {
      fittedOn: CALIBRATION.fittedOn,
      data: CALIBRATION.data,
      dataFingerprint: CALIBRATION.dataFingerprint,
      sameData: fp === CALIBRATION.dataFingerprint,
    },
  };
}

/** Parse, plan, cost and score a measured-results file. */
export function validate(csvText: string, opts: ValidateOptions = {}): ValidationReport {
  return validateRows(planRows(parseMeasured(csvText)), csvText, opts);
}

/**
 * Plan, cost and score the tests of a llama-bench file (parsed by parseLlamaBench) on the
 * context's device. The estimate uses the efficiency `analyze` uses for that device
 * (unless opts.efficiencyFor says otherwise).
 */
export function validateBench(
  file: LlamaBenchFile,
  text: string,
  ctx: BenchContext,
  opts: Omit<ValidateOptions, "format" | "dataName"> = {},
): ValidationReport {
  return validateRows(planBenchRows(file, ctx), text, {
    dataName: ctx.dataName,
    format: file.format,
    efficiencyFor: opts.efficiencyFor ?? (() => efficiencyForDevice(ctx.device)),
  });
}

/** Tokens/s for a table: 3 significant digits at most, "–" when there is none. */
export const tps = (x: number | null) =>
  x === null ? "–" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const pctSigned = (x: number | null) => formatSignedPercent(x);
const pct = (x: number | null) => formatPercentValue(x);

function summaryTable(title: string, gs: readonly GroupSummary[]): string {
  return (
    `${title}\n` +
    renderTable(
      [
        { header: "" },
        { header: "rows", align: "right" },
        { header: "bound MAPE", align: "right" },
        { header: "bound median", align: "right" },
        { header: "estimate MAPE", align: "right" },
        { header: "estimate median", align: "right" },
      ],
      gs
        .filter((g) => g.estimate.rows > 0)
        .map((g) => [
          g.key,
          String(g.estimate.rows),
          pct(g.bound.mape),
          pct(g.bound.medianApe),
          pct(g.estimate.mape),
          pct(g.estimate.medianApe),
        ]),
    )
  );
}

/** What the predictions leave out, printed with the report. */
export const NOT_MODELLED: readonly string[] = [
  "llama.cpp's non-flash attention keeps the KQ scores in F32; Ridgeline costs them at the activation format (fp16), so long-context attention traffic is underestimated",
  "llama.cpp's quantizer stores output.weight as Q6_K in Q4_0 files; the plain q4_0 recipe costs it as Q4_0 (about 1% fewer bytes for a 7B model)",
  "engine versions: the rows span llama.cpp builds from 2023 to 2025, whose kernels differ; one efficiency per device class averages them",
  "host-side time (sampling, scheduling) beyond the fitted per-op overhead, and thread counts (the whole unit is assumed)",
  "differences between device families of one class: at the same 400 GB/s the M3 Max decodes 6-21% faster than the M1 Max, " +
    "and llama.cpp ROCm decodes at 34% of the MI100's bandwidth but 65-72% of the RX 7900 XTX's; one efficiency per class averages them",
];

/** The report as text: per-row table, summaries, spec errors, unpredictable rows. */
export function validationText(v: ValidationReport): string {
  const out: string[] = [];
  out.push(
    `Validation of ${v.data}: ${v.total} rows, ${v.predicted} predicted (${formatPercent(v.sharePredicted)}), ` +
      `${v.scored} scored (trust A/B, not anomalous, not thread-limited).`,
  );
  out.push(
    `Estimates use the calibration fitted ${v.calibration.fittedOn} on ${v.calibration.data}` +
      (v.calibration.sameData
        ? " (these data: the errors below are in-sample; `npm run bench:accuracy` gives the cross-validated ones)."
        : " (other data: the errors below are out-of-sample)."),
  );
  out.push("");
  const predicted = v.rows.filter((r) => r.unpredictable === null);
  out.push(
    renderTable(
      [
        { header: "row", align: "right" },
        { header: "device" },
        { header: "model" },
        { header: "weights" },
        { header: "test" },
        { header: "trust" },
        { header: "measured", align: "right" },
        { header: "bound", align: "right" },
        { header: "estimate", align: "right" },
        { header: "bound err", align: "right" },
        { header: "est. err", align: "right" },
        { header: "note" },
      ],
      predicted.map((r) => [
        String(r.row),
        r.deviceId ?? r.hardware,
        r.modelId ?? r.model,
        r.weights ?? r.quant,
        r.test === "other" ? (r.scenario ?? "other") : r.test,
        r.trust ?? "-",
        tps(r.measuredTps),
        tps(r.boundTps),
        tps(r.estimateTps),
        pctSigned(r.boundError),
        pctSigned(r.estimateError),
        r.exceedsBound
          ? "exceeds bound: likely spec error"
          : r.scored
            ? r.excluded
              ? `not fitted: ${r.excluded}`
              : ""
            : `not scored: ${r.excluded ?? ""}`,
      ]),
    ),
  );
  out.push("", "Tokens/s; errors are (predicted − measured) / measured. Summaries over the scored rows:", "");
  out.push(summaryTable("By test", [...v.byTest, v.overall]), "");
  out.push(summaryTable("By device class", v.byClass), "");
  out.push(summaryTable("By weight format", v.byQuantization), "");
  out.push(
    `Measurements above the roofline bound (${v.specErrors.length}): likely spec errors (a missing tensor-core peak, a wrong bandwidth) or a run the model does not describe`,
  );
  for (const r of v.specErrors) {
    out.push(
      `  row ${r.row}: ${r.hardware} (${r.deviceId}), ${r.model} ${r.quant} ${r.test}: measured ${tps(r.measuredTps)} > bound ${tps(r.boundTps)} tokens/s (${pctSigned(-(r.boundError ?? 0) / (1 + (r.boundError ?? 0)))} above)`,
    );
  }
  out.push("", `Rows not predicted (${v.unpredictable.length}):`);
  for (const r of v.unpredictable)
    out.push(`  row ${r.row}: ${r.hardware} | ${r.model} | ${r.quant} | ${r.test}: ${r.unpredictable}`);
  out.push("", "Not modelled:");
  for (const n of NOT_MODELLED) out.push(`  - ${n}`);
  return out.join("\n");
}
