/**
 * GGUF header → Ridgeline model spec plus exact per-tensor weight bytes.
 *
 * The architecture comes from the `<arch>.*` metadata keys (llama.cpp's names); bytes come
 * from the tensor table, each tensor with its own ggml type, so mixed quantizations
 * (Q4_K_M keeps some tensors in Q6_K, norms in F32) are exact. Shapes are checked against
 * the spec so that bytes and FLOPs describe the same matrices.
 */
import { fromZodIssues, InputError } from "../../errors.js";
import { ggmlTypeInfo } from "../../quant/formats.js";
import { outOfRange } from "../../units/bounds.js";
import { layerKindName, layerKindOf } from "../layers.js";
import { MODEL_LIMITS } from "../limits.js";
import { ModelSpec, type ModelSpecInput } from "../schema.js";
import {
  type FileTensor,
  LAYER_TENSORS,
  type LayerTensor,
  type LayerWeights,
  layerTensorElements,
  type ModelWeights,
  type TensorWeight,
} from "../weights.js";
import { HYBRID_GGUF_ARCHITECTURES, isHybridGgufArchitecture, modelFromHybridGguf } from "./gguf-hybrid.js";
import { ggufLayerFields } from "./gguf-layers.js";
import type { GgufHeader, GgufTensorInfo, GgufValue } from "./gguf-reader.js";

export const GGUF_ARCHITECTURES = [
  "llama",
  "qwen2",
  "qwen2moe",
  "qwen3",
  "qwen3moe",
  "gemma",
  "phi3",
  "gpt-oss",
  "gemma3",
  "llama4",
  "smollm3",
  "olmo2",
  "glm4moe",
] as const;
export type GgufArchitecture = (typeof GGUF_ARCHITECTURES)[number];

export interface GgufModel {
  readonly spec: ModelSpec;
  readonly weights: ModelWeights;
  /** Tensors that were ignored, and other things worth telling the user. */
  readonly warnings: readonly string[];
}

const ACTIVATION: Readonly<Record<GgufArchitecture, "silu" | "gelu_tanh">> = {
  llama: "silu",
  qwen2: "silu",
  qwen2moe: "silu",
  qwen3: "silu",
  qwen3moe: "silu",
  gemma: "gelu_tanh",
  phi3: "silu",
  "gpt-oss": "silu",
  gemma3: "gelu_tanh",
  llama4: "silu",
  smollm3: "silu",
  olmo2: "silu",
  glm4moe: "silu",
};

/** Per-layer tensors (after `blk.N.`) whose bytes go to the layer's smallBytes. */
const SMALL_LAYER_TENSORS = new Set([
  "attn_norm.weight",
  "attn_norm.bias",
  "ffn_norm.weight",
  "ffn_norm.bias",
  "attn_q_norm.weight",
  "attn_k_norm.weight",
  "post_attention_norm.weight",
  "post_ffw_norm.weight",
  "ffn_gate_inp_shexp.weight",
  "attn_sinks.weight",
  "exp_probs_b.bias",
]);

/** Matrices of a layer (after `blk.N.`, before `.weight`). */
const LAYER_MATRICES = new Set([
  "attn_q",
  "attn_k",
  "attn_v",
  "attn_output",
  "attn_qkv",
  "ffn_gate",
  "ffn_up",
  "ffn_down",
  "ffn_gate_inp",
  "ffn_gate_exps",
  "ffn_up_exps",
  "ffn_down_exps",
  "ffn_gate_shexp",
  "ffn_up_shexp",
  "ffn_down_shexp",
]);

const tensorField = (name: string) => `gguf.tensors[${JSON.stringify(name)}]`;
const metaField = (key: string) => `gguf.metadata[${JSON.stringify(key)}]`;

/** Exact bytes of a tensor: whole blocks of its ggml type. */
export function ggufTensorBytes(t: GgufTensorInfo): { bytes: number; format: string; elements: number } {
  const info = ggmlTypeInfo(t.ggmlType);
  if (!info) throw new InputError(`${tensorField(t.name)}.type`, t.ggmlType, "unknown ggml type id");
  const elements = t.dims.reduce((a, b) => a * b, 1);
  if (elements % info.blockSize !== 0) {
    throw new InputError(
      `${tensorField(t.name)}.dims`,
      t.dims,
      `${elements} elements is not a whole number of ${info.name} blocks of ${info.blockSize}`,
    );
  }
  return { bytes: (elements / info.blockSize) * info.typeSize, format: info.format ?? info.name, elements };
}

/** The tensor table in file order, for the engine's placement (what it maps, what it copies). */
const fileTensors = (h: GgufHeader): FileTensor[] =>
  h.tensors.map((t) => {
    const { bytes, format } = ggufTensorBytes(t);
    return { name: t.name, dims: t.dims, offset: t.offset, bytes, format };
  });

export function modelFromGguf(h: GgufHeader, id?: string): GgufModel {
  const meta = h.metadata;
  const warnings: string[] = [];

  const archValue = meta["general.architecture"];
  if (typeof archValue !== "string") {
    throw new InputError(metaField("general.architecture"), archValue, "missing or not a string");
  }
  if (isHybridGgufArchitecture(archValue)) {
    const given = typeof meta["general.name"] === "string" ? meta["general.name"].trim() : "";
    const modelId = id ?? slug(given || archValue);
    const g = modelFromHybridGguf(h, archValue, ggufTensorBytes, modelId, given || modelId);
    return { ...g, weights: { ...g.weights, file: fileTensors(h) } };
  }
  if (!(GGUF_ARCHITECTURES as readonly string[]).includes(archValue)) {
    throw new InputError(
      metaField("general.architecture"),
      archValue,
      `unsupported architecture; supported: ${[...GGUF_ARCHITECTURES, ...HYBRID_GGUF_ARCHITECTURES].join(", ")}`,
    );
  }
  const arch = archValue as GgufArchitecture;

  const intKey = (suffix: string): number | undefined => {
    const key = `${arch}.${suffix}`;
    const v = meta[key];
    if (v === undefined) return undefined;
    let n: GgufValue | undefined = v;
    if (typeof v === "object") {
      // Per-layer arrays (e.g. head_count_kv): accepted when every layer agrees.
      const vals = v.values;
      if (!vals || vals.length === 0 || vals.some((x) => x !== vals[0])) {
        throw new InputError(
          metaField(key),
          v.values ?? `array of ${v.length}`,
          "varies per layer; not supported",
        );
      }
      n = vals[0];
    }
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
      throw new InputError(metaField(key), n, "expected a non-negative integer");
    }
    return n;
  };
  const requireInt = (suffix: string): number => {
    const n = intKey(suffix);
    if (n === undefined || n === 0)
      throw new InputError(metaField(`${arch}.${suffix}`), n, "missing or zero");
    return n;
  };

  const tensors = new Map<string, GgufTensorInfo>();
  /** Tensors of each layer, by the name after "blk.N.". */
  const byLayer = new Map<number, [string, GgufTensorInfo][]>();
  for (const t of h.tensors) {
    tensors.set(t.name, t);
    const m = /^blk\.(\d{1,6})\.(.+)$/.exec(t.name);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      const i = Number(m[1]);
      const list = byLayer.get(i) ?? [];
      list.push([m[2], t]);
      byLayer.set(i, list);
    }
  }

  const d = requireInt("embedding_length");
  // GLM-4.5: block_count includes the multi-token-prediction layers at the end (llama.cpp's n_layer_all).
  const nextn = arch === "glm4moe" ? (intKey("nextn_predict_layers") ?? 0) : 0;
  const numLayers = requireInt("block_count") - nextn;
  if (numLayers <= 0)
    throw new InputError(metaField(`${arch}.block_count`), numLayers + nextn, "leaves no layers");
  const tooMany = outOfRange(MODEL_LIMITS.layers, numLayers);
  if (tooMany) throw new InputError(metaField(`${arch}.block_count`), numLayers, tooMany);
  if (nextn > 0) {
    warnings.push(
      `${nextn} multi-token-prediction layer${nextn === 1 ? "" : "s"} (blk.${numLayers}…) not modelled: llama.cpp skips them unless it drafts with them`,
    );
  }
  const numHeads = requireInt("attention.head_count");
  const numKvHeads = intKey("attention.head_count_kv") || numHeads;
  const headDim = intKey("attention.key_length") || Math.floor(d / numHeads);
  const maxContext = requireInt("context_length");

  const embd = tensors.get("token_embd.weight");
  if (!embd)
    throw new InputError(tensorField("token_embd.weight"), undefined, "missing (no token embedding)");
  if (embd.dims.length !== 2 || embd.dims[0] !== d) {
    throw new InputError(`${tensorField("token_embd.weight")}.dims`, embd.dims, `expected [${d}, vocab]`);
  }
  const vocabSize = embd.dims[1] ?? 0;

  const numExperts = intKey("expert_count") ?? 0;
  let moe: ModelSpecInput["moe"];
  if (numExperts > 0) {
    const expertsUsed = requireInt("expert_used_count");
    // The first layer with experts (dense first layers and interleaved dense layers have none).
    const firstOf = (suffix: string) => {
      for (let i = 0; i < numLayers; i++) {
        const t = tensors.get(`blk.${i}.${suffix}`);
        if (t) return t;
      }
      return undefined;
    };
    const expTensor = firstOf("ffn_up_exps.weight");
    const expertFf =
      intKey("expert_feed_forward_length") || expTensor?.dims[1] || intKey("feed_forward_length") || 0;
    const shexp = firstOf("ffn_up_shexp.weight");
    const sharedCount = intKey("expert_shared_count") || (shexp ? 1 : 0);
    const sharedFf = shexp
      ? intKey("expert_shared_feed_forward_length") || (shexp.dims[1] ?? 0) / sharedCount
      : 0;
    moe = {
      numExperts,
      expertsPerToken: expertsUsed,
      expertIntermediateSize: expertFf,
      sharedExperts: shexp ? sharedCount : 0,
      ...(shexp ? { sharedIntermediateSize: sharedFf } : {}),
    };
    if (firstOf("exp_probs_b.bias") || firstOf("ffn_gate_inp.bias")) moe.routerBias = true;
    if (firstOf("ffn_up_exps.bias")) moe.expertBias = true;
  }
  const intermediateSize = intKey("feed_forward_length") || moe?.expertIntermediateSize || 0;
  const layerFields = ggufLayerFields({
    arch,
    meta,
    numLayers,
    hasTensor: (n) => tensors.has(n),
    intKey,
    moe: moe !== undefined,
    numExperts,
    warnings,
  });
  if (moe && arch === "llama4") {
    moe.sharedExperts = 1;
    moe.sharedIntermediateSize = moe.expertIntermediateSize;
  }
  const oBias = tensors.has("blk.0.attn_output.bias");
  const qkNormTensor = tensors.get("blk.0.attn_q_norm.weight");

  const name =
    typeof meta["general.name"] === "string" && meta["general.name"].trim()
      ? meta["general.name"].trim()
      : undefined;
  const modelId = id ?? slug(name ?? arch);
  const input: ModelSpecInput = {
    id: modelId,
    name: name ?? modelId,
    family: arch,
    hiddenSize: d,
    numLayers,
    numHeads,
    numKvHeads,
    headDim,
    intermediateSize,
    vocabSize,
    ffn: { gated: true, activation: ACTIVATION[arch] },
    norm: "rmsnorm",
    qkvBias: tensors.has("blk.0.attn_q.bias"),
    qkNorm: qkNormTensor !== undefined,
    ...(oBias ? { oBias } : {}),
    tieEmbeddings: !tensors.has("output.weight"),
    ...(moe ? { moe } : {}),
    ...layerFields,
    maxContext,
    source: "gguf",
  };
  const parsed = ModelSpec.safeParse(input);
  if (!parsed.success) throw fromZodIssues("gguf.model", parsed.error.issues, input);
  const spec = parsed.data;

  // ---- Tensor table → weights ----
  const used = new Set<string>();
  const take = (tname: string): GgufTensorInfo | undefined => {
    const t = tensors.get(tname);
    if (t) used.add(tname);
    return t;
  };

  const embedding = weight(embd);
  used.add("token_embd.weight");
  const out = take("output.weight");
  const lmHead = out ? checked(out, vocabSize * d, "vocab · hidden") : embedding;
  let finalNormBytes = 0;
  for (const n of ["output_norm.weight", "output_norm.bias"]) {
    const t = take(n);
    if (t) finalNormBytes += ggufTensorBytes(t).bytes;
  }
  if (!tensors.has("output_norm.weight")) {
    throw new InputError(tensorField("output_norm.weight"), undefined, "missing (no final norm)");
  }

  const qRows = numHeads * headDim;
  const kvRows = numKvHeads * headDim;
  const layers: LayerWeights[] = [];
  for (let i = 0; i < numLayers; i++) {
    const p = `blk.${i}.`;
    const kindName = layerKindName(spec, i);
    const kind = layerKindOf(spec, i);
    const expected = layerTensorElements(spec, kind);
    const got: Partial<Record<LayerTensor, TensorWeight>> = {};
    const need = (suffix: string): GgufTensorInfo => {
      const t = take(p + suffix);
      if (!t) throw new InputError(tensorField(p + suffix), undefined, "missing");
      return t;
    };
    const set = (slot: LayerTensor, t: GgufTensorInfo, perExpert = 1) => {
      const w = ggufTensorBytes(t);
      const elements = w.elements / perExpert;
      if (elements !== expected[slot]) {
        throw new InputError(
          `${tensorField(t.name)}.dims`,
          t.dims,
          `has ${elements} elements${perExpert > 1 ? " per expert" : ""}; the metadata implies ${expected[slot]}`,
        );
      }
      got[slot] = { bytes: w.bytes / perExpert, format: w.format };
    };

    // Attention.
    const qkv = take(`${p}attn_qkv.weight`);
    if (qkv) {
      const w = ggufTensorBytes(qkv);
      const rows = qkv.dims[1] ?? 0;
      if (qkv.dims.length !== 2 || qkv.dims[0] !== d || rows !== qRows + 2 * kvRows) {
        throw new InputError(
          `${tensorField(qkv.name)}.dims`,
          qkv.dims,
          `expected [${d}, ${qRows + 2 * kvRows}] (q + k + v rows)`,
        );
      }
      const rowBytes = w.bytes / rows;
      got.attn_q = { bytes: rowBytes * qRows, format: w.format };
      got.attn_k = { bytes: rowBytes * kvRows, format: w.format };
      got.attn_v = { bytes: rowBytes * kvRows, format: w.format };
    } else {
      set("attn_q", need("attn_q.weight"));
      set("attn_k", need("attn_k.weight"));
      set("attn_v", need("attn_v.weight"));
    }
    set("attn_o", need("attn_output.weight"));

    // Feed-forward.
    if (spec.moe && kind.ffn === "moe") {
      const e = spec.moe.numExperts;
      for (const [slot, suffix] of [
        ["ffn_gate", "ffn_gate_exps.weight"],
        ["ffn_up", "ffn_up_exps.weight"],
        ["ffn_down", "ffn_down_exps.weight"],
      ] as const) {
        const t = need(suffix);
        if (t.dims.length !== 3 || t.dims[2] !== e) {
          throw new InputError(
            `${tensorField(t.name)}.dims`,
            t.dims,
            `expected 3 dimensions, the last = expert_count ${e}`,
          );
        }
        set(slot, t, e);
      }
      set("router", need("ffn_gate_inp.weight"));
      if (spec.moe.sharedExperts > 0) {
        set("shared_gate", need("ffn_gate_shexp.weight"));
        set("shared_up", need("ffn_up_shexp.weight"));
        set("shared_down", need("ffn_down_shexp.weight"));
      }
    } else {
      const gate = take(`${p}ffn_gate.weight`);
      const up = need("ffn_up.weight");
      if (gate) {
        set("ffn_gate", gate);
        set("ffn_up", up);
      } else {
        // Fused gate+up (phi3): one [d, 2·ff] matrix, gate rows first.
        const w = ggufTensorBytes(up);
        if (w.elements !== 2 * expected.ffn_up) {
          throw new InputError(
            `${tensorField(up.name)}.dims`,
            up.dims,
            `no ${p}ffn_gate.weight, so ffn_up must be fused gate+up with ${2 * expected.ffn_up} elements`,
          );
        }
        got.ffn_gate = { bytes: w.bytes / 2, format: w.format };
        got.ffn_up = { bytes: w.bytes / 2, format: w.format };
      }
      set("ffn_down", need("ffn_down.weight"));
    }

    // Norms, biases, small gates.
    let smallBytes = 0;
    for (const [rest, t] of byLayer.get(i) ?? []) {
      if (
        SMALL_LAYER_TENSORS.has(rest) ||
        (rest.endsWith(".bias") && LAYER_MATRICES.has(rest.slice(0, -5)))
      ) {
        smallBytes += ggufTensorBytes(t).bytes;
        used.add(t.name);
      }
    }

    const fallback = got.attn_q?.format ?? embedding.format;
    const full = {} as Record<LayerTensor, TensorWeight>;
    for (const slot of LAYER_TENSORS) full[slot] = got[slot] ?? { bytes: 0, format: fallback };
    layers.push(spec.layers ? { kind: kindName, tensors: full, smallBytes } : { tensors: full, smallBytes });
  }

  const ignored = h.tensors.filter((t) => !used.has(t.name));
  if (ignored.length > 0) {
    const bytes = ignored.reduce((s, t) => s + ggufTensorBytes(t).bytes, 0);
    const names = ignored.slice(0, 10).map((t) => t.name);
    warnings.push(
      `ignored ${ignored.length} unknown tensor${ignored.length === 1 ? "" : "s"} (${bytes} bytes): ${names.join(", ")}` +
        (ignored.length > names.length ? `, … ${ignored.length - names.length} more` : ""),
    );
  }

  return {
    spec,
    weights: {
      layers,
      embedding,
      lmHead,
      tied: spec.tieEmbeddings,
      finalNormBytes,
      origin: "gguf",
      file: fileTensors(h),
    },
    warnings,
  };

  function weight(t: GgufTensorInfo): TensorWeight {
    const w = ggufTensorBytes(t);
    return { bytes: w.bytes, format: w.format };
  }
  function checked(t: GgufTensorInfo, elements: number, what: string): TensorWeight {
    const w = ggufTensorBytes(t);
    if (w.elements !== elements) {
      throw new InputError(`${tensorField(t.name)}.dims`, t.dims, `expected ${elements} elements (${what})`);
    }
    return { bytes: w.bytes, format: w.format };
  }
}

/** A valid model id from a free-form name: "Meta Llama 3.1 8B Instruct" → "meta-llama-3.1-8b-instruct". */
function slug(s: string): string {
  const id = s
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^[^a-z0-9]+|-+$/g, "")
    .slice(0, 64)
    .replace(/[-.]+$/g, "");
  return id || "gguf-model";
}
