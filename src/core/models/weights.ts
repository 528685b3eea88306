/**
 * Weight storage of a model: bytes and format of every tensor the cost model reads.
 *
 * Built either from a spec plus a weight recipe (presets, config.json) or exactly from
 * a GGUF tensor table, where each tensor has its own type (mixed quantizations).
 * For MoE layers `ffn_gate/up/down` describe ONE routed expert; the layer holds
 * `moe.numExperts` of them. Every layer names its kind (layers.ts): shapes come from it.
 */
import { FORMATS, type FormatName, isFormatName, storageBytes, tensorFormat } from "../quant/index.js";
import { layerKindName, layerKinds, resolveAttention, UNIFORM_KIND } from "./layers.js";
import {
  gdnDims,
  gdnTensorElements,
  mamba2Dims,
  mamba2TensorElements,
  mlaDims,
  mlaTensorElements,
  shortConvDims,
  shortConvTensorElements,
} from "./mixers.js";
import type { LayerKind, ModelSpec } from "./schema.js";

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
  // Multi-head latent attention (mixers.ts): q down/up, KV down (latent + rope key), W_UK, W_UV.
  "attn_q_a",
  "attn_q_b",
  "attn_kv_a",
  "attn_k_b",
  "attn_v_b",
  // Recurrent mixers: input projection(s), Gated DeltaNet's z and β/α projections, conv filter, output projection.
  "mix_in",
  "mix_gate",
  "mix_ba",
  "mix_conv",
  "mix_out",
] as const;
export type LayerTensor = (typeof LAYER_TENSORS)[number];

export interface TensorWeight {
  readonly bytes: number;
  /** Storage format name (a Ridgeline format, or a GGUF type name for exotic types). */
  readonly format: string;
}

export interface LayerWeights {
  /** The layer's kind (a key of `layerKinds(model)`); absent means the model's only kind. */
  readonly kind?: string;
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
  /** Weights held in memory but not run by the analysis (a vision tower), if any. */
  readonly vision?: TensorWeight;
  /** Where the numbers come from: "recipe:<name>" or "gguf". */
  readonly origin: string;
  /** A GGUF's tensor table in file order (where each tensor lies decides what an engine maps). */
  readonly file?: readonly FileTensor[];
}

/** One tensor of a GGUF file: name, ggml dims (innermost first), data offset and bytes, format. */
export interface FileTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly offset: number;
  readonly bytes: number;
  readonly format: string;
}

/** The kind of a layer's weights. */
export function kindOfLayer(m: ModelSpec, l: LayerWeights): LayerKind {
  const k = layerKinds(m)[l.kind ?? UNIFORM_KIND];
  if (!k) throw new Error(`${m.id}: layer weights name kind "${l.kind}", which the model does not have`);
  return k;
}

const defaultKind = (m: ModelSpec): LayerKind => {
  const kinds = layerKinds(m);
  return kinds[UNIFORM_KIND] ?? Object.values(kinds)[0]!;
};

/** Shapes (element counts) of every tensor of one layer of the given kind (default: the model's first kind). */
export function layerTensorElements(
  m: ModelSpec,
  kind: LayerKind = defaultKind(m),
): Record<LayerTensor, number> {
  const d = m.hiddenSize;
  let qOut = 0;
  let kvOut = 0;
  let oIn = 0;
  const mix = {
    attn_q_a: 0,
    attn_q_b: 0,
    attn_kv_a: 0,
    attn_k_b: 0,
    attn_v_b: 0,
    mix_in: 0,
    mix_gate: 0,
    mix_ba: 0,
    mix_conv: 0,
    mix_out: 0,
  };
  const x = kind.mixer;
  switch (x.kind) {
    case "attention": {
      const a = resolveAttention(m, x);
      // A gated attention's q_proj also gives the output gate.
      qOut = a.heads * a.headDim * (a.outputGate ? 2 : 1);
      kvOut = a.kvHeads * a.headDim;
      oIn = a.heads * a.headDim;
      break;
    }
    case "mla": {
      const e = mlaTensorElements(mlaDims(d, m.numHeads, x));
      qOut = e.q / d;
      oIn = e.o / d;
      Object.assign(mix, {
        attn_q_a: e.q_a,
        attn_q_b: e.q_b,
        attn_kv_a: e.kv_a,
        attn_k_b: e.k_b,
        attn_v_b: e.v_b,
      });
      break;
    }
    case "mamba2": {
      const e = mamba2TensorElements(mamba2Dims(d, x));
      Object.assign(mix, { mix_in: e.in, mix_conv: e.conv, mix_out: e.out });
      break;
    }
    case "gated_deltanet": {
      const e = gdnTensorElements(gdnDims(d, x));
      Object.assign(mix, { mix_in: e.qkv, mix_gate: e.z, mix_ba: e.ba, mix_conv: e.conv, mix_out: e.out });
      break;
    }
    case "short_conv": {
      const e = shortConvTensorElements(shortConvDims(d, x));
      Object.assign(mix, { mix_in: e.in, mix_conv: e.conv, mix_out: e.out });
      break;
    }
    case "none":
      break;
  }
  const moe = kind.ffn === "moe" ? m.moe : undefined;
  const ff = kind.ffn === "none" ? 0 : moe ? moe.expertIntermediateSize : m.intermediateSize;
  const sharedFf = moe?.sharedExperts
    ? (moe.sharedIntermediateSize ?? moe.expertIntermediateSize) * moe.sharedExperts
    : 0;
  return {
    attn_q: d * qOut,
    attn_k: d * kvOut,
    attn_v: d * kvOut,
    attn_o: oIn * d,
    ffn_gate: m.ffn.gated ? d * ff : 0,
    ffn_up: d * ff,
    ffn_down: ff * d,
    router: moe ? d * moe.numExperts : 0,
    shared_gate: sharedFf && m.ffn.gated ? d * sharedFf : 0,
    shared_up: sharedFf ? d * sharedFf : 0,
    shared_down: sharedFf ? sharedFf * d : 0,
    ...mix,
  };
}

/**
 * Norm weights, biases and other vectors of one layer of the given kind, element count:
 * the layer's norms, Q/K/V (and output) biases, Q/K norms, attention sinks, router and
 * expert biases (ALL experts' biases), the shared experts' gate.
 */
export function layerSmallElements(m: ModelSpec, kind: LayerKind = defaultKind(m)): number {
  const d = m.hiddenSize;
  const normParams = m.norm === "layernorm" ? 2 * d : d;
  const hasMixer = kind.mixer.kind !== "none";
  const hasFfn = kind.ffn !== "none";
  const norms = (m.normsPerLayer ?? 2) / 2;
  let n = ((hasMixer ? 1 : 0) + (hasFfn ? 1 : 0)) * norms * normParams;
  const x = kind.mixer;
  switch (x.kind) {
    case "attention": {
      const a = resolveAttention(m, x);
      if (m.qkvBias) n += (a.heads + 2 * a.kvHeads) * a.headDim;
      if (m.oBias) n += d;
      if (a.qkNorm && m.qkNormWidth !== "unweighted") {
        n += m.qkNormWidth === "projection" ? (a.heads + a.kvHeads) * a.headDim : 2 * a.headDim;
      }
      if (a.sinks) n += a.heads;
      break;
    }
    case "mla":
      n += mlaTensorElements(mlaDims(d, m.numHeads, x)).norms;
      break;
    case "mamba2":
      n += mamba2TensorElements(mamba2Dims(d, x)).small;
      break;
    case "gated_deltanet":
      n += gdnTensorElements(gdnDims(d, x)).small;
      break;
    case "short_conv":
      n += shortConvTensorElements(shortConvDims(d, x)).small;
      break;
    case "none":
      break;
  }
  const moe = kind.ffn === "moe" ? m.moe : undefined;
  if (moe) {
    if (moe.routerBias) n += moe.numExperts;
    if (moe.expertBias) n += moe.numExperts * ((m.ffn.gated ? 2 : 1) * moe.expertIntermediateSize + d);
    if (moe.sharedExpertGate && moe.sharedExperts > 0) n += d;
  }
  return n;
}

/**
 * Weights under a recipe. Matrices take the recipe's format; norms and biases stay in
 * `smallFormat` (they are never quantized by real engines; fp32 in GGUF files).
 */
export function weightsFromRecipe(m: ModelSpec, recipe: string, smallFormat: FormatName): ModelWeights {
  const kinds = layerKinds(m);
  const shapes = new Map<string, { elements: Record<LayerTensor, number>; smallBytes: number }>();
  for (const [name, k] of Object.entries(kinds)) {
    shapes.set(name, {
      elements: layerTensorElements(m, k),
      smallBytes: storageBytes(smallFormat, layerSmallElements(m, k)),
    });
  }
  const layers: LayerWeights[] = [];
  for (let i = 0; i < m.numLayers; i++) {
    const kind = layerKindName(m, i);
    const { elements, smallBytes } = shapes.get(kind)!;
    const moeLayer = kinds[kind]!.ffn === "moe";
    const tensors = {} as Record<LayerTensor, TensorWeight>;
    for (const t of LAYER_TENSORS) {
      // The router is tiny and precision-critical, the conv filters tiny: engines keep them unquantized.
      const format =
        t === "router" || t === "mix_conv"
          ? smallFormat
          : tensorFormat(recipe, roleOf(t), i, m.numLayers, moeLayer && isExpert(t));
      tensors[t] = { bytes: elements[t] === 0 ? 0 : storageBytes(format, elements[t]), format };
    }
    layers.push(kind === UNIFORM_KIND ? { tensors, smallBytes } : { kind, tensors, smallBytes });
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
    ...(m.vision ? { vision: visionWeight(m.vision.params, recipe, m.numLayers) } : {}),
    origin: `recipe:${recipe}`,
  };
}

/** A vision tower under a recipe: its matrices in the recipe's base format (engines keep it at 16 bits under mixes). */
function visionWeight(params: number, recipe: string, nLayers: number): TensorWeight {
  const f = tensorFormat(recipe, "attn_q", 0, nLayers);
  const format: FormatName = isFormatName(recipe) && !isBlockFormat(f) ? f : "fp16";
  return { bytes: storageBytes(format, params), format };
}

const isBlockFormat = (f: FormatName) => FORMATS[f].kind === "gguf";
const isExpert = (t: LayerTensor) => t === "ffn_gate" || t === "ffn_up" || t === "ffn_down";

function roleOf(t: LayerTensor) {
  switch (t) {
    case "shared_gate":
      return "ffn_gate" as const;
    case "shared_up":
      return "ffn_up" as const;
    case "shared_down":
      return "ffn_down" as const;
    case "attn_q_a":
    case "attn_q_b":
    case "attn_kv_a":
    case "attn_k_b":
    case "attn_v_b":
    case "mix_in":
    case "mix_gate":
    case "mix_ba":
    case "mix_conv":
      return "attn_q" as const;
    case "mix_out":
      return "attn_o" as const;
    default:
      return t;
  }
}

/** Bytes the model occupies in memory (tied embeddings counted once; all experts; a vision tower). */
export function storedWeightBytes(w: ModelWeights, m: ModelSpec): number {
  // Once per weights and model: every analysis of them asks.
  let byModel = storedCache.get(w);
  if (!byModel) {
    byModel = new WeakMap();
    storedCache.set(w, byModel);
  }
  let total = byModel.get(m);
  if (total === undefined) {
    total = storedBytes(w, m);
    byModel.set(m, total);
  }
  return total;
}
const storedCache = new WeakMap<ModelWeights, WeakMap<ModelSpec, number>>();

function storedBytes(w: ModelWeights, m: ModelSpec): number {
  let total = w.embedding.bytes + (w.tied ? 0 : w.lmHead.bytes) + w.finalNormBytes + (w.vision?.bytes ?? 0);
  for (const l of w.layers) {
    const experts = kindOfLayer(m, l).ffn === "moe" ? (m.moe?.numExperts ?? 1) : 1;
    const t = l.tensors;
    for (const slot of LAYER_TENSORS) total += t[slot].bytes * (isExpert(slot) ? experts : 1);
    total += l.smallBytes;
  }
  return total;
}

/**
 * The weights' storage in a word: the recipe they were built from, or for a GGUF the formats
 * of its matrices by share of bytes ("q4_0"; "q4_k 72% + q6_k 28%"; shares under 5% left out).
 */
export function weightsFormatLabel(w: ModelWeights, m: ModelSpec): string {
  if (w.origin.startsWith("recipe:")) return w.origin.slice("recipe:".length);
  const by = new Map<string, number>();
  const add = (t: TensorWeight, times = 1) => by.set(t.format, (by.get(t.format) ?? 0) + t.bytes * times);
  add(w.embedding);
  if (!w.tied) add(w.lmHead);
  for (const l of w.layers) {
    const experts = kindOfLayer(m, l).ffn === "moe" ? (m.moe?.numExperts ?? 1) : 1;
    for (const slot of LAYER_TENSORS)
      if (l.tensors[slot].bytes > 0) add(l.tensors[slot], isExpert(slot) ? experts : 1);
  }
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  const shares = [...by].sort((a, b) => b[1] - a[1]).filter(([, b]) => b >= 0.05 * total);
  if (shares.length <= 1) return shares[0]?.[0] ?? "none";
  return shares.map(([f, b]) => `${f} ${Math.round((100 * b) / total)}%`).join(" + ");
}
