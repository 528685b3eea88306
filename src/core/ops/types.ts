/**
 * Operator cost records: FLOPs and bytes moved by tensor kind, as pure data.
 * Each op file exports cost functions of shape, formats and attributes.
 */
import type { PeakKey } from "../quant/index.js";

export const OP_KINDS = [
  "embedding",
  "norm",
  "gemm",
  "rope",
  "qk_norm",
  "attn_scores",
  "softmax",
  "attn_values",
  "attn_fused",
  "activation",
  "residual",
  "moe_router",
  "moe_combine",
  "conv1d",
  "ssm_scan",
  "delta_rule",
  "gate",
] as const;
export type OpKind = (typeof OP_KINDS)[number];

/**
 * The kind of kernel an op runs as, for achievable efficiencies: matrix-vector products
 * (decode, small batches) stream weights — dense ("matvec") or block/integer-quantized
 * ("matvec_q", which also unpacks and rescales every weight, so reaches a different share
 * of the bandwidth); matrix-matrix products (prefill) can reach the compute roof;
 * attention and element-wise kernels have their own behaviour.
 */
export const KERNEL_KINDS = ["matvec", "matvec_q", "matmul", "attention", "elementwise"] as const;
export type KernelKind = (typeof KERNEL_KINDS)[number];

/** A projection over at most this many token rows runs as a matrix-vector kernel (as llama.cpp does for small batches). */
export const MATVEC_MAX_ROWS = 8;

/**
 * Which block of the model an op belongs to (for shares of FLOPs and time). "recurrent": the
 * O(1)-state token mixers (Mamba-2, Gated DeltaNet, short convolutions), kept apart from
 * attention so that attention's share stays attention's.
 */
export const OP_GROUPS = ["attention", "ffn", "norm", "residual", "embedding", "head", "recurrent"] as const;
export type OpGroup = (typeof OP_GROUPS)[number];

/** Bytes moved to and from memory, by tensor kind. kvRead / kvWrite also carry recurrent-state traffic (the cache of a recurrent layer). */
export interface ByteBreakdown {
  weights: number;
  activations: number;
  kvRead: number;
  kvWrite: number;
}

export interface OpCost {
  /** Stable identifier within a layer, e.g. "q_proj". */
  readonly name: string;
  readonly kind: OpKind;
  readonly kernel: KernelKind;
  readonly group: OpGroup;
  /** Human-readable shape, e.g. "[2048×4096]·[4096×1024]". */
  readonly shape: string;
  readonly flops: number;
  readonly bytes: ByteBreakdown;
  /** Precision the arithmetic runs at: selects the device peak (the kernel path may choose another, see roofline/kernel-path.ts). */
  readonly precision: PeakKey;
  /** Storage format of a matrix product's weights ("q4_k", "fp16", a GGUF type name); null for ops without weights. */
  readonly weightFormat?: string | null;
  /** Token rows of a matrix product (llama.cpp's ne11), which picks its kernel; 0 for other ops. */
  readonly rows?: number;
}

export const zeroBytes = (): ByteBreakdown => ({ weights: 0, activations: 0, kvRead: 0, kvWrite: 0 });

export function totalBytes(b: ByteBreakdown): number {
  return b.weights + b.activations + b.kvRead + b.kvWrite;
}

/**
 * The one constructor of op records. It also reserves the fields the roofline evaluation
 * fills in later (see roofline/evaluate.ts), so every op object has one shape from birth
 * and evaluation allocates nothing: this keeps a full-model analysis in microseconds.
 */
export function makeOp(o: OpCost): OpCost {
  const r = {
    name: o.name,
    kind: o.kind,
    kernel: o.kernel,
    group: o.group,
    shape: o.shape,
    flops: o.flops,
    bytes: o.bytes,
    precision: o.precision,
    weightFormat: o.weightFormat ?? null,
    rows: o.rows ?? 0,
    bytesTotal: 0,
    intensity: 0,
    peakUsed: null,
    why: "",
    ridge: null,
    bound: "memory",
    boundClass: "compute",
    timeBoundS: 0,
    timeEstimateS: 0,
  };
  return r as OpCost;
}
