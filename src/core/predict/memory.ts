/** Memory footprint of an analysis: weights as stored, the KV cache (a sliding window caps it), the largest activation. */
import type { ResolvedWorkload } from "../graph/workload.js";
import type { ModelSpec } from "../models/schema.js";
import { type ModelWeights, storedWeightBytes } from "../models/weights.js";
import { bytesPerValue } from "../quant/index.js";
import type { DeviceRoofs } from "../roofline/device-roofs.js";
import type { MemoryFootprint, PhaseAnalysis } from "./analysis-types.js";

/** KV-cache bytes for `tokens` entries per sequence (capped by a sliding window). */
export function kvCacheBytes(
  m: ModelSpec,
  batch: number,
  tokens: number,
  kvFormat: Parameters<typeof bytesPerValue>[0],
): { bytes: number; tokens: number } {
  const kept = m.slidingWindow ? Math.min(tokens, m.slidingWindow) : tokens;
  return {
    bytes: batch * m.numLayers * 2 * m.numKvHeads * m.headDim * kept * bytesPerValue(kvFormat),
    tokens: kept,
  };
}

export function memoryFootprint(
  m: ModelSpec,
  w: ModelWeights,
  roofs: DeviceRoofs,
  wl: ResolvedWorkload,
  kvTokens: number,
  phases: readonly (PhaseAnalysis | null)[],
): MemoryFootprint {
  const weightsBytes = storedWeightBytes(w, m);
  const kv = kvCacheBytes(m, wl.batch, kvTokens, wl.kv);
  let activationsBytes = 0;
  for (const p of phases) {
    if (!p) continue;
    for (const o of p.layerOps) activationsBytes = Math.max(activationsBytes, o.bytes.activations);
    for (const o of p.modelOps) activationsBytes = Math.max(activationsBytes, o.bytes.activations);
  }
  const totalBytes = weightsBytes + kv.bytes + activationsBytes;
  const cap = roofs.memoryBytes;
  return {
    weightsBytes,
    kvCacheBytes: kv.bytes,
    kvCacheTokens: kv.tokens,
    activationsBytes,
    totalBytes,
    capacityBytes: cap,
    fits: cap === null ? null : totalBytes <= cap,
  };
}
