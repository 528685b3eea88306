/**
 * Interpret each measured row (device, model, weights, what was run), cost it, and say
 * whether it may be used to fit the efficiencies. Every row ends up either predicted or
 * unpredictable with a reason; a predicted row may still be left out of fits, with a reason.
 */
import { findDevice, findModel } from "../catalog/lookup.js";
import type { Efficiency } from "../efficiency/defaults.js";
import type { DeviceClass, DeviceSpec } from "../hardware/schema.js";
import { deviceAtThreads } from "../hardware/threads.js";
import type { EngineBuild } from "../roofline/kernel-path.js";
import { type CompiledRun, compileRun, estimateS, hasComputePeak } from "./compile.js";
import { type Interpretation, type InterpretationTable, interpretationOf } from "./interpretation.js";
import type { MeasuredRow } from "./rows.js";
import { describeScenario, type Scenario, scenarioLongest } from "./scenario.js";

/**
 * Why a predicted row stays out of fits. "trust", "anomalous" and "threads" rows are not
 * scored either; "approximate" and "spec-error" rows are scored (their error is real) but
 * cannot inform a fit.
 */
export type ExclusionKind = "trust" | "anomalous" | "threads" | "approximate" | "spec-error";

const threadCache = new Map<string, DeviceSpec>();

/** A catalog CPU at a row's thread count (its peaks re-derived per core; one object per device and count). */
function atThreads(d: DeviceSpec, threads: number): DeviceSpec {
  const key = `${d.id}@${threads}`;
  let t = threadCache.get(key);
  if (!t) {
    t = deviceAtThreads(d, threads, "threads");
    threadCache.set(key, t);
  }
  return t;
}

/** Rows whose error counts in summaries: trust A or B, not anomalous, not thread-limited. */
export function isScored(p: PlannedRow): boolean {
  return (
    p.compiled !== null &&
    (p.exclusion === null || p.exclusion === "approximate" || p.exclusion === "spec-error")
  );
}

export interface PlannedRow {
  readonly row: MeasuredRow;
  readonly family: string;
  readonly deviceId: string | null;
  readonly deviceClass: DeviceClass | null;
  readonly modelId: string | null;
  readonly recipe: string | null;
  readonly scenario: Scenario | null;
  /** Caveats and assumptions made to predict the row. */
  readonly notes: readonly string[];
  /** Set when the row cannot be predicted. */
  readonly unpredictable: string | null;
  /** Set when the row is predicted but must not be used in fits (trust C, anomalous…). */
  readonly fitExclusion: string | null;
  /** The kind of that exclusion. */
  readonly exclusion: ExclusionKind | null;
  /** llama.cpp or a front end on it (the engine the calibration describes). */
  readonly llamaCpp: boolean;
  readonly compiled: CompiledRun | null;
  /** The llama.cpp build the row ran where its kernel choice differs from today's (null: today's). */
  readonly engineBuild: EngineBuild | null;
  /** Tokens/s at the roofline bound (null when unpredictable). */
  readonly boundTps: number | null;
}

/** Plan, cost and check one row, as its interpretation reads it (the reviewed table's, or the resolver's). */
export function planRow(r: MeasuredRow, it: Interpretation = interpretationOf(r)): PlannedRow {
  const notes: string[] = [...it.notes];
  const listed = it.device ? findDevice(it.device) : null;
  const device = listed && it.threads !== undefined ? atThreads(listed, it.threads) : listed;
  if (device && device !== listed)
    notes.push(`predicted on ${it.threads} of the CPU's cores (${device.name})`);
  const base = {
    row: r,
    family: it.family,
    deviceId: it.device,
    deviceClass: device?.class ?? null,
    modelId: it.model,
    recipe: it.recipe,
    scenario: it.scenario,
    llamaCpp: it.llamaCpp,
  };
  const fail = (reason: string): PlannedRow => ({
    ...base,
    notes,
    unpredictable: reason,
    fitExclusion: null,
    exclusion: null,
    compiled: null,
    engineBuild: null,
    boundTps: null,
  });

  if (it.unpredictable) return fail(it.unpredictable);
  if (!device || !it.model || !it.recipe || !it.scenario)
    return fail("the interpretation names no device, model, recipe or test");
  const scenario: Scenario = it.scenario;
  if (scenario.kind === "prefill" && it.decodeOnly) {
    return fail(
      "the label does not say which variant; prefill depends on the compute peak, which differs between the variants",
    );
  }
  if (scenario.kind === "prefill" && !hasComputePeak(device)) {
    return fail(
      `${device.id} lists no fp16 or fp32 compute peak: prefill is compute-bound and cannot be bounded`,
    );
  }
  const model = findModel(it.model);
  const longest = scenarioLongest(scenario);
  if (longest > model.maxContext)
    return fail(`${longest} tokens exceed ${model.id}'s maximum context of ${model.maxContext}`);

  const engineBuild: EngineBuild | null =
    it.cublasQuantPrefill || it.cpuBeforeRepack
      ? {
          ...(it.cublasQuantPrefill ? { cublasQuantPrefill: true } : {}),
          ...(it.cpuBeforeRepack ? { cpuBeforeRepack: true } : {}),
        }
      : null;
  const compiled = compileRun(model, device, it.recipe, scenario, undefined, engineBuild ?? undefined);
  const boundTps = compiled.tokens / compiled.boundS;
  notes.push(describeScenario(scenario));

  const [exclusion, fitExclusion]: [ExclusionKind | null, string | null] =
    r.trust === null
      ? ["trust", "no trust tag"]
      : r.trust === "C"
        ? ["trust", "trust C (sanity check only)"]
        : it.exclusion
          ? [it.exclusion.kind, it.exclusion.reason]
          : it.approximate
            ? ["approximate", "weight format only approximated"]
            : r.tokensPerS > boundTps
              ? ["spec-error", "measurement exceeds the roofline bound (likely spec error)"]
              : [null, null];
  return { ...base, notes, unpredictable: null, fitExclusion, exclusion, compiled, engineBuild, boundTps };
}

export function planRows(rows: readonly MeasuredRow[], table?: InterpretationTable): PlannedRow[] {
  return rows.map((r) => planRow(r, interpretationOf(r, table)));
}

/** Predicted tokens/s of a planned row under an efficiency (null when unpredictable). */
export function estimateTps(p: PlannedRow, eff: Efficiency): number | null {
  return p.compiled ? p.compiled.tokens / estimateS(p.compiled, eff) : null;
}

/**
 * The rows a class is fitted on: predicted, not excluded, of that class. Preference
 * order, each step applied only when it leaves rows:
 *  1. llama.cpp-based engines (the calibration describes llama.cpp's kernels);
 *  2. llama-bench's standard tests, pp512 and tg128: consistent method, recent builds
 *     (the `other` rows mix 2023 ./main runs, prompt and context variants), and the tests
 *     the accuracy targets are set on. The other rows then validate the fit.
 */
export function fitRows(planned: readonly PlannedRow[], cls: DeviceClass): PlannedRow[] {
  let rows = planned.filter((p) => p.compiled && p.fitExclusion === null && p.deviceClass === cls);
  const llama = rows.filter((p) => p.llamaCpp);
  if (llama.length > 0) rows = llama;
  const standard = rows.filter((p) => p.row.test !== "other");
  return standard.length > 0 ? standard : rows;
}
