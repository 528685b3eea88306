/**
 * The advisor: what to change, by how much it helps, and what it costs. Every
 * recommendation is a re-analysis with the change applied — never a constant — and
 * carries a code from ADVICE_CODES so that callers and tests match on codes, not prose.
 *
 *   baseline analysis ─► candidate changes (workload, model or device what-ifs)
 *                     ─► re-analyse each ─► compare summaries ─► rank by gain
 */
import { BUILTIN_DEVICES, BUILTIN_MODELS } from "../catalog/lookup.js";
import type { Efficiency } from "../efficiency/defaults.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { countParams } from "../models/params.js";
import type { ModelSpec } from "../models/schema.js";
import { type ModelWeights, storedWeightBytes } from "../models/weights.js";
import type { OffloadAnalysis } from "../offload/analyze-offload.js";
import type { Analysis } from "../predict/analysis-types.js";
import { analyze } from "../predict/analyze.js";
import { byKind } from "../predict/by-kind.js";
import { roofsOf, weightsOf } from "../predict/caches.js";
import { plansFitTogether } from "../predict/engine-memory/plan.js";
import { bitsPerValue, type FormatName } from "../quant/index.js";
import { type BoundClass, boundClass, CLASS_STRATEGY } from "../roofline/classify.js";
import { formatBytesIEC, formatPercent, formatSeconds } from "../units/format.js";
import { GiB } from "../units/quantities.js";
import { type AdviseOffload, offloadRun, offloadSummary } from "./offload-summary.js";
import { speculativeDecode } from "./speculative.js";
import { type Summary, summarize } from "./summary.js";

export const ADVICE_CODES = [
  "quantize-weights",
  "quantize-kv",
  "flash-attention",
  "fuse-kernels",
  "batch",
  "sparsity-2-4",
  "speculative-decoding",
  "kv-eviction",
  "gqa",
  "mqa",
  "moe-alternative",
  "dense-alternative",
  "other-compute-unit",
] as const;
export type AdviceCode = (typeof ADVICE_CODES)[number];

export const ACCURACY_RISKS = ["none", "low", "medium", "high"] as const;
export type AccuracyRisk = (typeof ACCURACY_RISKS)[number];

export interface Recommendation {
  readonly code: AdviceCode;
  readonly title: string;
  /** "latency": gain is request-time speedup; "throughput": gain is tokens/s over the batch. */
  readonly gainKind: "latency" | "throughput";
  /** before / after of the gain metric (> 1 helps). */
  readonly gain: number;
  readonly before: Summary;
  readonly after: Summary;
  readonly cost: {
    readonly accuracyRisk: AccuracyRisk;
    readonly memoryDeltaBytes: number;
    /** Relative change of FLOPs per request (e.g. +0.25 = 25% more arithmetic). */
    readonly flopsDelta: number;
    readonly note: string;
  };
  /** The numbers behind it. */
  readonly why: string;
  /** What the chapter quotes as a typical gain, shown beside Ridgeline's figure. */
  readonly chapterSays?: string;
}

export interface NotApplicable {
  readonly code: AdviceCode;
  readonly reason: string;
}

export interface OpClassRow {
  readonly phase: "prefill" | "decode";
  readonly kind: string;
  readonly timeShare: number;
  readonly intensity: number | null;
  readonly ridge: number | null;
  readonly bound: "memory" | "compute";
  readonly boundClass: BoundClass;
  readonly strategy: string;
}

export interface Advice {
  readonly model: string;
  readonly device: string;
  readonly generate: number;
  readonly baseline: Summary;
  readonly wholeModel: readonly {
    phase: "prefill" | "decode";
    intensity: number | null;
    ridge: number | null;
    boundClass: BoundClass;
    strategy: string;
  }[];
  readonly opClasses: readonly OpClassRow[];
  /** Ranked: with a baseline that does not fit, the changes that make it fit ("make it fit"), first. */
  readonly recommendations: readonly Recommendation[];
  /** Changes after which the model does not fit in the device's memory: shown with their figures, never ranked (closest to fitting first). */
  readonly doesNotFit: readonly Recommendation[];
  readonly notApplicable: readonly NotApplicable[];
}

export interface AdviseInput {
  readonly model: ModelSpec;
  readonly device: DeviceSpec;
  readonly workload: ResolvedWorkload;
  /** Tokens generated per request (for request time and energy). */
  readonly generate: number;
  readonly weights?: ModelWeights;
  readonly efficiency?: Efficiency;
  /** Speculative decoding acceptance rate and draft length. */
  readonly speculative?: { readonly alpha: number; readonly gamma: number };
  /** A host + GPU machine and the model's placement on it: every summary is then the placement's (memory checked on every unit). */
  readonly offload?: AdviseOffload;
}

interface Ctx {
  readonly input: AdviseInput;
  readonly wl: ResolvedWorkload;
  readonly base: Analysis;
  /** The baseline's placement analysis, with `offload`. */
  readonly baseOffload: OffloadAnalysis | undefined;
  readonly before: Summary;
  readonly recs: Recommendation[];
  readonly na: NotApplicable[];
}

/** Context of the representative decode step: mid-generation. */
const midContext = (wl: ResolvedWorkload, generate: number) => wl.promptTokens + Math.ceil(generate / 2);

function run(
  i: AdviseInput,
  wl: ResolvedWorkload,
  model = i.model,
  device = i.device,
  weights = i.weights,
): { a: Analysis; s: Summary; o?: OffloadAnalysis } {
  const workload: ResolvedWorkload = { ...wl, phase: "both", contextTokens: midContext(wl, i.generate) };
  const a = analyze({
    model,
    device,
    workload,
    ...(weights ? { weights } : {}),
    ...(i.efficiency ? { efficiency: i.efficiency } : {}),
  });
  const s = summarize(a, i.generate, device);
  // On another device (a what-if unit) the placement does not apply: that device alone is checked.
  if (!i.offload || device !== i.device) return { a, s };
  const o = offloadRun(i.offload, model, workload, weights);
  return { a, s: offloadSummary(o, s, i.generate), o };
}

const flopsPerRequest = (a: Analysis, generate: number) =>
  (a.prefill?.totals.flops ?? 0) + Math.max(0, generate - 1) * (a.decode?.totals.flops ?? 0);

function push(
  c: Ctx,
  code: AdviceCode,
  title: string,
  after: { a: Analysis; s: Summary },
  risk: AccuracyRisk,
  note: string,
  why: string,
  chapterSays?: string,
  gainKind: "latency" | "throughput" = "latency",
): void {
  const gain =
    gainKind === "latency"
      ? c.before.requestEstimateS / after.s.requestEstimateS
      : after.s.tokensPerSEstimate / c.before.tokensPerSEstimate;
  c.recs.push({
    code,
    title,
    gainKind,
    gain,
    before: c.before,
    after: after.s,
    cost: {
      accuracyRisk: risk,
      memoryDeltaBytes: after.s.memoryBytes - c.before.memoryBytes,
      flopsDelta: flopsPerRequest(after.a, c.input.generate) / flopsPerRequest(c.base, c.input.generate) - 1,
      note,
    },
    why,
    ...(chapterSays ? { chapterSays } : {}),
  });
}

const pct = (x: number) => formatPercent(x, 0);

/** Average stored bits per parameter under a weight recipe (exact for mixes such as q4_k_m). */
function averageBits(m: ModelSpec, recipe: string, activations: string): number {
  return (8 * storedWeightBytes(weightsOf(m, recipe, activations), m)) / countParams(m).total;
}

function adviseWeights(c: Ctx): void {
  if (c.input.weights) {
    c.na.push({
      code: "quantize-weights",
      reason: "weights come from a GGUF file with its own tensor types",
    });
    return;
  }
  const m = c.input.model;
  const bits = averageBits(m, c.wl.weights, c.wl.activations);
  const options: { format: string; risk: AccuracyRisk; note: string }[] = [
    { format: "q8_0", risk: "low", note: "8-bit weights (Q8_0): near-lossless in published evaluations" },
    {
      format: "q4_k_m",
      risk: "low",
      note: "4-bit K-quant mix (Q4_K_M): small perplexity increase; the common default for local inference",
    },
    {
      format: "int4",
      risk: "medium",
      note: "plain 4-bit weights (W4A16, e.g. AWQ/GPTQ with group scales): needs a calibrated quantizer",
    },
  ];
  let any = false;
  for (const o of options) {
    if (averageBits(m, o.format, c.wl.activations) >= bits - 0.25) continue;
    any = true;
    const after = run(c.input, { ...c.wl, weights: o.format });
    const weightsBefore = c.base.memory.weightsBytes;
    push(
      c,
      "quantize-weights",
      `Quantize weights ${c.wl.weights} → ${o.format}`,
      after,
      o.risk,
      o.note,
      `decode is ${c.base.decode?.boundClass} (I = ${(c.base.decode?.totals.intensity ?? 0).toFixed(2)} FLOP/B); weights are ${pct(
        (c.base.decode?.totals.bytes.weights ?? 0) / (c.base.decode?.totals.bytesTotal ?? 1),
      )} of the bytes per step and shrink from ${(weightsBefore / GiB).toFixed(2)} to ${(after.a.memory.weightsBytes / GiB).toFixed(2)} GiB; arithmetic stays at ${c.wl.activations}`,
      o.format === "int4" ? "chapter 2.4.4: W4A16 raises intensity 4×" : undefined,
    );
  }
  if (!any) c.na.push({ code: "quantize-weights", reason: `weights are already ${c.wl.weights}` });
}

function adviseKv(c: Ctx): void {
  const bits = bitsPerValue(c.wl.kv);
  const options: { format: FormatName; risk: AccuracyRisk; note: string }[] = [
    { format: "q8_0", risk: "low", note: "8-bit KV cache: negligible quality loss in published evaluations" },
    { format: "q4_0", risk: "medium", note: "4-bit KV cache: measurable quality loss on long contexts" },
  ];
  const dec = c.base.decode;
  const kvShare = dec ? dec.totals.bytes.kvRead / dec.totals.bytesTotal : 0;
  let any = false;
  for (const o of options) {
    if (bitsPerValue(o.format) >= bits - 0.5) continue;
    any = true;
    const after = run(c.input, { ...c.wl, kv: o.format });
    push(
      c,
      "quantize-kv",
      `Quantize the KV cache ${c.wl.kv} → ${o.format}`,
      after,
      o.risk,
      o.note,
      `reading the KV cache is ${pct(kvShare)} of the bytes of a decode step at context ${dec?.keys}; the cache shrinks from ${formatBytesIEC(c.base.memory.kvCacheBytes)} to ${formatBytesIEC(after.a.memory.kvCacheBytes)}`,
      "chapter 2.1.4: INT8 KV cache brings a significant gain; 2.4.4: FP16→INT8 2×, INT8→INT4 4× compression",
    );
  }
  if (!any) c.na.push({ code: "quantize-kv", reason: `the KV cache is already ${c.wl.kv}` });
}

function adviseFlash(c: Ctx): void {
  if (c.wl.attention === "flash") {
    c.na.push({ code: "flash-attention", reason: "attention is already fused" });
    return;
  }
  const after = run(c.input, { ...c.wl, attention: "flash" });
  const pre = c.base.prefill;
  const scores = pre?.layerOps.find((o) => o.name === "softmax");
  push(
    c,
    "flash-attention",
    "Use fused attention (FlashAttention)",
    after,
    "none",
    "exact same result; needs a fused-attention kernel for the device",
    `naive prefill writes and re-reads a ${pre?.queries}×${pre?.keys} score matrix per head: softmax alone moves ${((scores?.bytesTotal ?? 0) / 1e6).toFixed(0)} MB per layer`,
    "chapter 2.3.3: 2–4× on 2K–8K sequences; 2.1.4: memory traffic cut by O(L)",
  );
}

function adviseFusion(c: Ctx): void {
  if (c.wl.fusion) {
    c.na.push({ code: "fuse-kernels", reason: "element-wise ops are already fused" });
    return;
  }
  const after = run(c.input, { ...c.wl, fusion: true });
  push(
    c,
    "fuse-kernels",
    "Fuse element-wise ops (norms, rotary, activation, residual adds) into the GEMMs",
    after,
    "none",
    "same arithmetic; needs fused kernels (most engines fuse some of these already)",
    `element-wise ops move activations without doing much arithmetic; fused, they run in a GEMM's prologue or epilogue`,
    "chapter 2.1.4: kernel fusion removes 20–30% of memory round trips",
  );
}

function adviseBatch(c: Ctx): void {
  const b = c.wl.batch;
  for (const nb of [b * 4, b * 16]) {
    if (nb > 256) break;
    const after = run(c.input, { ...c.wl, batch: nb });
    const dec = after.a.decode;
    push(
      c,
      "batch",
      `Batch ${nb} sequences (throughput; each request's latency grows)`,
      after,
      "none",
      `per-token latency ${formatSeconds(c.before.decodeLatencyEstimateS)} → ${formatSeconds(after.s.decodeLatencyEstimateS)}; KV cache × ${nb / b}`,
      `weights are read once per step for the whole batch: decode intensity ${(c.base.decode?.totals.intensity ?? 0).toFixed(2)} → ${(dec?.totals.intensity ?? 0).toFixed(2)} FLOP/B (${dec?.boundClass})`,
      "chapter 2.4.4: batch 1 → 8 raises intensity 6–7×",
      "throughput",
    );
  }
}

function adviseSparsity(c: Ctx): void {
  if (c.input.weights) {
    c.na.push({
      code: "sparsity-2-4",
      reason: "weights come from a GGUF file in block formats, which sparse tensor cores do not take",
    });
    return;
  }
  const bits = averageBits(c.input.model, c.wl.weights, c.wl.activations);
  if (bits < 7.5) {
    c.na.push({
      code: "sparsity-2-4",
      reason: `sparse tensor cores take 8- and 16-bit weights; ${c.wl.weights} weights (${bits.toFixed(1)} bits each) are not sparse-ready`,
    });
    return;
  }
  if (!c.input.device.features?.includes("sparse-2:4")) {
    c.na.push({
      code: "sparsity-2-4",
      reason: `${c.input.device.id} has no 2:4 sparse tensor cores (NVIDIA Ampere or later)`,
    });
    return;
  }
  if (c.wl.sparsity === "2:4") {
    c.na.push({ code: "sparsity-2-4", reason: "weights are already 2:4 sparse" });
    return;
  }
  const after = run(c.input, { ...c.wl, sparsity: "2:4" });
  push(
    c,
    "sparsity-2-4",
    "Prune weights to 2:4 structured sparsity",
    after,
    "high",
    "half of the weights removed: needs pruning with fine-tuning to recover accuracy",
    "sparse tensor cores skip half the multiply-adds and the matrices shrink to 9/16 (fp16 values plus 2-bit indices)",
    "chapter 2.3.3: 1.5× on Llama-2 7B short sequences",
  );
}

/** Families that share a tokenizer (a draft must speak the target's vocabulary). */
const tokenizerFamily = (family: string) =>
  family
    .replace(/_moe$/, "")
    .replace(/^(qwen)\d*$/, "$1")
    .replace(/^mixtral$/, "mistral")
    .replace(/^(gemma|phi)\d*$/, "$1");

/**
 * A draft model: same tokenizer family and vocabulary (within padding, 1%), at most a
 * quarter of the target's active parameters; the largest such.
 */
function draftFor(m: ModelSpec): ModelSpec | undefined {
  const active = countParams(m).active;
  return BUILTIN_MODELS.filter(
    (d) =>
      d.id !== m.id &&
      !d.moe &&
      tokenizerFamily(d.family) === tokenizerFamily(m.family) &&
      Math.abs(d.vocabSize / m.vocabSize - 1) <= 0.01 &&
      countParams(d).total <= active / 4,
  ).sort((a, b) => countParams(b).total - countParams(a).total)[0];
}

function adviseSpeculative(c: Ctx): void {
  const draft = draftFor(c.input.model);
  if (!draft) {
    c.na.push({
      code: "speculative-decoding",
      reason: `no catalog model shares ${c.input.model.id}'s tokenizer at ≤ 1/4 of its active parameters`,
    });
    return;
  }
  const { alpha, gamma } = c.input.speculative ?? { alpha: 0.7, gamma: 4 };
  const eff = c.input.efficiency ?? c.base.efficiency;
  const ctx = midContext(c.wl, c.input.generate);
  const r = speculativeDecode(
    c.input.model,
    draft,
    c.input.device,
    c.wl,
    ctx,
    eff as Efficiency,
    alpha,
    gamma,
  );
  const withDraft = run(c.input, c.wl, draft);
  const perToken = r.perTokenS;
  const after: Summary = {
    ...c.before,
    decodeLatencyEstimateS: perToken,
    tokensPerSEstimate: c.wl.batch / perToken,
    requestEstimateS:
      c.before.ttftEstimateS + withDraft.s.ttftEstimateS + Math.max(0, c.input.generate - 1) * perToken,
    memoryBytes: c.before.memoryBytes + (withDraft.o?.memory.plan ?? withDraft.a.memory.plan).totalBytes,
    // the draft's buffers beside the target's, unit by unit, as llama.cpp would hold both
    fits:
      c.baseOffload && withDraft.o
        ? plansFitTogether(c.baseOffload.memory.plan, withDraft.o.memory.plan)
        : plansFitTogether(c.base.memory.plan, withDraft.a.memory.plan),
    energyPerTokenJ:
      c.before.energyPerTokenJ === null
        ? null
        : (c.before.energyPerTokenJ * perToken) / c.before.decodeLatencyEstimateS,
    energyPerRequestJ: null,
  };
  c.recs.push({
    code: "speculative-decoding",
    title: `Speculative decoding with ${draft.id} as draft (γ = ${gamma}, acceptance ${alpha})`,
    gainKind: "latency",
    gain: c.before.requestEstimateS / after.requestEstimateS,
    before: c.before,
    after,
    cost: {
      accuracyRisk: "none",
      memoryDeltaBytes: after.memoryBytes - c.before.memoryBytes,
      flopsDelta: 0,
      note: `output identical to the target's; gain depends on the acceptance rate (assumed ${alpha}); the draft's weights and KV cache add memory`,
    },
    why: `each iteration: ${gamma} draft steps of ${formatSeconds(r.draftStepS)} + one verification pass of ${gamma + 1} tokens (${formatSeconds(r.verifyPassS)}, still memory-bound, so barely dearer than one step) yields ${r.tokensPerIteration.toFixed(2)} tokens`,
    chapterSays:
      "chapter 2.2.4: speculative decoding reduces serial steps (Apple M2 Pro: 4-bit + speculative 100 tokens/s)",
  });
}

function adviseEviction(c: Ctx): void {
  if (c.wl.kvKeep < 1) {
    c.na.push({ code: "kv-eviction", reason: `eviction already keeps ${pct(c.wl.kvKeep)}` });
    return;
  }
  const after = run(c.input, { ...c.wl, kvKeep: 0.2 });
  push(
    c,
    "kv-eviction",
    "Evict KV entries, keeping the 20% heavy hitters (H2O-style)",
    after,
    "medium",
    "attention over a subset of the context: quality loss depends on the task, largest for retrieval over long contexts",
    `decode reads ${formatBytesIEC(c.base.decode?.totals.bytes.kvRead ?? 0)} of KV cache per step at context ${c.base.decode?.keys}; keeping 20% reads a fifth`,
    "chapter 2.4.4: H2O keeps 20% of KV pairs with < 1% loss",
  );
}

function adviseKvHeads(c: Ctx): void {
  const m = c.input.model;
  if (c.input.weights) {
    c.na.push({
      code: "gqa",
      reason: "architecture what-ifs need a preset or config, not a GGUF file's exact tensors",
    });
    return;
  }
  const targets: { code: "gqa" | "mqa"; kv: number }[] = [];
  if (m.numKvHeads === m.numHeads && m.numHeads % 4 === 0 && m.numHeads > 4)
    targets.push({ code: "gqa", kv: m.numHeads / 4 });
  else
    c.na.push({
      code: "gqa",
      reason:
        m.numKvHeads < m.numHeads
          ? `${m.id} already uses GQA (${m.numKvHeads} KV heads for ${m.numHeads})`
          : "head count not divisible by 4",
    });
  if (m.numKvHeads > 1) targets.push({ code: "mqa", kv: 1 });
  else c.na.push({ code: "mqa", reason: `${m.id} already uses MQA` });
  for (const t of targets) {
    const variant: ModelSpec = { ...m, id: `${m.id}-kv${t.kv}`, numKvHeads: t.kv };
    const after = run(c.input, c.wl, variant);
    push(
      c,
      t.code,
      `Architecture what-if: ${t.kv} KV head${t.kv > 1 ? "s" : ""} instead of ${m.numKvHeads} (${t.code.toUpperCase()})`,
      after,
      "high",
      "an architecture change: needs retraining or uptraining the model",
      `K/V projections and the KV cache shrink by ${m.numKvHeads / t.kv}×: cache ${formatBytesIEC(c.base.memory.kvCacheBytes)} → ${formatBytesIEC(after.a.memory.kvCacheBytes)}`,
      t.code === "mqa"
        ? "chapter 2.3.3: MQA cuts KV memory by h (32×)"
        : "chapter 2.3.3: GQA typically cuts KV memory 4–8×",
    );
  }
}

function adviseMoe(c: Ctx): void {
  const m = c.input.model;
  const p = countParams(m);
  if (m.moe) {
    // What the MoE saves: the same model with every expert active (a dense model of equal size).
    const dense: ModelSpec = {
      ...m,
      id: `${m.id}-all-experts`,
      moe: { ...m.moe, expertsPerToken: m.moe.numExperts },
    };
    const d = run(c.input, c.wl, dense);
    c.recs.push({
      code: "dense-alternative",
      title: `For comparison: ${m.id} with all ${m.moe.numExperts} experts active (a dense model of the same size)`,
      gainKind: "latency",
      gain: c.before.requestEstimateS / d.s.requestEstimateS,
      before: c.before,
      after: d.s,
      cost: {
        accuracyRisk: "none",
        memoryDeltaBytes: 0,
        flopsDelta: flopsPerRequest(d.a, c.input.generate) / flopsPerRequest(c.base, c.input.generate) - 1,
        note: "informational: what routing saves",
      },
      why: `routing runs ${m.moe.expertsPerToken} of ${m.moe.numExperts} experts per token: ${(p.active / 1e9).toFixed(1)} of ${(p.total / 1e9).toFixed(1)} B parameters`,
      chapterSays: "chapter 2.2.3: MoE cuts computation 4–8×, plus ~5% routing overhead",
    });
    return;
  }
  const alternatives = BUILTIN_MODELS.filter(
    (x) => x.moe && Math.abs(countParams(x).total / p.total - 1) <= 0.5,
  );
  if (alternatives.length === 0) {
    c.na.push({
      code: "moe-alternative",
      reason: `no catalog MoE model within ±50% of ${m.id}'s ${(p.total / 1e9).toFixed(1)} B parameters`,
    });
    return;
  }
  for (const x of alternatives) {
    const after = run(c.input, c.wl, x);
    push(
      c,
      "moe-alternative",
      `Model alternative: ${x.id} (MoE, ${(countParams(x).active / 1e9).toFixed(1)} B active of ${(countParams(x).total / 1e9).toFixed(1)} B)`,
      after,
      "medium",
      "a different model: compare quality on your task",
      `per token it reads ${x.moe?.expertsPerToken} of ${x.moe?.numExperts} experts, against all of ${m.id}'s weights`,
      "chapter 2.2.3: MoE cuts computation 4–8×",
    );
  }
}

function adviseOtherUnit(c: Ctx): void {
  const d = c.input.device;
  const others = BUILTIN_DEVICES.filter(
    (x) =>
      d.soc !== undefined &&
      x.soc === d.soc &&
      x.unit !== d.unit &&
      x.bandwidthGBps.value === d.bandwidthGBps.value,
  );
  if (others.length === 0) {
    c.na.push({
      code: "other-compute-unit",
      reason: `the catalog lists no other compute unit sharing ${d.id}'s memory`,
    });
    return;
  }
  for (const o of others) {
    const needed = c.base.device.peaks.map((p) => p.precision);
    const missing = needed.filter((p) => roofsOf(o).peaks[p].used === null);
    if (missing.length) {
      c.na.push({
        code: "other-compute-unit",
        reason: `${o.id} lists no peak usable for ${missing.join(", ")} arithmetic`,
      });
      continue;
    }
    const after = run(c.input, c.wl, c.input.model, o);
    push(
      c,
      "other-compute-unit",
      `Run on the ${o.unit.toUpperCase()} of the same SoC (${o.id})`,
      after,
      o.unit === "npu" ? "medium" : "none",
      o.unit === "npu"
        ? "NPUs need their own toolchain and often integer or fp16-only kernels"
        : "same memory: no copy",
      `same ${d.bandwidthGBps.value} GB/s memory; peaks ${JSON.stringify(Object.fromEntries(Object.entries(o.peakTflops).map(([k, v]) => [k, v?.value])))} TFLOP/s`,
    );
  }
}

/**
 * Ranking (of changes after which the model fits): those that make a model that does not
 * fit fit first, then latency gains (what one user waits for) before throughput gains
 * (batching), each by the size of the gain.
 */
function byRank(a: Recommendation, b: Recommendation): number {
  const makesFit = (r: Recommendation) => (r.before.fits === false && r.after.fits === true ? 0 : 1);
  return (
    makesFit(a) - makesFit(b) ||
    (a.gainKind === b.gainKind ? 0 : a.gainKind === "latency" ? -1 : 1) ||
    b.gain - a.gain
  );
}

/**
 * Sort the candidates: a change after which the model does not fit is never ranked (it is
 * listed as such); one predicted to make things worse is no recommendation (it is listed,
 * with its figure, as not applicable). When the baseline does not fit, fitting is the
 * gain: every change that makes it fit is ranked, whatever its speed.
 */
function sortRecs(
  recs: readonly Recommendation[],
  baseFits: boolean,
): { ranked: Recommendation[]; doesNotFit: Recommendation[]; noGain: Recommendation[] } {
  const counts = (r: Recommendation) => !baseFits || r.gain > 1;
  return {
    ranked: recs.filter((r) => r.after.fits !== false && counts(r)).sort(byRank),
    doesNotFit: recs
      .filter((r) => r.after.fits === false && counts(r))
      .sort((a, b) => a.after.memoryBytes - b.after.memoryBytes || b.gain - a.gain),
    noGain: recs.filter((r) => !counts(r)),
  };
}

/** Advise on a model, device and workload. */
export function advise(input: AdviseInput): Advice {
  const wl = input.workload;
  const { a: base, s: before, o: baseOffload } = run(input, wl);
  const c: Ctx = { input, wl, base, baseOffload, before, recs: [], na: [] };
  adviseWeights(c);
  adviseKv(c);
  adviseFlash(c);
  adviseFusion(c);
  adviseBatch(c);
  adviseSparsity(c);
  adviseSpeculative(c);
  adviseEviction(c);
  adviseKvHeads(c);
  adviseMoe(c);
  adviseOtherUnit(c);
  const sorted = sortRecs(c.recs, before.fits !== false);
  const opClasses: OpClassRow[] = [];
  for (const p of [base.prefill, base.decode]) {
    if (!p) continue;
    for (const e of byKind(p)) {
      const i = e.bytes === 0 ? null : e.flops / e.bytes;
      const cls: BoundClass = e.ridge === null || i === null ? "memory-extreme" : boundClass(i, e.ridge);
      opClasses.push({
        phase: p.phase,
        kind: e.kind,
        timeShare: e.timeEstimateS / p.totals.timeEstimateS,
        intensity: i,
        ridge: e.ridge,
        bound: cls === "compute" ? "compute" : "memory",
        boundClass: cls,
        strategy: CLASS_STRATEGY[cls],
      });
    }
  }
  return {
    model: input.model.id,
    device: input.device.id,
    generate: input.generate,
    baseline: before,
    wholeModel: [base.prefill, base.decode].flatMap((p) =>
      p
        ? [
            {
              phase: p.phase,
              intensity: p.totals.intensity,
              ridge: p.ridge,
              boundClass: p.boundClass,
              strategy: CLASS_STRATEGY[p.boundClass],
            },
          ]
        : [],
    ),
    opClasses,
    recommendations: sorted.ranked,
    doesNotFit: sorted.doesNotFit,
    notApplicable: [
      ...c.na,
      ...sorted.noGain.map((r) => ({
        code: r.code,
        reason: `${r.title}: predicted ${r.gain.toFixed(2)}× ${r.gainKind === "latency" ? "request speed" : "throughput"}, no gain here`,
      })),
    ],
  };
}
