/** Parameter counts derived from the architecture (checked against published totals in tests). */

import type { ModelSpec } from "./schema.js";
import { layerSmallElements, layerTensorElements } from "./weights.js";

export interface ParamCount {
  total: number;
  /** Parameters used per token (differs from total for MoE). */
  active: number;
  embedding: number;
  perLayer: number;
}

export function countParams(m: ModelSpec): ParamCount {
  const e = layerTensorElements(m);
  const experts = m.moe?.numExperts ?? 1;
  const used = m.moe?.expertsPerToken ?? 1;
  const attn = e.attn_q + e.attn_k + e.attn_v + e.attn_o;
  const expert = e.ffn_gate + e.ffn_up + e.ffn_down;
  const shared = e.shared_gate + e.shared_up + e.shared_down;
  const fixed = attn + e.router + shared + layerSmallElements(m);
  const embedding = m.vocabSize * m.hiddenSize;
  const head = m.tieEmbeddings ? 0 : embedding;
  const finalNorm = m.norm === "layernorm" ? 2 * m.hiddenSize : m.hiddenSize;
  const perLayer = fixed + experts * expert;
  return {
    total: embedding + head + finalNorm + m.numLayers * perLayer,
    active: embedding + head + finalNorm + m.numLayers * (fixed + used * expert),
    embedding,
    perLayer,
  };
}
