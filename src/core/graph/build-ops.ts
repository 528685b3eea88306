/**
 * Phase 1 of the pipeline: turn (model, weights, pass) into the list of op costs of one
 * transformer layer, and of the model-level ops (embedding, final norm, lm_head).
 *
 * A pass is `batch` sequences, each adding `queries` new tokens and attending over
 * `keys` KV entries (prefill: queries = keys = prompt; decode: queries = 1, keys = context).
 */
import { type ResolvedAttention, resolveAttention } from "../models/layers.js";
import { RECURRENT_STATE_BYTES } from "../models/mixers.js";
import type { LayerKind, ModelSpec } from "../models/schema.js";
import { kindOfLayer, type LayerWeights, type ModelWeights, type TensorWeight } from "../models/weights.js";
import {
  type AttentionShape,
  activation,
  attentionFused,
  attentionNaive,
  combine,
  embedding,
  expectedExpertsTouched,
  gate,
  MATVEC_MAX_ROWS,
  makeOp,
  norm,
  type OpCost,
  projection,
  qkNorm,
  residual,
  rope,
  router,
} from "../ops/index.js";
import {
  bitsPerValue,
  bytesPerValue,
  computePrecision,
  FORMATS,
  type FormatName,
  isFormatName,
  type PeakKey,
} from "../quant/index.js";
import { type MixerContext, mixerOps } from "./mixer-ops.js";

export interface Pass {
  readonly batch: number;
  readonly queries: number;
  readonly keys: number;
  readonly attention: "naive" | "flash";
  readonly activations: FormatName;
  readonly kv: FormatName;
  /** Element-wise ops fused into neighbouring kernels: their activation traffic disappears. */
  readonly fusion?: boolean;
  /** 2:4 structured sparsity on the layer weights. */
  readonly sparsity?: "none" | "2:4";
  /** Logits only for the last token of each sequence (llama.cpp's default), else for every token. */
  readonly logitsForAllTokens?: boolean;
}

interface Ctx {
  readonly m: ModelSpec;
  readonly p: Pass;
  readonly tokens: number;
  readonly ab: number;
  readonly kvb: number;
}

/** Precision of a matrix product: weight format with the activation format (W4A16 computes in fp16). */
function gemmPrecision(weightFormat: string, activations: FormatName): PeakKey {
  // GGUF type names that are not Ridgeline formats (e.g. "i8") compute at the activation precision.
  return computePrecision(weightFormat in FORMAT_SET ? (weightFormat as FormatName) : "fp16", activations);
}
const FORMAT_SET: Readonly<Record<string, true>> = {
  fp32: true,
  fp16: true,
  bf16: true,
  fp8: true,
  int8: true,
  int4: true,
};

/**
 * Storage of a 2:4-sparse matrix relative to dense: two of every four values kept, plus a
 * 2-bit index for each kept value: (2·b + 4) / (4·b) for b-bit values (9/16 at fp16).
 */
export function sparseStorageFraction(format: string): number {
  const b = isFormatName(format) ? bitsPerValue(format) : 16;
  return (2 * b + 4) / (4 * b);
}

/** Weights that a kernel dequantizes on the fly: GGUF block types, and integers under float activations. */
export function isQuantizedWeight(format: string, activations: FormatName): boolean {
  if (!isFormatName(format))
    return format !== "f64" && format !== "i16" && format !== "i32" && format !== "i64";
  const f = FORMATS[format];
  return f.kind === "gguf" || (f.kind === "int" && FORMATS[activations].kind !== "int");
}

/** With fusion, element-wise ops keep their FLOPs but move no activations (they run in a GEMM's prologue or epilogue). */
function applyFusion(ops: OpCost[]): void {
  for (const o of ops) if (o.kernel === "elementwise" && !UNFUSED.has(o.kind)) o.bytes.activations = 0;
}
/** Element-wise kernels that stay kernels of their own: the gather, and the recurrent scans (sequential over tokens). */
const UNFUSED: ReadonlySet<OpCost["kind"]> = new Set(["embedding", "ssm_scan", "delta_rule"]);

export function buildLayerOps(m: ModelSpec, layer: LayerWeights, p: Pass): OpCost[] {
  const c: Ctx = {
    m,
    p,
    tokens: p.batch * p.queries,
    ab: bytesPerValue(p.activations),
    kvb: bytesPerValue(p.kv),
  };
  const kind = kindOfLayer(m, layer);
  const d = m.hiddenSize;
  const actPrec = computePrecision(p.activations, p.activations);
  const hasMixer = kind.mixer.kind !== "none";
  const hasFfn = kind.ffn !== "none";
  // The layer's norm weights split evenly over its norms (biases and small vectors ride along).
  const normCount = ((hasMixer ? 1 : 0) + (hasFfn ? 1 : 0)) * ((m.normsPerLayer ?? 2) / 2);
  const normBytes = normCount === 0 ? 0 : layer.smallBytes / normCount;
  const post = (m.normsPerLayer ?? 2) === 4;
  const n = c.tokens;
  const ops: OpCost[] = [];

  if (hasMixer) {
    ops.push(norm("attn_norm", "norm", m.norm, n, d, normBytes, c.ab, actPrec));
    pushMixer(ops, c, kind, layer, actPrec);
    if (post) ops.push(norm("post_attn_norm", "norm", m.norm, n, d, normBytes, c.ab, actPrec));
    ops.push(residual("attn_residual", n, d, c.ab, actPrec));
  }
  if (hasFfn) {
    ops.push(norm("ffn_norm", "norm", m.norm, n, d, normBytes, c.ab, actPrec));
    if (kind.ffn === "moe") pushMoe(ops, c, layer, actPrec);
    else pushFfn(ops, c, layer, "", m.intermediateSize, n, 1, actPrec);
    if (post) ops.push(norm("post_ffn_norm", "norm", m.norm, n, d, normBytes, c.ab, actPrec));
    ops.push(residual("ffn_residual", n, d, c.ab, actPrec));
  }
  if (p.fusion) applyFusion(ops);
  return ops;
}

/** The token mixer of a layer: one case per mixer kind (schema.ts `Mixer`). */
function pushMixer(ops: OpCost[], c: Ctx, kind: LayerKind, layer: LayerWeights, actPrec: PeakKey): void {
  const x = kind.mixer;
  switch (x.kind) {
    case "attention":
      pushAttention(ops, c, resolveAttention(c.m, x), layer, actPrec);
      return;
    case "none":
      return;
    default: {
      const built = mixerOps(x, mixerContext(c, layer, actPrec));
      if (built) ops.push(...built);
      return;
    }
  }
}

/** What the latent-attention and recurrent mixers need from this layer and pass (mixer-ops.ts). */
function mixerContext(c: Ctx, layer: LayerWeights, actPrec: PeakKey): MixerContext {
  const { p } = c;
  const sparse = p.sparsity === "2:4";
  const project: MixerContext["project"] = (w: TensorWeight, q) => {
    const heads = q.heads ?? 1;
    const quantized = isQuantizedWeight(w.format, p.activations);
    const op = projection({
      name: q.name,
      group: q.group,
      tokens: q.rows * heads,
      inFeatures: q.inFeatures,
      outFeatures: q.outFeatures,
      weightBytes: sparse ? w.bytes * sparseStorageFraction(w.format) : w.bytes,
      denseFraction: sparse ? 0.5 : 1,
      quantizedWeights: quantized,
      activationBytes: c.ab,
      kvOutputBytes: q.toCache ? c.kvb : undefined,
      precision: gemmPrecision(w.format, p.activations),
      weightFormat: w.format,
    });
    if (heads === 1) return op;
    // A product batched over heads runs as one matrix-vector product per head in decode.
    const kernel = q.rows > MATVEC_MAX_ROWS ? "matmul" : quantized ? "matvec_q" : "matvec";
    return makeOp({ ...op, kernel, shape: `${heads}h×${op.shape}` });
  };
  return {
    m: c.m,
    layer,
    pass: p,
    activationBytes: c.ab,
    kvBytes: c.kvb,
    precision: actPrec,
    project,
  };
}

function pushAttention(
  ops: OpCost[],
  c: Ctx,
  a: ResolvedAttention,
  layer: LayerWeights,
  actPrec: PeakKey,
): void {
  const { m, p } = c;
  const t = layer.tensors;
  const d = m.hiddenSize;
  const qW = a.heads * a.headDim;
  const kvW = a.kvHeads * a.headDim;
  const n = c.tokens;
  const sparse = p.sparsity === "2:4";
  const proj = (
    name: string,
    w: { bytes: number; format: string },
    inF: number,
    outF: number,
    toCache = false,
  ) =>
    projection({
      name,
      group: "attention",
      tokens: n,
      inFeatures: inF,
      outFeatures: outF,
      weightBytes: sparse ? w.bytes * sparseStorageFraction(w.format) : w.bytes,
      denseFraction: sparse ? 0.5 : 1,
      quantizedWeights: isQuantizedWeight(w.format, p.activations),
      activationBytes: c.ab,
      kvOutputBytes: toCache ? c.kvb : undefined,
      bias: name === "o_proj" ? m.oBias === true : m.qkvBias,
      precision: gemmPrecision(w.format, p.activations),
      weightFormat: w.format,
    });
  // A gated attention's q_proj also gives the output gate (Qwen3-Next).
  ops.push(proj("q_proj", t.attn_q, d, a.outputGate ? 2 * qW : qW));
  // Without rotary (a NoPE layer) K goes from its projection straight to the cache.
  ops.push(proj("k_proj", t.attn_k, d, kvW, !a.rope));
  ops.push(proj("v_proj", t.attn_v, d, kvW, true));
  if (a.qkNorm) ops.push(qkNorm(n, qW, kvW, c.ab, actPrec));
  if (a.rope) ops.push(rope(n, qW, kvW, c.ab, c.kvb, actPrec, a.rotaryFraction));

  const shape: AttentionShape = {
    batch: p.batch,
    queries: p.queries,
    keys: p.keys,
    heads: a.heads,
    kvHeads: a.kvHeads,
    headDim: a.headDim,
    window: a.window,
    chunk: a.chunk,
    sinks: a.sinks,
    activationBytes: c.ab,
    kvBytes: c.kvb,
    precision: actPrec,
  };
  if (p.attention === "flash") ops.push(attentionFused(shape));
  else {
    const [scores, softmax, values] = attentionNaive(shape);
    ops.push(scores, softmax, values);
  }
  if (a.outputGate) {
    // out ⊙ σ(gate): a sigmoid (exp, add, divide: 4) and a multiply per value.
    ops.push(gate("attn_output_gate", mixerPassOf(c, actPrec), qW, 5, 2, 0, "attention"));
  }
  ops.push(proj("o_proj", t.attn_o, qW, d));
}

const mixerPassOf = (c: Ctx, actPrec: PeakKey) => ({
  batch: c.p.batch,
  queries: c.p.queries,
  keys: c.p.keys,
  attention: c.p.attention,
  activationBytes: c.ab,
  kvBytes: c.kvb,
  stateBytes: RECURRENT_STATE_BYTES,
  precision: actPrec,
});

/**
 * A (gated) FFN over `rows` token-rows. `weightCopies` is how many distinct copies of
 * the weights are read (experts touched), each of the given per-copy bytes.
 */
function pushFfn(
  ops: OpCost[],
  c: Ctx,
  layer: LayerWeights,
  prefix: "" | "expert_" | "shared_",
  ff: number,
  rows: number,
  weightCopies: number,
  actPrec: PeakKey,
): void {
  const { m, p } = c;
  const d = m.hiddenSize;
  const t = layer.tensors;
  const sparse = p.sparsity === "2:4";
  const [gate, up, down] =
    prefix === "shared_" ? [t.shared_gate, t.shared_up, t.shared_down] : [t.ffn_gate, t.ffn_up, t.ffn_down];
  const gemm = (name: string, w: { bytes: number; format: string }, inF: number, outF: number) =>
    projection({
      name: prefix + name,
      group: "ffn",
      tokens: rows,
      inFeatures: inF,
      outFeatures: outF,
      weightBytes: w.bytes * weightCopies * (sparse ? sparseStorageFraction(w.format) : 1),
      denseFraction: sparse ? 0.5 : 1,
      quantizedWeights: isQuantizedWeight(w.format, p.activations),
      activationBytes: c.ab,
      precision: gemmPrecision(w.format, p.activations),
      weightFormat: w.format,
    });
  if (m.ffn.gated) ops.push(gemm("gate_proj", gate, d, ff));
  ops.push(gemm("up_proj", up, d, ff));
  ops.push(activation(`${prefix}act`, m.ffn.activation, m.ffn.gated, rows, ff, c.ab, actPrec));
  ops.push(gemm("down_proj", down, ff, d));
}

function pushMoe(ops: OpCost[], c: Ctx, layer: LayerWeights, actPrec: PeakKey): void {
  const moe = c.m.moe;
  if (!moe) return;
  const d = c.m.hiddenSize;
  ops.push(router(c.tokens, d, moe.numExperts, layer.tensors.router.bytes, c.ab, actPrec));
  const touched = expectedExpertsTouched(moe.numExperts, moe.expertsPerToken, c.tokens);
  pushFfn(
    ops,
    c,
    layer,
    "expert_",
    moe.expertIntermediateSize,
    c.tokens * moe.expertsPerToken,
    touched,
    actPrec,
  );
  if (moe.sharedExperts > 0) {
    const ff = (moe.sharedIntermediateSize ?? moe.expertIntermediateSize) * moe.sharedExperts;
    pushFfn(ops, c, layer, "shared_", ff, c.tokens, 1, actPrec);
  }
  ops.push(combine(c.tokens, moe.expertsPerToken, d, c.ab, actPrec));
}

/** Embedding lookup for every new token; final norm and lm_head for the tokens that need logits. */
export function buildModelOps(m: ModelSpec, w: ModelWeights, p: Pass): OpCost[] {
  const ab = bytesPerValue(p.activations);
  const actPrec = computePrecision(p.activations, p.activations);
  const tokens = p.batch * p.queries;
  const logitRows = p.logitsForAllTokens ? tokens : p.batch;
  const d = m.hiddenSize;
  const ops = [
    embedding(tokens, d, m.vocabSize, w.embedding.bytes, ab, actPrec),
    norm("final_norm", "head", m.norm, logitRows, d, w.finalNormBytes, ab, actPrec),
    projection({
      name: "lm_head",
      group: "head",
      tokens: logitRows,
      inFeatures: d,
      outFeatures: m.vocabSize,
      weightBytes: w.lmHead.bytes,
      quantizedWeights: isQuantizedWeight(w.lmHead.format, p.activations),
      activationBytes: ab,
      precision: gemmPrecision(w.lmHead.format, p.activations),
      weightFormat: w.lmHead.format,
    }),
  ];
  if (p.fusion) applyFusion(ops);
  return ops;
}
