/**
 * llama-bench tests as planned rows: what each test ran (prefill, decode, both, at a depth,
 * with flash attention and KV-cache types), on which device (one for the whole file, given
 * by the caller) and which model (a GGUF header the caller read, a preset the caller named,
 * or the test's model_type + model_n_params), costed as the calibration rows are.
 */
import { BUILTIN_MODELS } from "../catalog/lookup.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { GgufModel } from "../models/import/gguf-model.js";
import { countParams } from "../models/params.js";
import type { ModelSpec } from "../models/schema.js";
import { bitsPerValue, isFormatName } from "../quant/index.js";
import { compileRun, hasComputePeak } from "./compile.js";
import type { LlamaBenchFile, LlamaBenchRow } from "./llama-bench.js";
import type { PlannedRow } from "./predict.js";
import type { MeasuredRow, TestKind } from "./rows.js";
import {
  type DecodeScenario,
  describeScenario,
  type PrefillScenario,
  type Scenario,
  scenarioLongest,
} from "./scenario.js";

export interface BenchContext {
  /** The device every test of the file ran on (--device / --device-file). */
  readonly device: DeviceSpec;
  /** Models read from the GGUF files the tests name (model_filename), where they exist locally. */
  readonly gguf?: ReadonlyMap<string, Pick<GgufModel, "spec" | "weights">>;
  /** The model of the tests no GGUF describes (--model). */
  readonly model?: ModelSpec;
  /** The file's name, recorded as each row's source. */
  readonly dataName: string;
}

/** llama_ftype_name (src/llama-model-loader.cpp) → Ridgeline's weight recipe. */
export function recipeOfFileType(ftype: string): string | null {
  const t = ftype
    .replace(/^\(guessed\)\s*/, "")
    .replace(/^mostly\s+/i, "")
    .trim();
  if (/^all F32$/i.test(t)) return "fp32";
  if (/^MXFP4 MoE$/i.test(t)) return "mxfp4_moe";
  const k = /^(Q[2-6]_K) - (Small|Medium|Large)$/i.exec(t);
  if (k) {
    const base = k[1]!.toLowerCase();
    // Q2_K's "Medium" is the plain Q2_K mix; Q6_K has no size variants.
    if (base === "q2_k" && k[2] === "Medium") return "q2_k";
    return `${base}_${k[2]![0]!.toLowerCase()}`;
  }
  const name = t.split(/\s+-\s+|\s+/)[0]!.toLowerCase();
  const id = name === "f16" ? "fp16" : name === "bf16" ? "bf16" : name;
  return isFormatName(id) || /^q\d_k_[sml]$/.test(id) ? id : null;
}

/** llama.cpp's architecture names (general.architecture) → the preset families they cover. */
const ARCH_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  llama: ["llama", "mistral", "mixtral"],
  deepseek2: ["deepseek_v3"],
  granitehybrid: ["granitemoehybrid"],
  gemma3: ["gemma3", "gemma3_text"],
};
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Presets whose parameter count is within this fraction of model_n_params match. */
const PARAMS_TOLERANCE = 0.02;

/**
 * The preset a test's model_type ("llama 7B Q4_0": architecture, size label, file type) and
 * model_n_params describe: the architecture's presets whose parameter count is within 2%.
 * Interim: the label resolver (issue 15 §1) replaces it.
 */
export function modelFromBenchLabel(
  modelType: string,
  nParams: number | null,
): { model: ModelSpec | null; reason?: string; note?: string } {
  const arch = modelType.split(/\s+/)[0]!.toLowerCase();
  const families = ARCH_FAMILIES[arch] ?? [arch];
  const ofArch = BUILTIN_MODELS.filter((m) => families.some((f) => norm(f) === norm(m.family)));
  if (ofArch.length === 0)
    return {
      model: null,
      reason: `no preset of llama.cpp architecture "${arch}" (model_type "${modelType}")`,
    };
  if (nParams === null)
    return {
      model: null,
      reason: `model_n_params not given: cannot tell which ${arch} preset "${modelType}" is`,
    };
  const near = ofArch
    .map((m) => ({ m, d: Math.abs(countParams(m).total - nParams) / nParams }))
    .filter((x) => x.d <= PARAMS_TOLERANCE)
    .sort((a, b) => a.d - b.d);
  if (near.length === 0)
    return {
      model: null,
      reason: `no ${arch} preset has ${(nParams / 1e9).toFixed(2)} B parameters (±${PARAMS_TOLERANCE * 100}%); name it with --model or give the GGUF`,
    };
  // Ties: the plainest id first (qwen2-7b before deepseek-r1-distill-qwen-7b).
  const tied = near
    .filter((x) => x.d - near[0]!.d < 0.002)
    .map((x) => x.m)
    .sort((a, b) => a.id.length - b.id.length || a.id.localeCompare(b.id));
  if (tied.length > 1) {
    const ids = tied.map((m) => m.id).join(", ");
    // Presets of one shape (Llama 7B and Llama 2 7B) cost the same: the prediction does not depend on the choice.
    if (tied.every((m) => shapeOf(m) === shapeOf(tied[0]!)))
      return {
        model: tied[0]!,
        note: `"${modelType}" fits ${ids}, which have the same shape: costed as ${tied[0]!.id}`,
      };
    return {
      model: null,
      reason: `"${modelType}" with ${(nParams / 1e9).toFixed(2)} B parameters fits ${ids}; name it with --model`,
    };
  }
  return { model: near[0]!.m };
}

/** What the cost depends on, beyond the name: presets of one shape cost the same. */
const shapeOf = (m: ModelSpec): string => {
  const {
    id: _i,
    name: _n,
    aliases: _a,
    published: _p,
    maxContext: _c,
    tokenizer: _t,
    family: _f,
    source: _s,
    ...rest
  } = m;
  return JSON.stringify(rest);
};

/** ggml type names of llama-bench's -ctk / -ctv → Ridgeline's format names. */
const kvFormat = (t: string): string => (t === "f16" ? "fp16" : t === "f32" ? "fp32" : t);

/** Which of llama-bench's tests a row is, in the calibration file's terms. */
export function benchTestKind(r: LlamaBenchRow): TestKind {
  if (r.nDepth === 0 && r.nPrompt === 512 && r.nGen === 0) return "pp512";
  if (r.nDepth === 0 && r.nPrompt === 0 && r.nGen === 128) return "tg128";
  return "other";
}

/** The markdown `test` label of a row (markdown_printer::print_test). */
export function benchTestLabel(r: LlamaBenchRow): string {
  const base =
    r.nGen === 0 ? `pp${r.nPrompt}` : r.nPrompt === 0 ? `tg${r.nGen}` : `pp${r.nPrompt}+tg${r.nGen}`;
  return r.nDepth > 0 ? `${base} @ d${r.nDepth}` : base;
}

/** What a test ran, with the assumptions made to express it. */
export function benchScenario(r: LlamaBenchRow): { scenario: Scenario; notes: string[] } {
  const notes: string[] = [];
  if (r.flashAttn === "unstated")
    notes.push(
      "flash_attn not stated (a markdown table shows it only when set): taken as off, llama-bench's default before auto (-1) became it in 2025",
    );
  if (r.flashAttn === "auto")
    notes.push(
      "flash_attn auto (-1): llama.cpp turns it on where the backend supports it (CPU, CUDA, Metal, Vulkan); taken as on",
    );
  const attention = r.flashAttn === "on" || r.flashAttn === "auto" ? "flash" : "naive";
  const [k, v] = [kvFormat(r.typeK), kvFormat(r.typeV)];
  const bits = (f: string) => (isFormatName(f) ? bitsPerValue(f) : Infinity);
  // One format for the whole cache: the narrower of the two keeps the bound a bound.
  const kv = bits(v) < bits(k) ? v : k;
  if (k !== v)
    notes.push(
      `K cache ${r.typeK}, V cache ${r.typeV}: Ridgeline's cache has one format, costed as ${kv} (the narrower)`,
    );
  const ubatch = Math.min(r.nBatch, r.nUbatch);
  const prefill = (depth: number): PrefillScenario => ({
    kind: "prefill",
    tokens: r.nPrompt,
    depth,
    ubatch,
    attention,
    kv,
  });
  const decode = (startKeys: number): DecodeScenario => ({
    kind: "decode",
    steps: r.nGen,
    startKeys,
    attention,
    kv,
  });
  const scenario: Scenario =
    r.nGen === 0
      ? prefill(r.nDepth)
      : r.nPrompt === 0
        ? decode(r.nDepth)
        : { kind: "mixed", prefill: prefill(r.nDepth), decode: decode(r.nDepth + r.nPrompt) };
  return { scenario, notes };
}

/** The test as a measured row (the calibration file's columns), so validation and fitting treat both alike. */
function measuredRow(r: LlamaBenchRow, ctx: BenchContext, notes: readonly string[]): MeasuredRow {
  const build = r.buildCommit
    ? `llama-bench build ${r.buildCommit}${r.buildNumber !== null ? ` (${r.buildNumber})` : ""}`
    : "llama-bench";
  return {
    row: r.row,
    hardware: ctx.device.name,
    backend: `llama.cpp ${r.backends}`,
    model: r.modelType,
    paramsB: r.modelNParams === null ? null : r.modelNParams / 1e9,
    quant: r.modelType.split(/\s+/).slice(2).join(" "),
    bitsPerWeight:
      r.modelSizeBytes !== null && r.modelNParams ? (8 * r.modelSizeBytes) / r.modelNParams : null,
    test: benchTestKind(r),
    tokensPerS: r.avgTs,
    batch: String(Math.min(r.nBatch, r.nUbatch)),
    context: String(r.nDepth),
    source: `${ctx.dataName}, test ${r.row}`,
    notes: [`[trust A] ${build} output; test ${benchTestLabel(r)}`, ...notes].join("; "),
    trust: "A",
    anomalous: false,
  };
}

/** Where the test ran, against the device it is predicted on; a reason when they disagree. */
function placementProblem(r: LlamaBenchRow, device: DeviceSpec, layers: number): string | null {
  const onGpu = r.backends.split(",").some((b) => !/^(CPU|BLAS|RPC)$/i.test(b.trim()));
  const ngl = r.nGpuLayers;
  const offloaded = onGpu && (ngl === null || ngl === -1 || ngl > layers);
  const partly = onGpu && ngl !== null && ngl > 0 && ngl <= layers;
  if (partly)
    return `n_gpu_layers ${ngl} of ${layers} layers: split between CPU and GPU, which Ridgeline does not model`;
  if (device.class === "cpu" && offloaded)
    return `ran on ${r.backends} with n_gpu_layers ${ngl ?? "default"}: not on ${device.id}`;
  if (device.class !== "cpu" && !offloaded)
    return `ran on the CPU (backends ${r.backends}, n_gpu_layers ${ngl ?? "not stated"}), not on ${device.id}`;
  return null;
}

/** Plan every test of a llama-bench file on the context's device. */
export function planBenchRows(file: LlamaBenchFile, ctx: BenchContext): PlannedRow[] {
  return file.rows.map((r) => {
    const gguf = r.modelFilename ? ctx.gguf?.get(r.modelFilename) : undefined;
    const resolved = gguf
      ? { model: gguf.spec }
      : ctx.model
        ? { model: ctx.model }
        : modelFromBenchLabel(r.modelType, r.modelNParams);
    const recipe = recipeOfFileType(r.modelType.split(/\s+/).slice(2).join(" "));
    const { scenario, notes } = benchScenario(r);
    if (gguf) notes.push(`model from the GGUF header of ${r.modelFilename}`);
    else if ("note" in resolved && resolved.note) notes.push(resolved.note);
    else if (resolved.model && !ctx.model)
      notes.push(`model_type "${r.modelType}" taken as ${resolved.model.id}`);
    if (r.nThreads !== null) notes.push(`${r.nThreads} thread${r.nThreads > 1 ? "s" : ""}`);
    const row = measuredRow(r, ctx, notes);
    const base = {
      row,
      family: ctx.device.id,
      deviceId: ctx.device.id,
      deviceClass: ctx.device.class,
      modelId: resolved.model?.id ?? null,
      recipe: gguf ? (recipe ?? "gguf") : recipe,
      scenario,
      llamaCpp: true,
      fitExclusion: null,
      exclusion: null,
    } as const;
    const fail = (reason: string): PlannedRow => ({
      ...base,
      notes,
      unpredictable: reason,
      compiled: null,
      boundTps: null,
    });
    const model = resolved.model;
    if (!model) return fail(resolved.reason ?? "no model");
    if (!recipe && !gguf) return fail(`file type of "${r.modelType}" is not a format Ridgeline models`);
    const problem = placementProblem(r, ctx.device, model.numLayers);
    if (problem) return fail(problem);
    if (scenario.kind !== "decode" && !hasComputePeak(ctx.device))
      return fail(`${ctx.device.id} lists no fp16 or fp32 compute peak: prefill cannot be bounded`);
    const longest = scenarioLongest(scenario);
    if (longest > model.maxContext)
      return fail(`${longest} tokens exceed ${model.id}'s maximum context of ${model.maxContext}`);
    const compiled = compileRun(model, ctx.device, recipe ?? "fp16", scenario, gguf?.weights);
    const boundTps = compiled.tokens / compiled.boundS;
    notes.push(describeScenario(scenario));
    const over = r.avgTs > boundTps;
    return {
      ...base,
      notes,
      unpredictable: null,
      fitExclusion: over ? "measurement exceeds the roofline bound (likely spec error)" : null,
      exclusion: over ? "spec-error" : null,
      compiled,
      boundTps,
    };
  });
}
