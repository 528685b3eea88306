/**
 * The 2025 architectures of `config.json` whose layers differ or whose MoE has extras:
 * gpt-oss (alternating sliding/full attention with sinks, biased MoE), Gemma 3 (five local
 * layers per global one, four norms, QK norm), Llama 4 (chunked attention with a NoPE
 * global layer every fourth, a shared expert, MoE every k-th layer), GLM-4.5 (dense first
 * layers, shared expert, partial rotary), SmolLM3 (NoPE every fourth layer), OLMo 2
 * (post-norms, QK norm over the projection), Granite (multipliers only).
 *
 * `readDecoder` (hf-config.ts) reads the dense shape; `applyArchitecture` then sets the
 * layer kinds, the MoE and the flags from the fields transformers reads for each type.
 */
import { InputError } from "../../errors.js";
import type { AttentionMixer, LayerKind, ModelSpecInput } from "../schema.js";
import { compactPattern } from "./hf-layers.js";
import type { Reader } from "./hf-reader.js";

export const MODERN_TYPES = [
  "gpt_oss",
  "gemma3_text",
  "llama4_text",
  "glm4_moe",
  "smollm3",
  "olmo2",
  "granite",
] as const;
export type ModernType = (typeof MODERN_TYPES)[number];

export const isModernType = (t: string): t is ModernType => (MODERN_TYPES as readonly string[]).includes(t);

type Body = Omit<ModelSpecInput, "id" | "name" | "family">;

/** transformers' config defaults for keys a `text_config` may leave out. */
export const TEXT_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  // Gemma3TextConfig.__init__ defaults.
  gemma3_text: {
    vocab_size: 262208,
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 26,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    head_dim: 256,
    hidden_activation: "gelu_pytorch_tanh",
    max_position_embeddings: 131072,
    sliding_window: 4096,
    sliding_window_pattern: 6,
    tie_word_embeddings: true,
  },
  // Llama4TextConfig.__init__ defaults.
  llama4_text: {
    vocab_size: 202048,
    hidden_size: 5120,
    intermediate_size: 8192,
    intermediate_size_mlp: 16384,
    num_hidden_layers: 48,
    num_attention_heads: 40,
    num_key_value_heads: 8,
    head_dim: 128,
    hidden_act: "silu",
    max_position_embeddings: 131072,
    num_experts_per_tok: 1,
    num_local_experts: 16,
    interleave_moe_layer_step: 1,
    use_qk_norm: true,
    no_rope_layer_interval: 4,
    attention_chunk_size: 8192,
    tie_word_embeddings: false,
  },
};

/** Kind names from a per-layer list of layer_types values. */
function layerTypes(r: Reader, numLayers: number, allowed: readonly string[]): string[] | undefined {
  const types = r.stringList("layer_types");
  if (types === undefined) return undefined;
  if (types.length !== numLayers) {
    throw new InputError(
      `${r.prefix}layer_types`,
      types.length,
      `lists ${types.length} layers; num_hidden_layers is ${numLayers}`,
    );
  }
  for (const t of types) {
    if (!allowed.includes(t)) {
      throw new InputError(
        `${r.prefix}layer_types`,
        t,
        `unknown layer type; this model type has ${allowed.join(", ")}`,
      );
    }
  }
  return types;
}

/** Sets layers (or a single kind's fields) on the body from per-layer names. */
function setLayers(b: Body, names: readonly string[], kinds: Record<string, LayerKind>): void {
  const { pattern, only } = compactPattern(names, kinds);
  if (pattern) {
    b.layers = pattern;
    return;
  }
  // One kind for every layer: the top-level fields say it.
  const x = only?.mixer;
  if (x?.kind === "attention") {
    if (x.window !== undefined) b.slidingWindow = x.window;
    if (x.chunk !== undefined || x.rope === false || x.sinks) b.layers = { kinds, repeat: [names[0]!] };
  }
}

const attention = (extra: Omit<AttentionMixer, "kind"> = {}): AttentionMixer => ({
  kind: "attention",
  ...extra,
});

export function applyArchitecture(r: Reader, type: ModernType, b: Body, notes: string[]): void {
  const n = b.numLayers;
  switch (type) {
    case "gpt_oss": {
      const numExperts = r.count("num_local_experts");
      const perTok = r.optCount("num_experts_per_tok") ?? r.count("experts_per_token");
      b.moe = {
        numExperts,
        expertsPerToken: perTok,
        expertIntermediateSize: b.intermediateSize,
        sharedExperts: 0,
        routerBias: true,
        expertBias: true,
      };
      b.oBias = b.qkvBias === true;
      // transformers' GptOssConfig: even layers slide, odd layers are global when layer_types is absent.
      const types =
        layerTypes(r, n, ["sliding_attention", "full_attention"]) ??
        Array.from({ length: n }, (_, i) => ((i + 1) % 2 ? "sliding_attention" : "full_attention"));
      const w = r.count("sliding_window");
      setLayers(b, types.map(kindName), {
        sliding: { mixer: attention({ window: w, sinks: true }), ffn: "moe" },
        full: { mixer: attention({ sinks: true }), ffn: "moe" },
      });
      dropNote(notes, "attention_bias also puts a bias");
      notes.push(
        `gpt-oss's experts use a clamped SwiGLU (gate · sigmoid(1.702 · gate) · (up + 1), swiglu_limit ${r.number("swiglu_limit") ?? 7}): costed as a gated SiLU.`,
      );
      if (r.sub("quantization_config")?.string("quant_method") === "mxfp4") {
        notes.push(
          "the checkpoint keeps its experts in MXFP4 and the rest in bf16: use --weights mxfp4_moe for its size.",
        );
      }
      return;
    }
    case "gemma3_text": {
      b.normsPerLayer = 4;
      b.qkNorm = true;
      const w = r.count("sliding_window");
      const every = r.optCount("sliding_window_pattern") ?? 6;
      // transformers: layer i is global iff (i + 1) % sliding_window_pattern == 0.
      const types =
        layerTypes(r, n, ["sliding_attention", "full_attention"]) ??
        Array.from({ length: n }, (_, i) => ((i + 1) % every ? "sliding_attention" : "full_attention"));
      setLayers(b, types.map(kindName), {
        sliding: { mixer: attention({ window: w }), ffn: "dense" },
        full: { mixer: attention(), ffn: "dense" },
      });
      return;
    }
    case "llama4_text": {
      const numExperts = r.count("num_local_experts");
      const perTok = r.count("num_experts_per_tok");
      const step = r.optCount("interleave_moe_layer_step") ?? 1;
      const denseFf = r.optCount("intermediate_size_mlp") ?? b.intermediateSize;
      b.moe = {
        numExperts,
        expertsPerToken: perTok,
        expertIntermediateSize: b.intermediateSize,
        sharedExperts: 1,
        sharedIntermediateSize: b.intermediateSize,
      };
      b.intermediateSize = denseFf;
      const chunk = r.optCount("attention_chunk_size");
      const qkNorm = r.bool("use_qk_norm") ?? true;
      // no_rope_layers[i] = 1: layer i uses RoPE (and chunked attention); 0: a NoPE global layer.
      const rope = noRopeLayers(r, n);
      if (rope.length !== n) {
        throw new InputError(
          `${r.prefix}no_rope_layers`,
          rope.length,
          `lists ${rope.length} layers; num_hidden_layers is ${n}`,
        );
      }
      // MoE layers: every step-th layer (transformers: (i + 1) % step == 0); the others dense.
      const names = rope.map(
        (ro, i) => `${ro ? "chunked" : "global"}-${(i + 1) % step === 0 ? "moe" : "dense"}`,
      );
      const kinds: Record<string, LayerKind> = {};
      for (const ro of [1, 0]) {
        for (const ffn of ["moe", "dense"] as const) {
          kinds[`${ro ? "chunked" : "global"}-${ffn}`] = {
            mixer: attention(ro ? { ...(chunk ? { chunk } : {}), qkNorm } : { rope: false, qkNorm: false }),
            ffn,
          };
        }
      }
      b.qkNorm = false;
      b.qkNormWidth = "unweighted";
      setLayers(b, names, kinds);
      notes.push(
        "Llama 4's attention temperature tuning on NoPE layers and its L2 Q/K norm have no weights; both are costed as element-wise ops.",
      );
      return;
    }
    case "glm4_moe": {
      const numExperts = r.count("n_routed_experts");
      const perTok = r.count("num_experts_per_tok");
      const shared = r.optNonNegInt("n_shared_experts") ?? 0;
      const denseFirst = Math.min(r.optNonNegInt("first_k_dense_replace") ?? 0, n);
      const groups = r.optCount("n_group");
      const topk = r.optCount("topk_group");
      b.moe = {
        numExperts,
        expertsPerToken: perTok,
        expertIntermediateSize: r.count("moe_intermediate_size"),
        sharedExperts: shared,
        routerBias: true,
        ...(groups && topk && groups > 1 ? { groups: { count: groups, used: topk } } : {}),
      };
      b.qkNorm = r.bool("use_qk_norm") ?? false;
      const rot = r.number("partial_rotary_factor");
      if (rot !== undefined && rot > 0 && rot < 1) b.rotaryFraction = rot;
      dropNote(notes, "attention_bias also puts a bias");
      const names = Array.from({ length: n }, (_, i) => (i < denseFirst ? "dense" : "moe"));
      setLayers(b, names, {
        dense: { mixer: attention(), ffn: "dense" },
        moe: { mixer: attention(), ffn: "moe" },
      });
      const mtp = r.optNonNegInt("num_nextn_predict_layers") ?? 0;
      if (mtp > 0) {
        notes.push(
          `num_nextn_predict_layers ${mtp}: the multi-token-prediction layer's weights (stored in the checkpoint) are not counted; decoding without speculation does not run them.`,
        );
      }
      return;
    }
    case "smollm3": {
      const rope = noRopeLayers(r, n);
      if (rope.length !== n) {
        throw new InputError(
          `${r.prefix}no_rope_layers`,
          rope.length,
          `lists ${rope.length} layers; num_hidden_layers is ${n}`,
        );
      }
      if (r.bool("use_sliding_window") === true) {
        notes.push(
          "use_sliding_window is set: SmolLM3's sliding window is not applied (every layer is costed as global).",
        );
      }
      setLayers(
        b,
        rope.map((x) => (x ? "rope" : "nope")),
        {
          rope: { mixer: attention(), ffn: "dense" },
          nope: { mixer: attention({ rope: false }), ffn: "dense" },
        },
      );
      return;
    }
    case "olmo2":
      b.qkNorm = true;
      b.qkNormWidth = "projection";
      return;
    case "granite":
      notes.push(
        "Granite's embedding, residual, attention and logit multipliers scale activations only: they change no cost.",
      );
      return;
  }
}

/** no_rope_layers (1: the layer uses RoPE), or every no_rope_layer_interval-th layer NoPE when it is empty. */
function noRopeLayers(r: Reader, n: number): number[] {
  const given = r.intList("no_rope_layers");
  if (given.length > 0) return given;
  const interval = r.optCount("no_rope_layer_interval") ?? 4;
  return Array.from({ length: n }, (_, i) => ((i + 1) % interval !== 0 ? 1 : 0));
}

const kindName = (t: string) => (t === "sliding_attention" ? "sliding" : "full");

function dropNote(notes: string[], start: string): void {
  const i = notes.findIndex((x) => x.startsWith(start));
  if (i >= 0) notes.splice(i, 1);
}
