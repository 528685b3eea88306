/**
 * Element-wise and gather ops: norms, rotary embedding, activations, residual adds,
 * embedding lookup. Their FLOPs are small conventions (listed here, in one place);
 * their bytes are what makes them matter: each reads and writes whole activations.
 */
import type { PeakKey } from "../quant/index.js";
import { makeOp, type OpCost, type OpGroup } from "./types.js";

/** FLOPs per element. RMSNorm: square, accumulate, scale by 1/rms, scale by weight. */
export const NORM_FLOPS = { rmsnorm: 4, layernorm: 7 } as const;
/** Rotating a pair costs 4 multiplies and 2 adds: 3 FLOPs per element. */
export const ROPE_FLOPS_PER_ELEMENT = 3;
/** FLOPs per element of the activation function (exp, tanh and erf counted as one). */
export const ACTIVATION_FLOPS = { silu: 4, gelu: 8, gelu_tanh: 9, relu: 1 } as const;

export type NormKind = keyof typeof NORM_FLOPS;
export type ActivationKind = keyof typeof ACTIVATION_FLOPS;

export function norm(
  name: string,
  group: OpGroup,
  kind: NormKind,
  tokens: number,
  width: number,
  weightBytes: number,
  actBytes: number,
  precision: PeakKey,
): OpCost {
  const n = tokens * width;
  return makeOp({
    name,
    kind: "norm",
    kernel: "elementwise",
    group,
    shape: `[${tokens}×${width}]`,
    flops: NORM_FLOPS[kind] * n,
    bytes: { weights: weightBytes, activations: 2 * n * actBytes, kvRead: 0, kvWrite: 0 },
    precision,
  });
}

/**
 * Rotary embedding on Q and K. Q goes back to an activation buffer; K, once rotated, is
 * written to the KV cache (in the cache's format). With partial rotary only `fraction` of
 * each head is rotated (the kernel still reads and writes whole rows).
 */
export function rope(
  tokens: number,
  qWidth: number,
  kWidth: number,
  actBytes: number,
  kvBytes: number,
  precision: PeakKey,
  fraction = 1,
): OpCost {
  return makeOp({
    name: "rope",
    kind: "rope",
    kernel: "elementwise",
    group: "attention",
    shape: `[${tokens}×${qWidth}] + [${tokens}×${kWidth}]${fraction < 1 ? ` (${fraction} rotated)` : ""}`,
    flops: ROPE_FLOPS_PER_ELEMENT * tokens * (qWidth + kWidth) * fraction,
    bytes: {
      weights: 0,
      activations: tokens * (2 * qWidth + kWidth) * actBytes,
      kvRead: 0,
      kvWrite: tokens * kWidth * kvBytes,
    },
    precision,
  });
}

/** Per-head RMSNorm of Q and K (Qwen3). */
export function qkNorm(
  tokens: number,
  qWidth: number,
  kWidth: number,
  actBytes: number,
  precision: PeakKey,
): OpCost {
  const n = tokens * (qWidth + kWidth);
  return makeOp({
    name: "qk_norm",
    kind: "qk_norm",
    kernel: "elementwise",
    group: "attention",
    shape: `[${tokens}×${qWidth}] + [${tokens}×${kWidth}]`,
    flops: NORM_FLOPS.rmsnorm * n,
    bytes: { weights: 0, activations: 2 * n * actBytes, kvRead: 0, kvWrite: 0 },
    precision,
  });
}

/**
 * FFN activation. Gated (SwiGLU/GeGLU): act(gate) ⊙ up, reading two inputs; plain: act(x).
 */
export function activation(
  name: string,
  kind: ActivationKind,
  gated: boolean,
  tokens: number,
  width: number,
  actBytes: number,
  precision: PeakKey,
): OpCost {
  const n = tokens * width;
  return makeOp({
    name,
    kind: "activation",
    kernel: "elementwise",
    group: "ffn",
    shape: `[${tokens}×${width}]${gated ? " ⊙ gate" : ""}`,
    flops: n * (ACTIVATION_FLOPS[kind] + (gated ? 1 : 0)),
    bytes: { weights: 0, activations: (gated ? 3 : 2) * n * actBytes, kvRead: 0, kvWrite: 0 },
    precision,
  });
}

export function residual(
  name: string,
  tokens: number,
  width: number,
  actBytes: number,
  precision: PeakKey,
): OpCost {
  const n = tokens * width;
  return makeOp({
    name,
    kind: "residual",
    kernel: "elementwise",
    group: "residual",
    shape: `[${tokens}×${width}]`,
    flops: n,
    bytes: { weights: 0, activations: 3 * n * actBytes, kvRead: 0, kvWrite: 0 },
    precision,
  });
}

/** Embedding lookup: one row of the table per token (rows of repeated tokens counted each time). */
export function embedding(
  tokens: number,
  width: number,
  vocab: number,
  tableBytes: number,
  actBytes: number,
  precision: PeakKey,
): OpCost {
  const rows = Math.min(tokens, vocab);
  return makeOp({
    name: "embedding",
    kind: "embedding",
    kernel: "elementwise",
    group: "embedding",
    shape: `gather ${tokens} of [${vocab}×${width}]`,
    flops: 0,
    bytes: {
      weights: (tableBytes / vocab) * rows,
      activations: tokens * width * actBytes,
      kvRead: 0,
      kvWrite: 0,
    },
    precision,
  });
}
