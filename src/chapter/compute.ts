/**
 * The library calls behind the chapter's claims: the chapter's idealised transformer as a
 * ModelSpec, one layer's ops for a pass, sums by op name or group, whole-model passes on a
 * device, and the chapter's device figures from the catalog.
 *
 * Everything here goes through Ridgeline's cost model (ops, passes, formats, catalog); the
 * claims only choose shapes and formats and combine the results.
 */

import type {
  DeviceSpec,
  FormatName,
  ModelSpec,
  PhaseAnalysis,
  SourcedValue,
  WorkloadInput,
} from "../core/index.js";
import {
  analyze,
  buildLayerOps,
  type Efficiency,
  findDevice,
  findModel,
  fromGBps,
  fromTflops,
  type OpCost,
  type OpGroup,
  type Pass,
  resolveWorkload,
  ridgeIntensity,
  totalBytes,
  uniformEfficiency,
  weightsFromRecipe,
} from "../core/index.js";

export { findDevice, findModel };

/**
 * Fixed efficiencies for the claims that need an estimate: the chapter's own assumption
 * (2.2.4: ~70 of 100 GB/s usable; 2.1.3's compute midpoint), so that a calibration of
 * Ridgeline's defaults does not move the chapter's figures.
 */
export const CHAPTER_EFFICIENCY: Efficiency = uniformEfficiency(
  0.7,
  0.55,
  "chapter 2.2.4 (~70% of bandwidth) and 2.1.3 (compute 40–70%, midpoint)",
);

export interface IdealOptions {
  readonly d: number;
  readonly heads: number;
  readonly layers?: number;
  /** Default: heads (multi-head attention). */
  readonly kvHeads?: number;
  /** Default: d / heads (the chapter's h·d_k = d). */
  readonly headDim?: number;
  /** Default: 4d (the chapter's d_ff = 4d). */
  readonly dff?: number;
  /** Default: false (the chapter's two-matrix GELU FFN). */
  readonly gated?: boolean;
}

/**
 * The chapter's idealised transformer layer: multi-head attention with h·d_k = d, a
 * two-matrix FFN with d_ff = 4d and the tanh-approximated GELU of 2.2.3, LayerNorm.
 */
export function idealTransformer(o: IdealOptions): ModelSpec {
  return {
    id: `chapter-ideal-d${o.d}`,
    name: `Chapter 2's idealised transformer (d = ${o.d})`,
    family: "chapter",
    hiddenSize: o.d,
    numLayers: o.layers ?? 1,
    numHeads: o.heads,
    numKvHeads: o.kvHeads ?? o.heads,
    headDim: o.headDim ?? o.d / o.heads,
    intermediateSize: o.dff ?? 4 * o.d,
    vocabSize: 32000,
    ffn: { gated: o.gated ?? false, activation: "gelu_tanh" },
    norm: "layernorm",
    qkvBias: false,
    qkNorm: false,
    tieEmbeddings: false,
    maxContext: 1 << 24,
  };
}

/** A preset with some fields changed (e.g. the same model with one KV head). */
export function variant(m: ModelSpec, change: Partial<ModelSpec>): ModelSpec {
  return { ...m, ...change, id: `${m.id}-variant` };
}

export interface LayerPassOptions {
  /** New tokens per sequence (the prompt for prefill, 1 for decode). */
  readonly queries: number;
  /** KV entries attended; default: queries. */
  readonly keys?: number;
  readonly batch?: number;
  readonly weights?: string;
  readonly activations?: FormatName;
  readonly kv?: FormatName;
  readonly attention?: "naive" | "flash";
}

/** The ops of one transformer layer for a pass, by Ridgeline's cost model. */
export function layerOps(m: ModelSpec, o: LayerPassOptions): OpCost[] {
  const activations = o.activations ?? "fp16";
  const w = weightsFromRecipe(m, o.weights ?? "fp16", activations === "fp32" ? "fp32" : "fp16");
  const layer = w.layers[0];
  if (!layer) throw new Error(`${m.id} has no layers`);
  const pass: Pass = {
    batch: o.batch ?? 1,
    queries: o.queries,
    keys: o.keys ?? o.queries,
    attention: o.attention ?? "naive",
    activations,
    kv: o.kv ?? "fp16",
  };
  return buildLayerOps(m, layer, pass);
}

export const PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj"] as const;
/** QKᵀ and attention·V (the chapter's 2L²d + 2L²d). */
export const QK_AV = ["attn_scores", "attn_values"] as const;
/** Scores, softmax and attention·V, or the fused kernel. */
export const ATTENTION_CORE = ["attn_scores", "softmax", "attn_values", "attention"] as const;

/** Ops by name (a list) or by group. */
export function pick(ops: readonly OpCost[], what: OpGroup | readonly string[]): OpCost[] {
  return typeof what === "string"
    ? ops.filter((o) => o.group === what)
    : ops.filter((o) => what.includes(o.name));
}

export const sumFlops = (ops: readonly OpCost[]): number => ops.reduce((s, o) => s + o.flops, 0);
export const sumBytes = (ops: readonly OpCost[]): number => ops.reduce((s, o) => s + totalBytes(o.bytes), 0);
export const intensityOf = (ops: readonly OpCost[]): number => sumFlops(ops) / sumBytes(ops);

/** Attention FLOPs / (attention + FFN) FLOPs of a layer: the chapter's "Attention占比". */
export function attentionShare(ops: readonly OpCost[]): number {
  const a = sumFlops(pick(ops, "attention"));
  return a / (a + sumFlops(pick(ops, "ffn")));
}

/** One whole-model pass on a device (analyze), with the chapter's fixed efficiencies. */
export function pass(
  model: ModelSpec,
  device: DeviceSpec,
  phase: "prefill" | "decode",
  w: WorkloadInput,
): PhaseAnalysis {
  const a = analyze({
    model,
    device,
    workload: resolveWorkload({ ...w, phase }),
    efficiency: CHAPTER_EFFICIENCY,
  });
  const p = phase === "prefill" ? a.prefill : a.decode;
  if (!p) throw new Error(`no ${phase} pass`);
  return p;
}

/** A decode step: `context` KV entries attended (default 1: the most lenient bound, weights only). */
export function decodeStep(
  model: ModelSpec,
  device: DeviceSpec,
  w: Omit<WorkloadInput, "phase"> & { context?: number },
): PhaseAnalysis {
  const { context, ...rest } = w;
  const ctx = context ?? 1;
  return pass(model, device, "decode", { ...rest, promptTokens: ctx, contextTokens: ctx });
}

/**
 * A device described only by the numbers an exercise gives (bandwidth, optionally an
 * FP16 peak); without a peak, times are memory-only.
 */
export function exerciseDevice(bandwidthGBps: number, fp16Tflops?: number): DeviceSpec {
  return {
    id: "chapter-exercise-device",
    name: "device of a chapter exercise",
    vendor: "chapter",
    unit: "gpu",
    class: "mobile-gpu",
    peakTflops: fp16Tflops === undefined ? {} : { fp16: { value: fp16Tflops, source: "chapter" } },
    bandwidthGBps: { value: bandwidthGBps, source: "chapter" },
    sources: { chapter: { title: "Chapter 2 exercise", kind: "chapter" } },
  };
}

/**
 * The chapter's figure for a catalog quantity: the value or the alternative whose source
 * is of kind "chapter" (the catalog keeps the chapter's 2.1.3 figures that way).
 */
export function chapterFigureOf(device: DeviceSpec, v: SourcedValue | undefined): number {
  if (!v) throw new Error(`${device.id}: quantity missing`);
  const isChapter = (src: string) => device.sources[src]?.kind === "chapter";
  if (isChapter(v.source)) return v.value;
  const alt = v.alternatives?.find((a) => isChapter(a.source));
  if (!alt) throw new Error(`${device.id}: no chapter figure`);
  return alt.value;
}

/** Ridge point, FLOP/B, from a peak in TFLOP/s and a bandwidth in GB/s. */
export const ridgeOf = (tflops: number, gbps: number): number =>
  ridgeIntensity(fromTflops(tflops), fromGBps(gbps));
