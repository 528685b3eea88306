/**
 * llama-bench tests as planned rows: what each test ran (prefill, decode, both, at a depth,
 * with flash attention and KV-cache types), on which device (one for the whole file, given
 * by the caller) and which model (a GGUF header the caller read, a preset the caller named,
 * or the test's model_type + model_n_params), costed as the calibration rows are.
 */
import { findDevice, findModel } from "../catalog/lookup.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { GgufModel } from "../models/import/gguf-model.js";
import type { ModelSpec } from "../models/schema.js";
import { bitsPerValue, isFormatName } from "../quant/index.js";
import { candidateList, resolveDevice, resolveModel, resolveQuant } from "../resolve/index.js";
import { compileRun, hasComputePeak } from "./compile.js";
import type { LlamaBenchFile, LlamaBenchRow } from "./llama-bench.js";
import type { PlannedRow } from "./predict.js";
import { type MeasuredRow, rowKey, type TestKind } from "./rows.js";
import {
  type DecodeScenario,
  describeScenario,
  type PrefillScenario,
  type Scenario,
  scenarioLongest,
} from "./scenario.js";

export interface BenchContext {
  /** The device every test of the file ran on (--device / --device-file); default: each test's gpu_info or cpu_info, resolved. */
  readonly device?: DeviceSpec;
  /** Models read from the GGUF files the tests name (model_filename), where they exist locally. */
  readonly gguf?: ReadonlyMap<string, Pick<GgufModel, "spec" | "weights">>;
  /** The model of the tests no GGUF describes (--model). */
  readonly model?: ModelSpec;
  /** The file's name, recorded as each row's source. */
  readonly dataName: string;
}

/** The model of a test's model_type ("llama 7B Q4_0": architecture, size label, file type) and parameter count. */
function modelOfLabel(r: LlamaBenchRow): { model: ModelSpec | null; reason?: string; note?: string } {
  const res = resolveModel(r.modelType, { paramsB: r.modelNParams === null ? null : r.modelNParams / 1e9 });
  if (res.status === "resolved") {
    const note = res.notes.length ? res.notes.join("; ") : `model_type "${r.modelType}" taken as ${res.id}`;
    return { model: findModel(res.id!), note };
  }
  const cands = res.candidates.length ? ` (candidates: ${candidateList(res)})` : "";
  return { model: null, reason: `${res.reason}${cands}; name the model with --model or give the GGUF` };
}

/** The file type of a model_type, resolved to a weight recipe. */
export function recipeOfModelType(modelType: string): string | null {
  const ftype = modelType.split(/\s+/).slice(2).join(" ");
  const res = resolveQuant(ftype);
  return res.status === "resolved" ? res.id : null;
}

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
function measuredRow(
  r: LlamaBenchRow,
  hardware: string,
  ctx: BenchContext,
  notes: readonly string[],
): MeasuredRow {
  const build = r.buildCommit
    ? `llama-bench build ${r.buildCommit}${r.buildNumber !== null ? ` (${r.buildNumber})` : ""}`
    : "llama-bench";
  return {
    row: r.row,
    hardware,
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
    file: ctx.dataName,
    key: rowKey([ctx.dataName, String(r.row)]),
  };
}

/** Where the test ran, against the device it is predicted on; a reason when they disagree. */
function placementProblem(r: LlamaBenchRow, device: DeviceSpec, layers: number): string | null {
  const onGpu = ranOnGpu(r);
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

const ranOnGpu = (r: LlamaBenchRow) => r.backends.split(",").some((b) => !/^(CPU|BLAS|RPC)$/i.test(b.trim()));

/** The device of a test: the context's, or its gpu_info (GPU backends) or cpu_info resolved in the catalog. */
function deviceOf(
  r: LlamaBenchRow,
  ctx: BenchContext,
): { device: DeviceSpec | null; label: string; reason?: string } {
  if (ctx.device) return { device: ctx.device, label: ctx.device.name };
  const label = (ranOnGpu(r) ? r.gpuInfo : r.cpuInfo).split(",")[0]!.trim();
  if (label === "")
    return { device: null, label, reason: "the test names no device: give --device or --device-file" };
  const res = resolveDevice(label, { backend: `llama.cpp ${r.backends}` });
  if (res.status === "resolved") return { device: findDevice(res.id!), label };
  const cands = res.candidates.length ? ` (candidates: ${candidateList(res)})` : "";
  return { device: null, label, reason: `${res.reason}${cands}; give --device or --device-file` };
}

/** Plan every test of a llama-bench file on the context's device (or each test's own). */
export function planBenchRows(file: LlamaBenchFile, ctx: BenchContext): PlannedRow[] {
  return file.rows.map((r) => {
    const gguf = r.modelFilename ? ctx.gguf?.get(r.modelFilename) : undefined;
    const resolved = gguf ? { model: gguf.spec } : ctx.model ? { model: ctx.model } : modelOfLabel(r);
    const recipe = recipeOfModelType(r.modelType);
    const { scenario, notes } = benchScenario(r);
    if (gguf) notes.push(`model from the GGUF header of ${r.modelFilename}`);
    else if ("note" in resolved && resolved.note) notes.push(resolved.note);
    else if (resolved.model && !ctx.model)
      notes.push(`model_type "${r.modelType}" taken as ${resolved.model.id}`);
    if (r.nThreads !== null) notes.push(`${r.nThreads} thread${r.nThreads > 1 ? "s" : ""}`);
    const dev = deviceOf(r, ctx);
    const device = dev.device;
    const row = measuredRow(r, dev.label, ctx, notes);
    const base = {
      row,
      family: device?.id ?? dev.label,
      deviceId: device?.id ?? null,
      deviceClass: device?.class ?? null,
      modelId: resolved.model?.id ?? null,
      recipe: gguf ? (recipe ?? "gguf") : recipe,
      scenario,
      llamaCpp: true,
      fitExclusion: null,
      exclusion: null,
      engineBuild: null,
    } as const;
    const fail = (reason: string): PlannedRow => ({
      ...base,
      notes,
      unpredictable: reason,
      compiled: null,
      boundTps: null,
    });
    const model = resolved.model;
    if (!device) return fail(dev.reason ?? "no device");
    if (!model) return fail(resolved.reason ?? "no model");
    if (!recipe && !gguf) return fail(`file type of "${r.modelType}" is not a format Ridgeline models`);
    const problem = placementProblem(r, device, model.numLayers);
    if (problem) return fail(problem);
    if (scenario.kind !== "decode" && !hasComputePeak(device))
      return fail(`${device.id} lists no fp16 or fp32 compute peak: prefill cannot be bounded`);
    const longest = scenarioLongest(scenario);
    if (longest > model.maxContext)
      return fail(`${longest} tokens exceed ${model.id}'s maximum context of ${model.maxContext}`);
    const compiled = compileRun(model, device, recipe ?? "fp16", scenario, gguf?.weights);
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
