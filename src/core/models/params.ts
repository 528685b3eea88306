/** Parameter counts derived from the architecture (checked against published totals in tests). */

import { layerKindCounts } from "./layers.js";
import type { LayerKind, ModelSpec } from "./schema.js";
import { LAYER_TENSORS, layerSmallElements, layerTensorElements } from "./weights.js";

export interface ParamCount {
  /** Every stored parameter: the language model plus any vision tower. */
  total: number;
  /** Parameters used per token (differs from total for MoE; no vision tower). */
  active: number;
  embedding: number;
  /** Parameters of one layer of the most common kind. */
  perLayer: number;
  /** Vision tower and projector (held in memory, not run by the analysis); 0 if none. */
  vision: number;
}

/** Parameters of one layer of a kind: all of them, and those one token uses. */
export function layerParams(m: ModelSpec, kind: LayerKind): { all: number; used: number } {
  const e = layerTensorElements(m, kind);
  const moeLayer = kind.ffn === "moe";
  const experts = moeLayer ? (m.moe?.numExperts ?? 1) : 1;
  const used = moeLayer ? (m.moe?.expertsPerToken ?? 1) : 1;
  const expert = e.ffn_gate + e.ffn_up + e.ffn_down;
  // Everything but the routed experts' matrices: mixer, router, shared experts, small vectors.
  let fixed = layerSmallElements(m, kind) - expert;
  for (const slot of LAYER_TENSORS) fixed += e[slot];
  // The small elements hold every expert's biases; a token uses those of its experts only.
  const moe = moeLayer ? m.moe : undefined;
  const biasPerExpert = moe?.expertBias
    ? (m.ffn.gated ? 2 : 1) * moe.expertIntermediateSize + m.hiddenSize
    : 0;
  return { all: fixed + experts * expert, used: fixed + used * expert - (experts - used) * biasPerExpert };
}

export function countParams(m: ModelSpec): ParamCount {
  const embedding = m.vocabSize * m.hiddenSize;
  const head = m.tieEmbeddings ? 0 : embedding;
  const finalNorm = m.norm === "layernorm" ? 2 * m.hiddenSize : m.hiddenSize;
  let all = 0;
  let used = 0;
  let perLayer = 0;
  let most = 0;
  for (const { kind, count } of layerKindCounts(m)) {
    const p = layerParams(m, kind);
    all += count * p.all;
    used += count * p.used;
    if (count > most) {
      most = count;
      perLayer = p.all;
    }
  }
  const vision = m.vision?.params ?? 0;
  return {
    total: embedding + head + finalNorm + all + vision,
    active: embedding + head + finalNorm + used,
    embedding,
    perLayer,
    vision,
  };
}
