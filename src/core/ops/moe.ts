/**
 * Mixture-of-experts routing. Each token runs `k` of `E` experts. What matters for
 * traffic is how many distinct experts a pass touches: under uniform routing of `t`
 * tokens, the expected count is E·(1 − (1 − k/E)^t) — one token reads k experts, a
 * long prompt reads all of them.
 */
import type { PeakKey } from "../quant/index.js";
import { MATVEC_MAX_ROWS, makeOp, type OpCost } from "./types.js";

export function expectedExpertsTouched(experts: number, perToken: number, tokens: number): number {
  if (tokens <= 0) return 0;
  return experts * (1 - (1 - perToken / experts) ** tokens);
}

export function router(
  tokens: number,
  width: number,
  experts: number,
  weightBytes: number,
  actBytes: number,
  precision: PeakKey,
): OpCost {
  return makeOp({
    name: "moe_router",
    kind: "moe_router",
    kernel: tokens <= MATVEC_MAX_ROWS ? "matvec" : "matmul",
    group: "ffn",
    shape: `[${tokens}×${width}]·[${width}×${experts}] + top-k`,
    // The gating GEMM plus a softmax over the expert logits.
    flops: 2 * tokens * width * experts + 5 * tokens * experts,
    bytes: {
      weights: weightBytes,
      activations: tokens * (width + experts) * actBytes,
      kvRead: 0,
      kvWrite: 0,
    },
    precision,
  });
}

/** Weighted sum of the k expert outputs back into one hidden vector per token. */
export function combine(
  tokens: number,
  perToken: number,
  width: number,
  actBytes: number,
  precision: PeakKey,
): OpCost {
  return makeOp({
    name: "moe_combine",
    kind: "moe_combine",
    kernel: "elementwise",
    group: "ffn",
    shape: `${perToken}×[${tokens}×${width}]`,
    flops: 2 * tokens * perToken * width,
    bytes: { weights: 0, activations: tokens * (perToken + 1) * width * actBytes, kvRead: 0, kvWrite: 0 },
    precision,
  });
}
