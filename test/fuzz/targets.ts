/**
 * Fuzz targets (issue 16): each takes a generated hostile input to one reader or entry point
 * and says whether it was rejected (an InputError, the one allowed failure) or accepted. An
 * accepted input must give finite numbers and estimates no faster than their bounds; any
 * other exception is an internal error. Shared by the CI suite (fuzz.test.ts, few runs) and
 * `npm run fuzz` (run.ts, ≥ 10^5 cases with counts).
 */
import fc from "fast-check";
import {
  type Analysis,
  analyze,
  BUILTIN_DEVICES,
  BUILTIN_MODELS,
  type DeviceSpec,
  InputError,
  importHfConfig,
  type ModelSpec,
  modelFromGguf,
  parseJsonText,
  parseMeasured,
  readGgufHeader,
  resolveWorkload,
  simulatePolicies,
  timeline,
} from "../../src/core/index.js";
import llama2Config from "../fixtures/hf/llama-2-7b-hf.json" with { type: "json" };
import { virtualSource, writeGguf } from "../helpers/gguf-writer.js";
import { llamaGguf } from "../helpers/synthetic-llama.js";

export type Outcome = "accepted" | "rejected";

export interface Target<T> {
  readonly name: string;
  readonly input: fc.Arbitrary<T>;
  /** Throws on an internal error or a broken invariant; an InputError is a rejection. */
  run(x: T): Promise<Outcome>;
}

/** Runs `f`: an InputError is "rejected", a normal return "accepted", anything else rethrown. */
async function outcome(f: () => unknown): Promise<Outcome> {
  try {
    await f();
    return "accepted";
  } catch (e) {
    if (e instanceof InputError) {
      if (e.message.length === 0 || e.message.includes("\n"))
        throw new Error(`multi-line message: ${e.message}`);
      return "rejected";
    }
    throw e;
  }
}

/** Every number reachable from `v` (bounded walk) is finite. */
export function assertFinite(v: unknown, path = "", depth = 0): void {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`non-finite output at ${path}: ${v}`);
    return;
  }
  if (v === null || typeof v !== "object" || depth > 12) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < Math.min(v.length, 200); i++) assertFinite(v[i], `${path}[${i}]`, depth + 1);
    return;
  }
  for (const [k, x] of Object.entries(v)) assertFinite(x, `${path}.${k}`, depth + 1);
}

/** The invariants of an analysis: finite, and no estimate faster than its roofline bound. */
export function assertSound(a: Analysis): void {
  assertFinite(a, "analysis");
  for (const p of [a.prefill, a.decode]) {
    if (!p) continue;
    if (!(p.totals.timeBoundS > 0))
      throw new Error(`${p.phase}: bound ${p.totals.timeBoundS} is not positive`);
    if (p.latencyEstimateS < p.latencyBoundS * (1 - 1e-12))
      throw new Error(`${p.phase}: estimate ${p.latencyEstimateS} faster than the bound ${p.latencyBoundS}`);
    for (const o of [...p.layerOps, ...p.modelOps])
      if (o.timeEstimateS < o.timeBoundS * (1 - 1e-12))
        throw new Error(`${p.phase} op ${o.name}: estimate faster than its bound`);
  }
}

/** Hostile values for one field: NaN, ±Infinity, subnormals, huge, negative, fractional, wrong types, deep nesting. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e-320,
    1e308,
    -1,
    0,
    0.5,
    2 ** 40,
    2 ** 53 + 1,
    1_000_000_000,
    "12",
    null,
    true,
    [],
    {},
  ),
  fc.integer({ min: -10, max: 1 << 20 }),
  fc.double({ noNaN: false }),
  fc.integer({ min: 1, max: 64 }).map((n) => {
    let v: unknown = 1;
    for (let i = 0; i < n * 1000; i++) v = [v];
    return v;
  }),
);

const MODEL_FIELDS = [
  "hiddenSize",
  "numLayers",
  "numHeads",
  "numKvHeads",
  "headDim",
  "intermediateSize",
  "vocabSize",
  "maxContext",
  "slidingWindow",
  "rotaryFraction",
] as const;
const DEVICE_PATHS = [
  ["bandwidthGBps", "value"],
  ["memoryGiB", "value"],
  ["peakTflops", "fp16", "value"],
  ["peakTflops", "fp32", "value"],
  ["peakTflops", "int8", "value"],
] as const;
const WORKLOAD_FIELDS = [
  "promptTokens",
  "contextTokens",
  "batch",
  "kvKeep",
  "phase",
  "weights",
  "kv",
] as const;

const withPath = (o: unknown, path: readonly string[], v: unknown): unknown => {
  if (path.length === 0) return v;
  const base = o !== null && typeof o === "object" && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
  return { ...base, [path[0]!]: withPath(base[path[0]!], path.slice(1), v) };
};

export interface RawCase {
  readonly model: number;
  readonly device: number;
  readonly modelPatch: readonly (readonly [string, unknown])[];
  readonly devicePatch: readonly (readonly [number, unknown])[];
  readonly workloadPatch: readonly (readonly [string, unknown])[];
}

const rawCase: fc.Arbitrary<RawCase> = fc.record({
  model: fc.nat({ max: BUILTIN_MODELS.length - 1 }),
  device: fc.nat({ max: BUILTIN_DEVICES.length - 1 }),
  modelPatch: fc.array(fc.tuple(fc.constantFrom(...MODEL_FIELDS), hostile), { maxLength: 2 }),
  devicePatch: fc.array(fc.tuple(fc.nat({ max: DEVICE_PATHS.length - 1 }), hostile), { maxLength: 2 }),
  workloadPatch: fc.array(
    fc.tuple(
      fc.constantFrom(...WORKLOAD_FIELDS),
      fc.oneof(hostile, fc.integer({ min: 1, max: 1 << 24 }), fc.constantFrom("decode", "q4_k_m", "int4")),
    ),
    { maxLength: 2 },
  ),
});

/** analyze() on raw objects: presets with hostile fields, typed as if valid. */
export const analyzeRaw: Target<RawCase> = {
  name: "analyze() on raw objects",
  input: rawCase,
  run: (c) =>
    outcome(() => {
      let model: unknown = BUILTIN_MODELS[c.model]!;
      for (const [k, v] of c.modelPatch) model = withPath(model, [k], v);
      let device: unknown = BUILTIN_DEVICES[c.device]!;
      for (const [i, v] of c.devicePatch) device = withPath(device, DEVICE_PATHS[i]!, v);
      let workload: unknown = resolveWorkload({ promptTokens: 256 });
      for (const [k, v] of c.workloadPatch) workload = withPath(workload, [k], v);
      const a = analyze({
        model: model as ModelSpec,
        device: device as DeviceSpec,
        workload: workload as ReturnType<typeof resolveWorkload>,
      });
      assertSound(a);
    }),
};

/** A Hugging Face config.json with hostile values in its keys. */
export const hfConfig: Target<readonly (readonly [string, unknown])[]> = {
  name: "Hugging Face config reader",
  input: fc.array(
    fc.tuple(
      fc.constantFrom(
        "num_hidden_layers",
        "hidden_size",
        "num_attention_heads",
        "num_key_value_heads",
        "intermediate_size",
        "vocab_size",
        "max_position_embeddings",
        "head_dim",
        "rope_scaling",
        "torch_dtype",
        "model_type",
      ),
      hostile,
    ),
    { minLength: 1, maxLength: 3 },
  ),
  run: (patch) =>
    outcome(() => {
      let cfg: unknown = llama2Config;
      for (const [k, v] of patch) cfg = withPath(cfg, [k], v);
      const { model } = importHfConfig(cfg);
      assertSound(
        analyze({ model, device: BUILTIN_DEVICES[0]!, workload: resolveWorkload({ promptTokens: 64 }) }),
      );
    }),
};

/** JSON text: random text, brackets nested deep, a BOM. */
export const jsonText: Target<string> = {
  name: "JSON text reader",
  input: fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.json(),
    fc.tuple(fc.nat({ max: 200 }), fc.constantFrom("[", "{", '{"a":')).map(([n, open]) => open.repeat(n)),
    fc.json().map((j) => `\uFEFF${j}`),
  ),
  run: (text) => outcome(() => parseJsonText("--model-config", "fuzz.json", text)),
};

const MEASURED_HEADER =
  "hardware,backend,model,params_b,quant,bits_per_weight,test,tokens_per_s,batch,context,source_url_or_repo_path,notes";
const cell = fc.oneof(
  // "4" is valid in every numeric column, so whole rows are sometimes accepted.
  { arbitrary: fc.constant("4"), weight: 6 },
  fc.constantFrom("1e308", "0x10", "-1", "NaN", "Infinity", "", "1.5", "512", "n/a", "1e-9", '"a,b"', '"'),
  fc.double().map(String),
  fc.string({ maxLength: 12 }),
);

/** A measured-results CSV whose numeric cells are hostile. */
export const measuredCsv: Target<readonly string[]> = {
  name: "measured-results CSV reader",
  input: fc.array(cell, { minLength: 5, maxLength: 5 }),
  run: ([params, bits, tps, batch, context]) =>
    outcome(() => {
      const rows = parseMeasured(
        `${MEASURED_HEADER}\nM2,llama.cpp,L,${params},Q4_0,${bits},tg128,${tps},${batch},${context},src,[trust A]\n`,
      );
      assertFinite(rows, "rows");
    }),
};

const ggufHeader = writeGguf(
  llamaGguf({
    name: "fuzz",
    embd: 64,
    layers: 2,
    heads: 4,
    kvHeads: 2,
    ff: 128,
    vocab: 300,
    ctxTrain: 512,
    type: "F16",
  }),
);

export interface GgufMutation {
  readonly truncate: number | null;
  readonly flips: readonly (readonly [number, number])[];
  readonly u64: readonly (readonly [number, bigint])[];
}

/** A synthetic llama GGUF header, truncated, with bytes flipped and u64s overwritten. */
export const ggufMutation: Target<GgufMutation> = {
  name: "GGUF reader (mutated headers)",
  input: fc.record({
    truncate: fc.option(fc.nat({ max: ggufHeader.header.length }), { freq: 4 }),
    flips: fc.array(fc.tuple(fc.nat({ max: ggufHeader.header.length - 1 }), fc.nat({ max: 255 })), {
      maxLength: 4,
    }),
    u64: fc.array(
      fc.tuple(
        fc.nat({ max: ggufHeader.header.length - 8 }),
        fc.constantFrom(0n, 1n, 0xffffffffn, 1n << 40n, (1n << 64n) - 1n, 30_000_000n),
      ),
      { maxLength: 2 },
    ),
  }),
  run: (mu) =>
    outcome(async () => {
      const bytes = ggufHeader.header.slice(0, mu.truncate ?? undefined);
      for (const [at, b] of mu.flips) if (at < bytes.length) bytes[at] = b;
      const view = new DataView(bytes.buffer);
      for (const [at, v] of mu.u64) if (at + 8 <= bytes.length) view.setBigUint64(at, v, true);
      const src = mu.truncate === null ? virtualSource(bytes, ggufHeader.fileSize) : virtualSource(bytes);
      const header = await readGgufHeader(src);
      const { spec, weights } = modelFromGguf(header, "fuzz");
      assertSound(
        analyze({ model: spec, device: BUILTIN_DEVICES[0]!, weights, workload: resolveWorkload({}) }),
      );
    }),
};

/** Long generations: the timeline and the policies stay bounded and finite. */
export const longRuns: Target<{ model: number; g: number; prompt: number }> = {
  name: "timeline and policies over long generations",
  input: fc.record({
    model: fc.nat({ max: BUILTIN_MODELS.length - 1 }),
    g: fc.integer({ min: 1, max: 131_072 }),
    prompt: fc.integer({ min: 1, max: 65_536 }),
  }),
  run: (c) =>
    outcome(() => {
      const model = BUILTIN_MODELS[c.model]!;
      const device = BUILTIN_DEVICES[(c.model * 7) % BUILTIN_DEVICES.length]!;
      const workload = resolveWorkload({ promptTokens: c.prompt });
      const t = timeline({ model, device, workload, generateTokens: c.g });
      assertFinite({ a: t.totalBoundS, b: t.totalEstimateS, c: t.steps.at(-1) }, "timeline");
      if (t.totalEstimateS < t.totalBoundS * (1 - 1e-12))
        throw new Error("timeline estimate faster than its bound");
      const p = simulatePolicies({ model, device, workload, generate: c.g });
      for (const r of p.runs) {
        assertFinite({ b: r.totalBoundS, e: r.totalEstimateS, s: r.steps.step(c.g) }, `policy ${r.name}`);
        if (r.totalEstimateS < r.totalBoundS * (1 - 1e-12))
          throw new Error(`policy ${r.name}: estimate faster than its bound`);
      }
    }),
};
