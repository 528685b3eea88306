/**
 * From the app's state to the library's inputs and results. Only the public API
 * (src/core/index.ts) is used, with the same defaults and rules as the CLI, so that the
 * app's numbers and JSON equal `ridgeline analyze --json` for the same inputs. Pure.
 */
import {
  type Advice,
  type Analysis,
  advise,
  analyze,
  BUILTIN_DEVICES,
  BUILTIN_MODELS,
  type DeviceSpec,
  type Efficiency,
  type FitLimits,
  fitLimits,
  InputError,
  MAX_BATCH,
  MAX_TOKENS,
  type MakeItFit,
  type ModelSpec,
  type ModelWeights,
  makeItFit,
  type ResolvedWorkload,
  resolveWorkload,
  type Timeline,
  timeline,
  type WorkloadInput,
} from "../../../src/core/index.js";
import { efficiencyFor, type LoadedCalibration } from "./calibration.js";
import { offloadSetup, type PlacementState } from "./placement.js";
import { type Controls, DEFAULT_CONTROLS, MAX_GENERATE, type ModelSource } from "./state.js";

/** A control whose text is not acceptable, with a message key and its parameters. */
export interface FieldError {
  readonly field: keyof Controls | "model" | "devices";
  readonly key: "err.whole" | "err.fraction" | "err.library";
  readonly params: Readonly<Record<string, string | number>>;
}

export interface ResolvedModel {
  readonly spec: ModelSpec;
  readonly weights?: ModelWeights;
}

export function resolveModel(m: ModelSource): ResolvedModel | null {
  if (m.kind === "preset") {
    const spec = BUILTIN_MODELS.find((x) => x.id === m.id);
    return spec ? { spec } : null;
  }
  if (m.kind === "gguf") return { spec: m.spec, weights: m.weights };
  return { spec: m.spec };
}

export function resolveDevices(ids: readonly string[], custom: readonly DeviceSpec[] = []): DeviceSpec[] {
  const out: DeviceSpec[] = [];
  for (const id of ids) {
    const d = custom.find((x) => x.id === id) ?? BUILTIN_DEVICES.find((x) => x.id === id);
    if (d && !out.includes(d)) out.push(d);
  }
  return out;
}

/** A whole number in [min, max], written as digits (the CLI's parseCount rule). */
function count(
  c: Controls,
  field: "prompt" | "context" | "batch" | "generate",
  min: number,
  max: number,
  errors: FieldError[],
): number | undefined {
  const text = c[field];
  if (/^\s*\d+\s*$/.test(text)) {
    const n = Number(text);
    if (n >= min && n <= max) return n;
  }
  errors.push({ field, key: "err.whole", params: { min, max } });
  return undefined;
}

export interface WorkloadResult {
  readonly workload: ResolvedWorkload | null;
  readonly generate: number | null;
  readonly errors: readonly FieldError[];
}

/**
 * The workload of the controls. With a GGUF model the weight format comes from the file
 * (the CLI refuses --weights with --gguf), so the workload keeps the default, as the CLI's.
 */
export function workloadOf(c: Controls, ggufWeights: boolean): WorkloadResult {
  const errors: FieldError[] = [];
  const input: { -readonly [K in keyof WorkloadInput]: WorkloadInput[K] } = {
    phase: c.phase,
    attention: c.attention,
    sparsity: c.sparsity,
    activations: c.activations,
    kv: c.kv,
  };
  if (!ggufWeights) input.weights = c.weights;
  if (c.fusion) input.fusion = true;
  const prompt = count(c, "prompt", 1, MAX_TOKENS, errors);
  if (prompt !== undefined) input.promptTokens = prompt;
  if (c.context.trim() !== "") {
    const ctx = count(c, "context", 1, MAX_TOKENS, errors);
    if (ctx !== undefined) input.contextTokens = ctx;
  }
  const batch = count(c, "batch", 1, MAX_BATCH, errors);
  if (batch !== undefined) input.batch = batch;
  const generate = count(c, "generate", 1, MAX_GENERATE, errors) ?? null;
  const keepText = c.kvKeep.trim();
  const keep = Number(keepText);
  if (/^(\d+(\.\d*)?|\.\d+)$/.test(keepText) && keep > 0 && keep <= 1) input.kvKeep = keep;
  else errors.push({ field: "kvKeep", key: "err.fraction", params: {} });
  if (errors.length > 0) return { workload: null, generate, errors };
  try {
    return { workload: resolveWorkload(input), generate, errors };
  } catch (e) {
    if (e instanceof InputError) {
      const field = e.field.replace(/^workload\./, "");
      const map: Record<string, keyof Controls> = {
        promptTokens: "prompt",
        contextTokens: "context",
        kvKeep: "kvKeep",
      };
      const f = (map[field] ?? field) as keyof Controls;
      return {
        workload: null,
        generate,
        errors: [{ field: f, key: "err.library", params: { message: e.message } }],
      };
    }
    throw e;
  }
}

/**
 * A workload to show when the controls have none yet (a link with an invalid value opens
 * the page): each invalid field at its default, else all defaults. The field keeps its
 * text and its error; the views show this result, marked stale, instead of waiting.
 */
export function fallbackWorkload(c: Controls, ggufWeights: boolean): WorkloadResult {
  const first = workloadOf(c, ggufWeights);
  if (first.workload && first.generate !== null) return first;
  const fixed: { -readonly [K in keyof Controls]: Controls[K] } = { ...c };
  for (const e of first.errors)
    if (e.field in DEFAULT_CONTROLS)
      (fixed as Record<string, unknown>)[e.field] = DEFAULT_CONTROLS[e.field as keyof Controls];
  const second = workloadOf(fixed, ggufWeights);
  return second.workload && second.generate !== null ? second : workloadOf(DEFAULT_CONTROLS, ggufWeights);
}

export interface DeviceResult {
  readonly device: DeviceSpec;
  readonly analysis: Analysis;
  /** With a calibration fitted for this device: the analysis without it (what the calibration changed). */
  readonly uncalibrated?: Analysis;
}

/** What is computed at once on every change: one analysis per device (microseconds each). */
export interface Results {
  readonly model: ResolvedModel;
  readonly workload: ResolvedWorkload;
  readonly generate: number;
  readonly perDevice: readonly DeviceResult[];
  /** The user's calibration, applied to the device it was fitted for (when that one is shown). */
  readonly calibration?: LoadedCalibration;
}

export function analyzeOne(
  model: ResolvedModel,
  device: DeviceSpec,
  workload: ResolvedWorkload,
  efficiency?: Efficiency,
): Analysis {
  return analyze({
    model: model.spec,
    device,
    workload,
    ...(efficiency ? { efficiency } : {}),
    ...(model.weights ? { weights: model.weights } : {}),
  });
}

export function computeResults(
  model: ResolvedModel,
  devices: readonly DeviceSpec[],
  workload: ResolvedWorkload,
  generate: number,
  calibration?: LoadedCalibration,
): Results {
  return {
    model,
    workload,
    generate,
    perDevice: devices.map((device) => {
      const eff = efficiencyFor(calibration, device);
      const analysis = analyzeOne(model, device, workload, eff);
      return eff
        ? { device, analysis, uncalibrated: analyzeOne(model, device, workload) }
        : { device, analysis };
    }),
    ...(calibration ? { calibration } : {}),
  };
}

/**
 * What takes longer (one pass analysis per generated token, a dozen re-analyses for the
 * advisor): the generation timeline of each device and the advice for the primary one.
 * The app runs this in a worker so that typing never waits for it.
 */
export interface SlowResults {
  readonly timelines: readonly Timeline[];
  readonly advice: Advice | { readonly error: string };
  /** What fits in the primary device's memory (as `ridgeline fit` judges memory). */
  readonly fits: FitLimits | { readonly error: string };
  /** With a host beside the GPU: the single placement changes that make it fit (none when it fits); null without a placement. */
  readonly makeItFit: MakeItFit | { readonly error: string } | null;
}

/** A user calibration's efficiency and the device it applies to, as the slow worker receives it. */
export interface DeviceEfficiency {
  readonly deviceId: string;
  readonly efficiency: Efficiency;
}

export function computeSlow(
  model: ResolvedModel,
  devices: readonly DeviceSpec[],
  workload: ResolvedWorkload,
  generate: number,
  calibrated?: DeviceEfficiency,
  placement?: PlacementState,
): SlowResults {
  const w = model.weights ? { weights: model.weights } : {};
  const effOf = (d: DeviceSpec) =>
    calibrated && calibrated.deviceId === d.id ? { efficiency: calibrated.efficiency } : {};
  const timelines = devices.map((device) =>
    timeline({ model: model.spec, device, workload, generateTokens: generate, ...w, ...effOf(device) }),
  );
  const primary = devices[0];
  const guard = <R>(f: (d: DeviceSpec) => R): R | { error: string } => {
    if (!primary) return { error: "no device" };
    try {
      return f(primary);
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  };
  // With a placement, the advisor judges every change on it (speed and every unit's memory).
  const setup = primary && placement ? offloadSetup(placement, primary) : null;
  const offload = setup?.kind === "on" ? { system: setup.system, placement: setup.placement } : null;
  const advice = guard((device) =>
    advise({
      model: model.spec,
      device,
      workload,
      generate,
      ...w,
      ...effOf(device),
      ...(offload ? { offload } : {}),
    }),
  );
  // Memory only: no efficiency.
  const fits = guard((device) => fitLimits({ model: model.spec, device, workload, ...w }));
  const mif = offload ? guard(() => makeItFit({ model: model.spec, workload, ...offload, ...w })) : null;
  return { timelines, advice, fits, makeItFit: mif };
}

/** The same text as `ridgeline analyze --json` writes to stdout. */
export function analysisJson(a: Analysis): string {
  return `${JSON.stringify(a, null, 2)}\n`;
}
