/**
 * `ridgeline calibrate`: fit the efficiency of one device on its owner's own runs (llama-bench
 * output), starting from the efficiency `analyze` uses for it, and changing only what the
 * runs determine:
 *   - decode tests (tg, and the decode part of pg) fix the achievable bandwidth fraction;
 *     decode with both dense and quantized weights fixes the quantized mat-vec fraction apart;
 *   - prefill tests (pp, pg) fix the achievable compute fraction;
 *   - four runs or more also fix the per-op overhead (fewer cannot separate it from the fractions).
 * One run of a kind is fitted exactly and cannot check itself: the notes say so.
 */

import { findDevice } from "../catalog/lookup.js";
import { efficiencyForDevice } from "../efficiency/calibrated.js";
import type { Efficiency } from "../efficiency/defaults.js";
import { efficiencyOf } from "../efficiency/params.js";
import type { UserCalibration } from "../efficiency/user-file.js";
import { InputError } from "../errors.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { type BenchContext, planBenchRows } from "./bench-plan.js";
import { fingerprint } from "./calibrate.js";
import { type EfficiencyParams, type FittedParam, fitParams, round4 } from "./fit.js";
import type { LlamaBenchFile } from "./llama-bench.js";
import { estimateTps, type PlannedRow } from "./predict.js";
import { describeScenario } from "./scenario.js";
import { ape, summarize } from "./stats.js";

export interface OwnRunsInput {
  readonly planned: readonly PlannedRow[];
  readonly device: DeviceSpec;
  /** The efficiency before the fit (efficiencyForDevice(device), as analyze uses). */
  readonly base: Efficiency;
  readonly data: string;
  readonly dataText: string;
  readonly fittedOn: string;
}

const paramsOf = (e: Efficiency): EfficiencyParams => ({
  bandwidth: e.bandwidth.matvec,
  bandwidthQuant: e.bandwidth.matvec_q,
  compute: e.compute.matmul,
  vectorShare: e.vectorShare,
  perOpOverheadS: e.perOpOverheadS,
  perPassOverheadS: e.perPassOverheadS,
});

const mape = (xs: readonly { m: number; p: number }[]) => {
  const s = summarize(xs.map((x) => ape(x.p, x.m)));
  return { rows: s.rows, mape: s.mape === null ? null : round4(s.mape) };
};

/** Fit the device's efficiency on the runs; throws InputError when no run can inform it. */
export function calibrateOwnRuns(i: OwnRunsInput): UserCalibration {
  const rows = i.planned.filter(
    (p) => p.compiled !== null && p.exclusion === null && p.deviceId === i.device.id,
  );
  if (rows.length === 0)
    throw new InputError(
      "--data",
      i.data,
      `no test could be predicted on ${i.device.id}, so there is nothing to fit (\`ridgeline validate\` lists why)`,
    );
  const decode = rows.filter((r) => r.scenario?.kind !== "prefill").length;
  const prefill = rows.filter((r) => r.scenario?.kind !== "decode").length;
  const notes: string[] = [];
  // A measured bandwidth (ridgeline measure) is already what streaming reaches: decode runs
  // then fix the per-op overhead instead of the bandwidth fraction.
  const measuredBw = i.base.bandwidth.matvec === 1;
  const choose = (det: readonly FittedParam[]): FittedParam[] => {
    const out = det.filter(
      (p) => (p !== "bandwidth" && p !== "bandwidthQuant") || (decode > 0 && !measuredBw),
    );
    if (measuredBw && decode > 0 && !out.includes("perOpOverheadS")) out.push("perOpOverheadS");
    if (prefill === 0) return out.filter((p) => p !== "compute" && p !== "vectorShare");
    return out;
  };
  if (decode === 0)
    notes.push(
      "no decode (tg) test: the bandwidth fractions and the per-op overhead keep their previous values",
    );
  else if (measuredBw)
    notes.push(
      "the device's bandwidth is measured (fraction 1): decode tests fix the per-op overhead instead",
    );
  if (decode === 1)
    notes.push(
      "one decode test: its parameter is fitted to it exactly; a second (another model or weight format) would check it",
    );
  if (prefill === 0) notes.push("no prefill (pp) test: the compute fraction keeps its previous value");
  if (prefill === 1)
    notes.push("one prefill test: the compute fraction is fitted to it exactly; a second would check it");
  if (rows.length < 4 && !measuredBw)
    notes.push(
      `${rows.length} run${rows.length > 1 ? "s" : ""}: the per-op overhead keeps its previous value (4 runs or more fix it)`,
    );
  const over = i.planned.filter((p) => p.exclusion === "spec-error").length;
  if (over > 0)
    notes.push(
      `${over} test${over > 1 ? "s" : ""} measured above the roofline bound of ${i.device.id}: its peaks are lower than what llama.cpp reaches (a measured profile's compute peak is WebAssembly 128-bit SIMD); left out`,
    );
  const base = paramsOf(i.base);
  const fit = fitParams(rows, { params: base, strength: 0, meanAbsLogError: 0 }, choose);
  const after = efficiencyOf(fit, "fit");
  const left = i.planned.length - rows.length;
  if (left > 0)
    notes.push(
      `${left} of ${i.planned.length} tests not used (not predicted, another device, or above the bound)`,
    );
  const perRow = rows.map((r) => ({
    row: r.row.row,
    test: r.row.test === "other" && r.scenario ? describeScenario(r.scenario) : r.row.test,
    measuredTps: r.row.tokensPerS,
    boundTps: round4(r.boundTps!),
    beforeTps: round4(estimateTps(r, i.base)!),
    afterTps: round4(estimateTps(r, after)!),
  }));
  const { fitted, meanAbsLogError: _e, ...params } = fit;
  return {
    kind: "ridgeline-calibration",
    schemaVersion: 1,
    fittedOn: i.fittedOn,
    data: i.data,
    dataFingerprint: fingerprint(i.dataText),
    device: { id: i.device.id, name: i.device.name, class: i.device.class },
    params,
    fitted: [...fitted],
    base: { source: i.base.source, params: base },
    rows: perRow,
    before: mape(perRow.map((r) => ({ m: r.measuredTps, p: r.beforeTps }))),
    after: mape(perRow.map((r) => ({ m: r.measuredTps, p: r.afterTps }))),
    notes,
  };
}

/**
 * `ridgeline calibrate` on a parsed llama-bench file (the CLI and the web app share it): the
 * device is the context's (--device), else the one device the tests' gpu_info / cpu_info
 * names; its efficiency before the fit is the one `analyze` uses for it.
 */
export function calibrateBench(
  file: LlamaBenchFile,
  ctx: BenchContext,
  meta: { readonly dataText: string; readonly fittedOn: string },
): UserCalibration {
  const planned = planBenchRows(file, ctx);
  const ids = [...new Set(planned.map((p) => p.deviceId).filter((d): d is string => d !== null))];
  if (!ctx.device && ids.length > 1)
    throw new InputError(
      "--device",
      undefined,
      `the tests ran on ${ids.join(", ")}: calibrate one device at a time`,
    );
  const device = ctx.device ?? (ids[0] ? findDevice(ids[0]) : null);
  if (!device)
    throw new InputError(
      "--device",
      undefined,
      "no test names a catalog device: give --device or --device-file",
    );
  return calibrateOwnRuns({
    planned,
    device,
    base: efficiencyForDevice(device),
    data: ctx.dataName,
    dataText: meta.dataText,
    fittedOn: meta.fittedOn,
  });
}
