/**
 * Matrix multiplication costs.
 *
 * A GEMM of [m×k]·[k×n] performs 2·m·n·k FLOPs (one multiply and one add per term).
 * Traffic model for a projection: the weight matrix is read once per forward pass
 * (however many tokens share it), the input activations are read once and the output
 * written once (each op its own kernel, no fusion).
 */
import type { PeakKey } from "../quant/index.js";
import { MATVEC_MAX_ROWS, makeOp, type OpCost, type OpGroup } from "./types.js";

export interface ProjectionInput {
  readonly name: string;
  readonly group: OpGroup;
  /** Rows of the activation matrix: tokens in the pass (batch × new tokens). */
  readonly tokens: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Bytes of the weight matrix as stored (exact for block formats). */
  readonly weightBytes: number;
  readonly activationBytes: number;
  /** Bytes per output value when the output goes to the KV cache instead of an activation buffer. */
  readonly kvOutputBytes?: number | undefined;
  readonly bias?: boolean;
  /** Weights stored quantized (GGUF blocks, integers) and dequantized on the fly. */
  readonly quantizedWeights?: boolean;
  /** Fraction of the multiply-adds performed: 0.5 under 2:4 structured sparsity. */
  readonly denseFraction?: number | undefined;
  readonly precision: PeakKey;
  /** Storage format of the weights (selects the engine's kernel path). */
  readonly weightFormat?: string;
}

export function projection(p: ProjectionInput): OpCost {
  const { tokens: m, inFeatures: k, outFeatures: n } = p;
  const out = m * n;
  const toCache = p.kvOutputBytes !== undefined;
  return makeOp({
    name: p.name,
    kind: "gemm",
    kernel: m > MATVEC_MAX_ROWS ? "matmul" : p.quantizedWeights ? "matvec_q" : "matvec",
    group: p.group,
    shape: `[${m}×${k}]·[${k}×${n}]`,
    flops: 2 * m * n * k * (p.denseFraction ?? 1) + (p.bias ? out : 0),
    bytes: {
      weights: p.weightBytes,
      activations: m * k * p.activationBytes + (toCache ? 0 : out * p.activationBytes),
      kvRead: 0,
      kvWrite: toCache ? out * (p.kvOutputBytes ?? 0) : 0,
    },
    precision: p.precision,
    weightFormat: p.weightFormat ?? null,
    rows: m,
  });
}

/** Standalone GEMM of chapter 2.1.2 / 2.4.1: FLOPs and two traffic models. */
export interface GemmInput {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** Number of products. */
  readonly batch: number;
  /** "shared": the batch shares the [k×n] operand (LLM weights); "independent": [B,m,k]·[B,k,n]. */
  readonly batchMode: "shared" | "independent";
  readonly bytesPerElement: number;
}

export interface GemmCost {
  readonly flops: number;
  /** Each operand and the result moved once (the chapter's "no cache reuse" formula). */
  readonly bytesCompulsory: number;
  /** A naive loop with no cache at all: both operands loaded for every multiply-add. */
  readonly bytesNoCache: number;
}

export function gemmCost(g: GemmInput): GemmCost {
  const { m, k, n, batch: b, bytesPerElement: s } = g;
  const a = b * m * k;
  const bm = g.batchMode === "shared" ? k * n : b * k * n;
  const c = b * m * n;
  return {
    flops: 2 * b * m * n * k,
    bytesCompulsory: (a + bm + c) * s,
    bytesNoCache: (2 * b * m * n * k + c) * s,
  };
}
