/**
 * Weight storage of a model: bytes and format of every tensor the cost model reads.
 *
 * Built either from a spec plus a weight recipe (presets, config.json) or exactly from
 * a GGUF tensor table, where each tensor has its own type (mixed quantizations).
 * For MoE layers `ffn_gate/up/down` describe ONE routed expert; the layer holds
 * `moe.numExperts` of them.
 */
import { type FormatName, storageBytes, tensorFormat } from "../quant/index.js";
import type { ModelSpec } from "./schema.js";

export const LAYER_TENSORS = [
  "attn_q",
  "attn_k",
  "attn_v",
  "attn_o",
  "ffn_gate",
  "ffn_up",
  "ffn_down",
  "router",
  "shared_gate",
  "shared_up",
  "shared_down",
] as const;
export type LayerTensor = (typeof LAYER_TENSORS)[number];

export interface TensorWeight {
  readonly bytes: number;
  /** Storage format name (a Ridgeline format, or a GGUF type name for exotic types). */
  readonly format: string;
}

export interface LayerWeights {
  readonly tensors: Readonly<Record<LayerTensor, TensorWeight>>;
  /** Norm weights and biases of the layer, bytes. */
  readonly smallBytes: number;
}

export interface ModelWeights {
  readonly layers: readonly LayerWeights[];
  readonly embedding: TensorWeight;
  /** With tied embeddings this is the embedding matrix read again (not stored twice). */
  readonly lmHead: TensorWeight;
  readonly tied: boolean;
  /** Final norm weights, bytes. */
  readonly finalNormBytes: number;
  /** Where the numbers come from: "recipe:<name>" or "gguf". */
  readonly origin: string;
}

/** Shapes (element counts) of every tensor of one layer, from the spec. */
export function layerTensorElements(m: ModelSpec): Record<LayerTensor, number> {
  const d = m.hiddenSize;
  const qOut = m.numHeads * m.headDim;
  const kvOut = m.numKvHeads * m.headDim;
  const ff = m.moe ? m.moe.expertIntermediateSize : m.intermediateSize;
  const sharedFf = m.moe?.sharedExperts
    ? (m.moe.sharedIntermediateSize ?? m.moe.expertIntermediateSize) * m.moe.sharedExperts
    : 0;
  return {
    attn_q: d * qOut,
    attn_k: d * kvOut,
    attn_v: d * kvOut,
    attn_o: qOut * d,
    ffn_gate: m.ffn.gated ? d * ff : 0,
    ffn_up: d * ff,
    ffn_down: ff * d,
    router: m.moe ? d * m.moe.numExperts : 0,
    shared_gate: sharedFf && m.ffn.gated ? d * sharedFf : 0,
    shared_up: sharedFf ? d * sharedFf : 0,
    shared_down: sharedFf ? sharedFf * d : 0,
  };
}

/** Norm weights and biases of one layer, element count. */
export function layerSmallElements(m: ModelSpec): number {
  const normParams = m.norm === "layernorm" ? 2 * m.hiddenSize : m.hiddenSize;
  const bias = m.qkvBias ? (m.numHeads + 2 * m.numKvHeads) * m.headDim : 0;
  const qk = m.qkNorm ? 2 * m.headDim : 0;
  return 2 * normParams + bias + qk;
}

/**
 * Weights under a recipe. Matrices take the recipe's format; norms and biases stay in
 * `smallFormat` (they are never quantized by real engines; fp32 in GGUF files).
 */
export function weightsFromRecipe(m: ModelSpec, recipe: string, smallFormat: FormatName): ModelWeights {
  const elements = layerTensorElements(m);
  const smallBytes = storageBytes(smallFormat, layerSmallElements(m));
  const layers: LayerWeights[] = [];
  for (let i = 0; i < m.numLayers; i++) {
    const tensors = {} as Record<LayerTensor, TensorWeight>;
    for (const t of LAYER_TENSORS) {
      // The router is tiny and precision-critical: engines keep it unquantized.
      const format = t === "router" ? smallFormat : tensorFormat(recipe, roleOf(t), i, m.numLayers);
      tensors[t] = { bytes: elements[t] === 0 ? 0 : storageBytes(format, elements[t]), format };
    }
    layers.push({ tensors, smallBytes });
  }
  const embFormat = tensorFormat(recipe, "embedding", 0, m.numLayers);
  const headFormat = m.tieEmbeddings ? embFormat : tensorFormat(recipe, "lm_head", 0, m.numLayers);
  const matrix = m.vocabSize * m.hiddenSize;
  return {
    layers,
    embedding: { bytes: storageBytes(embFormat, matrix), format: embFormat },
    lmHead: { bytes: storageBytes(headFormat, matrix), format: headFormat },
    tied: m.tieEmbeddings,
    finalNormBytes: storageBytes(smallFormat, m.norm === "layernorm" ? 2 * m.hiddenSize : m.hiddenSize),
    origin: `recipe:${recipe}`,
  };
}

function roleOf(t: LayerTensor) {
  switch (t) {
    case "shared_gate":
      return "ffn_gate" as const;
    case "shared_up":
      return "ffn_up" as const;
    case "shared_down":
      return "ffn_down" as const;
    default:
      return t;
  }
}

/** Bytes the model occupies in memory (tied embeddings counted once; all experts). */
export function storedWeightBytes(w: ModelWeights, m: ModelSpec): number {
  const experts = m.moe?.numExperts ?? 1;
  let total = w.embedding.bytes + (w.tied ? 0 : w.lmHead.bytes) + w.finalNormBytes;
  for (const l of w.layers) {
    const t = l.tensors;
    total +=
      t.attn_q.bytes +
      t.attn_k.bytes +
      t.attn_v.bytes +
      t.attn_o.bytes +
      t.router.bytes +
      experts * (t.ffn_gate.bytes + t.ffn_up.bytes + t.ffn_down.bytes) +
      t.shared_gate.bytes +
      t.shared_up.bytes +
      t.shared_down.bytes +
      l.smallBytes;
  }
  return total;
}
