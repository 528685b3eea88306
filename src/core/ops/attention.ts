/**
 * Attention core: scores, softmax and the weighted sum of values, naive (three kernels
 * with the score matrix materialized) or fused (FlashAttention: one kernel, scores stay
 * on chip).
 *
 * Shapes: `batch` sequences, `queries` new tokens each, `keys` KV entries read per
 * sequence, `heads` query heads sharing `kvHeads` K/V heads (GQA/MQA), `headDim`.
 * `pairs` is the number of (query, key) products per head and sequence that the kernel
 * actually computes: a naive kernel computes every entry of the queries × keys matrix
 * (the causal mask is applied afterwards), a fused kernel skips fully masked tiles, which
 * we idealize as skipping every masked pair.
 */
import type { PeakKey } from "../quant/index.js";
import { makeOp, type OpCost } from "./types.js";

/** FLOPs per score element for a numerically stable softmax: scale, max, subtract, exp, sum, divide. */
export const SOFTMAX_FLOPS_PER_ELEMENT = 5;

export interface AttentionShape {
  readonly batch: number;
  readonly queries: number;
  readonly keys: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Sliding window (keys visible to one query), if any. */
  readonly window?: number | undefined;
  /** Chunked local attention (Llama 4): a query sees the earlier keys of its chunk of this size. */
  readonly chunk?: number | undefined;
  /** A learned sink logit per head joins each softmax row (gpt-oss): one more exp and add per row. */
  readonly sinks?: boolean | undefined;
  readonly activationBytes: number;
  /** Bytes per K or V value in the cache (exact for block formats). */
  readonly kvBytes: number;
  readonly precision: PeakKey;
}

/**
 * Unmasked (query, key) pairs under a causal mask, when the `queries` new tokens are the
 * last `queries` of `keys` positions: query i (0-based) sees min(keys − queries + i + 1, window).
 */
export function causalPairs(queries: number, keys: number, window?: number): number {
  const before = keys - queries;
  const w = window ?? Infinity;
  // Σ_{i=0}^{q-1} min(before + i + 1, w): the first part grows by one per query, then it is flat at w.
  const firstFull = Math.max(0, Math.min(queries, w - before)); // queries with before+i+1 <= w
  const growing = firstFull * before + (firstFull * (firstFull + 1)) / 2;
  const flat = (queries - firstFull) * Math.min(w, keys);
  return growing + flat;
}

/**
 * Unmasked pairs under chunked attention: position j (0-based) sees (j mod chunk) + 1 keys;
 * the queries are positions keys − queries … keys − 1.
 */
export function chunkedPairs(queries: number, keys: number, chunk: number): number {
  const upTo = (n: number) => {
    const r = n % chunk;
    return Math.floor(n / chunk) * ((chunk * (chunk + 1)) / 2) + (r * (r + 1)) / 2;
  };
  return upTo(keys) - upTo(keys - queries);
}

/** Pairs a fused kernel computes: the causal mask, with the window or chunks. */
export function visiblePairs(s: AttentionShape): number {
  return s.chunk !== undefined
    ? chunkedPairs(s.queries, s.keys, s.chunk)
    : causalPairs(s.queries, s.keys, s.window);
}

/** Keys one query row spans in memory: the window caps what is read; a chunk holds the keys of its part. */
export function keysRead(s: AttentionShape): number {
  if (s.queries !== 1) return s.keys;
  if (s.window !== undefined) return Math.min(s.keys, s.window);
  if (s.chunk !== undefined) return ((s.keys - 1) % s.chunk) + 1;
  return s.keys;
}

/** FLOPs of the sink logits: one exp and one add per softmax row. */
const sinkFlops = (s: AttentionShape) => (s.sinks ? 2 * s.batch * s.heads * s.queries : 0);

export function attentionNaive(s: AttentionShape): [scores: OpCost, softmax: OpCost, values: OpCost] {
  const keys = keysRead(s);
  const scores = s.batch * s.heads * s.queries * keys;
  const qk = 2 * scores * s.headDim;
  const qBytes = s.batch * s.queries * s.heads * s.headDim * s.activationBytes;
  const kvOneSide = s.batch * keys * s.kvHeads * s.headDim * s.kvBytes;
  const shape = `${s.heads}h×[${s.queries}×${s.headDim}]·[${s.headDim}×${keys}]`;
  return [
    makeOp({
      name: "attn_scores",
      kind: "attn_scores",
      kernel: "attention",
      group: "attention",
      shape: s.batch > 1 ? `${s.batch}×${shape}` : shape,
      flops: qk,
      bytes: { weights: 0, activations: qBytes + scores * s.activationBytes, kvRead: kvOneSide, kvWrite: 0 },
      precision: s.precision,
    }),
    makeOp({
      name: "softmax",
      kind: "softmax",
      kernel: "attention",
      group: "attention",
      shape: `${s.batch * s.heads}×[${s.queries}×${keys}]`,
      flops: SOFTMAX_FLOPS_PER_ELEMENT * scores + sinkFlops(s),
      bytes: { weights: 0, activations: 2 * scores * s.activationBytes, kvRead: 0, kvWrite: 0 },
      precision: s.precision,
    }),
    makeOp({
      name: "attn_values",
      kind: "attn_values",
      kernel: "attention",
      group: "attention",
      shape: `${s.heads}h×[${s.queries}×${keys}]·[${keys}×${s.headDim}]`,
      flops: qk,
      bytes: { weights: 0, activations: scores * s.activationBytes + qBytes, kvRead: kvOneSide, kvWrite: 0 },
      precision: s.precision,
    }),
  ];
}

export function attentionFused(s: AttentionShape): OpCost {
  const keys = keysRead(s);
  const pairs = s.batch * s.heads * visiblePairs(s);
  const qBytes = s.batch * s.queries * s.heads * s.headDim * s.activationBytes;
  const kv = 2 * s.batch * keys * s.kvHeads * s.headDim * s.kvBytes;
  return makeOp({
    name: "attention",
    kind: "attn_fused",
    kernel: "attention",
    group: "attention",
    shape: `${s.heads}h/${s.kvHeads}kv q${s.queries} k${keys} d${s.headDim}`,
    flops: 4 * pairs * s.headDim + SOFTMAX_FLOPS_PER_ELEMENT * pairs + sinkFlops(s),
    // Q read and O written once; K and V read once (ideal tiling; long prefill re-reads them per query block).
    bytes: { weights: 0, activations: 2 * qBytes, kvRead: kv, kvWrite: 0 },
    precision: s.precision,
  });
}
