/**
 * The library calls behind the chapter's claims: the chapter's idealised transformer as a
 * ModelSpec, one layer's ops for a pass, sums by op name or group, whole-model passes on a
 * device, and the chapter's device figures from the catalog.
 *
 * Everything here goes through Ridgeline's cost model (ops, passes, formats, catalog); the
 * claims only choose shapes and formats and combine the results.
 */
import { findDevice, findModel } from "../core/index.js";
import type { DeviceSpec, SourcedValue } from "../core/index.js";
import type { WorkloadInput } from "../core/index.js";
import type { ModelSpec } from "../core/index.js";
import { type OpCost, type OpGroup } from "../core/index.js";
import type { PhaseAnalysis } from "../core/index.js";
import type { FormatName } from "../core/index.js";
import { type Efficiency } from "../core/index.js";
export { findDevice, findModel };
/**
 * Fixed efficiencies for the claims that need an estimate: the chapter's own assumption
 * (2.2.4: ~70 of 100 GB/s usable; 2.1.3's compute midpoint), so that a calibration of
 * Ridgeline's defaults does not move the chapter's figures.
 */
export declare const CHAPTER_EFFICIENCY: Efficiency;
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
export declare function idealTransformer(o: IdealOptions): ModelSpec;
/** A preset with some fields changed (e.g. the same model with one KV head). */
export declare function variant(m: ModelSpec, change: Partial<ModelSpec>): ModelSpec;
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
export declare function layerOps(m: ModelSpec, o: LayerPassOptions): OpCost[];
export declare const PROJECTIONS: readonly ["q_proj", "k_proj", "v_proj", "o_proj"];
/** QKᵀ and attention·V (the chapter's 2L²d + 2L²d). */
export declare const QK_AV: readonly ["attn_scores", "attn_values"];
/** Scores, softmax and attention·V, or the fused kernel. */
export declare const ATTENTION_CORE: readonly ["attn_scores", "softmax", "attn_values", "attention"];
/** Ops by name (a list) or by group. */
export declare function pick(ops: readonly OpCost[], what: OpGroup | readonly string[]): OpCost[];
export declare const sumFlops: (ops: readonly OpCost[]) => number;
export declare const sumBytes: (ops: readonly OpCost[]) => number;
export declare const intensityOf: (ops: readonly OpCost[]) => number;
/** Attention FLOPs / (attention + FFN) FLOPs of a layer: the chapter's "Attention占比". */
export declare function attentionShare(ops: readonly OpCost[]): number;
/** One whole-model pass on a device (analyze), with the chapter's fixed efficiencies. */
export declare function pass(model: ModelSpec, device: DeviceSpec, phase: "prefill" | "decode", w: WorkloadInput): PhaseAnalysis;
/** A decode step: `context` KV entries attended (default 1: the most lenient bound, weights only). */
export declare function decodeStep(model: ModelSpec, device: DeviceSpec, w: Omit<WorkloadInput, "phase"> & {
    context?: number;
}): PhaseAnalysis;
/**
 * A device described only by the numbers an exercise gives (bandwidth, optionally an
 * FP16 peak); without a peak, times are memory-only.
 */
export declare function exerciseDevice(bandwidthGBps: number, fp16Tflops?: number): DeviceSpec;
/**
 * The chapter's figure for a catalog quantity: the value or the alternative whose source
 * is of kind "chapter" (the catalog keeps the chapter's 2.1.3 figures that way).
 */
export declare function chapterFigureOf(device: DeviceSpec, v: SourcedValue | undefined): number;
/** Ridge point, FLOP/B, from a peak in TFLOP/s and a bandwidth in GB/s. */
export declare const ridgeOf: (tflops: number, gbps: number) => number;
