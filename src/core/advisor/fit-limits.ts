/**
 * What fits in a device's memory (the web app's "What fits" panel): the largest decode
 * context and batch at the workload's formats, and each of `ridgeline fit`'s precisions
 * at the workload's context and batch. Memory is judged as `ridgeline fit` judges it: the
 * footprint of one decode step (weights + KV cache + the largest activation), by fitRow.
 */
import { MAX_BATCH, MAX_TOKENS, type ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import { analyze } from "../predict/analyze.js";
import { lastTrue } from "./batch.js";
import { DEFAULT_STORAGE_GBPS, FIT_PRECISIONS, fitRow } from "./fit.js";

export interface FitLimitsInput {
  readonly model: ModelSpec;
  readonly device: DeviceSpec;
  readonly workload: ResolvedWorkload;
  /** A GGUF file's exact weights: the precision is the file's, and no other is tried. */
  readonly weights?: ModelWeights;
  readonly precisions?: readonly string[];
}

export interface PrecisionFit {
  readonly precision: string;
  readonly memoryBytes: number;
  readonly fits: boolean | null;
}

export interface FitLimits {
  readonly capacityBytes: number | null;
  /** The workload's decode context and batch, at which `precisions` are judged. */
  readonly contextTokens: number;
  readonly batch: number;
  /** Footprint of the workload as it is (decode step). */
  readonly memoryBytes: number;
  /** Largest decode context (KV entries per sequence, ≤ MAX_TOKENS) that fits at the workload's batch; null when none does or the capacity is unknown. */
  readonly maxContext: number | null;
  /** Largest batch (≤ MAX_BATCH) that fits at the workload's context; null when none does or the capacity is unknown. */
  readonly maxBatch: number | null;
  /** The model's trained maximum context, for comparison with maxContext. */
  readonly modelMaxContext: number;
  /** FIT_PRECISIONS (most bits first) at the workload's context and batch; empty for a file's weights. */
  readonly precisions: readonly PrecisionFit[];
  /** The first precision (most bits) that fits; null when none does or the capacity is unknown. */
  readonly bestPrecision: string | null;
}

export function fitLimits(input: FitLimitsInput): FitLimits {
  const { model, device, workload: wl, weights } = input;
  const memory = (contextTokens: number, batch: number, precision: string) => {
    if (weights) {
      const a = analyze({
        model,
        device,
        weights,
        workload: { ...wl, phase: "decode", promptTokens: contextTokens, contextTokens, batch },
      });
      return { bytes: a.memory.totalBytes, fits: a.memory.fits, cap: a.memory.capacityBytes };
    }
    const r = fitRow(model, device, { ...wl, contextTokens }, precision, batch, {}, DEFAULT_STORAGE_GBPS);
    return { bytes: r.memoryBytes, fits: r.fits, cap: r.capacityBytes };
  };
  const now = memory(wl.contextTokens, wl.batch, wl.weights);
  const known = now.cap !== null;
  const maxContext = known
    ? lastTrue((n) => memory(n, wl.batch, wl.weights).fits === true, MAX_TOKENS)
    : null;
  const maxBatch = known
    ? lastTrue((b) => memory(wl.contextTokens, b, wl.weights).fits === true, MAX_BATCH)
    : null;
  const precisions = weights
    ? []
    : (input.precisions ?? FIT_PRECISIONS).map((precision) => {
        const m = memory(wl.contextTokens, wl.batch, precision);
        return { precision, memoryBytes: m.bytes, fits: m.fits };
      });
  return {
    capacityBytes: now.cap,
    contextTokens: wl.contextTokens,
    batch: wl.batch,
    memoryBytes: now.bytes,
    maxContext,
    maxBatch,
    modelMaxContext: model.maxContext,
    precisions,
    bestPrecision: precisions.find((p) => p.fits === true)?.precision ?? null,
  };
}
