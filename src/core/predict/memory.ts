/** Memory footprint of an analysis: weights as stored, the KV cache (a sliding window caps it), the largest activation. */
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { cachedEntries, layerCacheBytes, layerKindCounts, recurrentStateBytes } from "../models/layers.js";
import type { ModelSpec } from "../models/schema.js";
import { type ModelWeights, storedWeightBytes } from "../models/weights.js";
import { bytesPerValue } from "../quant/index.js";
import { GiB } from "../units/quantities.js";
import type { MemoryFootprint, PhaseAnalysis } from "./analysis-types.js";
import { type MemoryPlacement, planMemory } from "./engine-memory/plan.js";

/** The cache of one layer kind: how many layers, entries kept per sequence, bytes in all. */
export interface KvCacheByKind {
  readonly kind: string;
  readonly layers: number;
  readonly tokens: number;
  readonly bytes: number;
}

/** KV-cache (or state) bytes per layer kind after `tokens` positions per sequence; each kind costed once. */
export function kvCacheByKind(
  m: ModelSpec,
  batch: number,
  tokens: number,
  kvFormat: Parameters<typeof bytesPerValue>[0],
): KvCacheByKind[] {
  const b = bytesPerValue(kvFormat);
  return layerKindCounts(m).map(({ name, kind, count }) => ({
    kind: name,
    layers: count,
    tokens: cachedEntries(kind, tokens),
    bytes: batch * count * layerCacheBytes(m, kind, tokens, b),
  }));
}

/**
 * KV-cache bytes for `tokens` entries per sequence: every layer kind keeps what it needs
 * (sliding-window and chunked layers at most their window or chunk). `tokens` is the most
 * entries any layer keeps.
 */
export function kvCacheBytes(
  m: ModelSpec,
  batch: number,
  tokens: number,
  kvFormat: Parameters<typeof bytesPerValue>[0],
): { bytes: number; tokens: number } {
  let bytes = 0;
  let kept = 0;
  for (const k of kvCacheByKind(m, batch, tokens, kvFormat)) {
    bytes += k.bytes;
    if (k.layers > 0) kept = Math.max(kept, k.tokens);
  }
  return { bytes, tokens: kept };
}

/**
 * The part of the cache that does not grow with the context: the recurrent layers' fixed
 * state (Mamba-2, Gated DeltaNet, short convolution), bytes for `batch` sequences, and how
 * many layers keep one.
 */
export function recurrentState(m: ModelSpec, batch: number): { bytes: number; layers: number } {
  let bytes = 0;
  let layers = 0;
  for (const { kind, count } of layerKindCounts(m)) {
    const b = recurrentStateBytes(m, kind);
    if (b > 0) {
      bytes += batch * count * b;
      layers += count;
    }
  }
  return { bytes, layers };
}

/**
 * The analysis' memory: its own counts (weights as stored, the KV cache of the entries kept, the
 * largest activation) and llama.cpp's plan for the same workload, whose resident total and
 * per-unit verdict are the footprint's `totalBytes` and `fits`.
 */
export function memoryFootprint(
  m: ModelSpec,
  w: ModelWeights,
  device: DeviceSpec,
  wl: ResolvedWorkload,
  kvTokens: number,
  phases: readonly (PhaseAnalysis | null)[],
  placement?: MemoryPlacement,
): MemoryFootprint {
  const weightsBytes = storedWeightBytes(w, m);
  const kv = kvCacheBytes(m, wl.batch, kvTokens, wl.kv);
  let activationsBytes = 0;
  for (const p of phases) {
    if (!p) continue;
    for (const o of p.layerOps) activationsBytes = Math.max(activationsBytes, o.bytes.activations);
    for (const o of p.modelOps) activationsBytes = Math.max(activationsBytes, o.bytes.activations);
  }
  const plan = planMemory({
    model: m,
    workload: wl,
    weights: w,
    device,
    ...(placement ? { placement } : {}),
  });
  return {
    weightsBytes,
    kvCacheBytes: kv.bytes,
    kvCacheTokens: kv.tokens,
    activationsBytes,
    totalBytes: plan.totalBytes,
    capacityBytes: device.memoryGiB ? device.memoryGiB.value * GiB : null,
    fits: plan.fits,
    plan,
  };
}
