/**
 * Hugging Face configs of the latent-attention and hybrid architectures → model spec body:
 * deepseek_v2 / deepseek_v3 / kimi_k2 (multi-head latent attention, dense first layers,
 * routed + shared experts, expert groups, the router's score-correction bias), qwen3_next
 * (Gated DeltaNet with gated attention every n-th layer, MoE with a gated shared expert),
 * granitemoehybrid (Mamba-2 with a few attention layers, MoE with a shared expert) and lfm2
 * (gated short convolutions with a few attention layers). Field names and defaults are
 * transformers' (configuration_<type>.py of each model).
 */
import { InputError } from "../../errors.js";
import { MODEL_LIMITS } from "../limits.js";
import type { LayerKind, Mixer, ModelSpecInput } from "../schema.js";
import { compactPattern } from "./hf-layers.js";
import type { Reader } from "./hf-reader.js";

export const HYBRID_HF_TYPES = [
  "deepseek_v2",
  "deepseek_v3",
  "kimi_k2",
  "qwen3_next",
  "granitemoehybrid",
  "lfm2",
] as const;
export type HybridHfType = (typeof HYBRID_HF_TYPES)[number];
export const isHybridHfType = (t: string): t is HybridHfType =>
  (HYBRID_HF_TYPES as readonly string[]).includes(t);

type Body = Omit<ModelSpecInput, "id" | "name" | "family">;

export function readHybrid(r: Reader, type: HybridHfType, notes: string[]): Body {
  switch (type) {
    case "deepseek_v2":
    case "deepseek_v3":
    case "kimi_k2":
      return readDeepseek(r, type, notes);
    case "qwen3_next":
      return readQwen3Next(r, notes);
    case "granitemoehybrid":
      return readGraniteHybrid(r, notes);
    case "lfm2":
      return readLfm2(r, notes);
  }
}

function common(r: Reader, tieDefault: boolean) {
  return {
    hiddenSize: r.count("hidden_size", MODEL_LIMITS.width),
    numLayers: r.count("num_hidden_layers", MODEL_LIMITS.layers),
    numHeads: r.count("num_attention_heads", MODEL_LIMITS.heads),
    vocabSize: r.count("vocab_size", MODEL_LIMITS.vocab),
    maxContext: r.count("max_position_embeddings", MODEL_LIMITS.context),
    ffn: { gated: true, activation: "silu" as const },
    norm: "rmsnorm" as const,
    qkvBias: false,
    tieEmbeddings: r.bool("tie_word_embeddings") ?? tieDefault,
  };
}

function requireSilu(r: Reader): void {
  const act = r.string("hidden_act");
  if (act !== undefined && act !== "silu" && act !== "swish") {
    throw new InputError(
      `${r.prefix}hidden_act`,
      act,
      "this architecture is read with a SwiGLU FFN (silu) only",
    );
  }
}

/** The layer pattern of one kind name per layer: `layers` when they differ, else that one kind. */
function layersOf(names: readonly string[], kinds: Record<string, LayerKind>): Pick<Body, "layers"> {
  const { pattern, only } = compactPattern(names, kinds);
  if (pattern) return { layers: pattern };
  // One kind everywhere is still not plain attention: say it with a one-kind rule.
  const name = names[0]!;
  return only ? { layers: { kinds: { [name]: only }, repeat: [name] } } : {};
}

function readDeepseek(r: Reader, type: HybridHfType, notes: string[]): Body {
  const c = common(r, false);
  requireSilu(r);
  const freq = r.optCount("moe_layer_freq") ?? 1;
  if (freq !== 1) {
    throw new InputError(
      `${r.prefix}moe_layer_freq`,
      freq,
      "MoE on every n-th layer only (with dense layers between) is not read; DeepSeek-V2/V3 and Kimi K2 use 1",
    );
  }
  const mixer: Mixer = {
    kind: "mla",
    // null in DeepSeek-V2-Lite: queries are projected directly.
    qLoraRank: r.optNonNegInt("q_lora_rank") ?? 0,
    kvLoraRank: r.count("kv_lora_rank"),
    ropeDim: r.count("qk_rope_head_dim"),
    nopeDim: r.count("qk_nope_head_dim"),
    vDim: r.count("v_head_dim"),
  };
  if (r.bool("attention_bias") === true) {
    notes.push("attention_bias: the biases of the latent-attention projections are not counted (small).");
  }
  const numExperts = r.optNonNegInt("n_routed_experts") ?? 0;
  const dense = Math.min(r.optNonNegInt("first_k_dense_replace") ?? 0, c.numLayers);
  const names = Array.from({ length: c.numLayers }, (_, i) =>
    numExperts === 0 || i < dense ? "dense" : "moe",
  );
  const kinds: Record<string, LayerKind> = { dense: { mixer, ffn: "dense" }, moe: { mixer, ffn: "moe" } };
  let moe: Body["moe"];
  if (numExperts > 0) {
    const perTok = r.count("num_experts_per_tok");
    if (perTok > numExperts) {
      throw new InputError(
        `${r.prefix}num_experts_per_tok`,
        perTok,
        `must not exceed n_routed_experts (${numExperts})`,
      );
    }
    const ff = r.count("moe_intermediate_size");
    const shared = r.optNonNegInt("n_shared_experts") ?? 0;
    const groups = r.optCount("n_group") ?? 1;
    const method = r.string("topk_method") ?? (type === "deepseek_v2" ? "greedy" : "noaux_tc");
    moe = {
      numExperts,
      expertsPerToken: perTok,
      expertIntermediateSize: ff,
      sharedExperts: shared,
      ...(shared > 0 ? { sharedIntermediateSize: ff } : {}),
      // noaux_tc: a learned score-correction bias per expert (e_score_correction_bias).
      ...(method === "noaux_tc" ? { routerBias: true } : {}),
      ...(groups > 1 ? { groups: { count: groups, used: r.count("topk_group") } } : {}),
    };
  }
  const mtp = r.optNonNegInt("num_nextn_predict_layers") ?? 0;
  if (mtp > 0) {
    notes.push(
      `num_nextn_predict_layers = ${mtp}: the multi-token-prediction module's weights (shipped in the checkpoint) are not counted or run.`,
    );
  }
  notes.push(
    "multi-head latent attention is costed absorbed (the cache holds the latent and the rope key per token, as llama.cpp runs current GGUFs); set the mla mixer's path to decompressed for engines that cache per-head K and V.",
  );
  return {
    ...c,
    numKvHeads: c.numHeads,
    headDim: mixer.nopeDim + mixer.ropeDim,
    intermediateSize: r.optCount("intermediate_size") ?? moe?.expertIntermediateSize ?? 1,
    ...(moe ? { moe } : {}),
    ...layersOf(names, kinds),
  };
}

/** transformers' layer_types when given (checked against the allowed names), else `fallback`. */
function layerTypes(r: Reader, n: number, allowed: readonly string[], fallback: () => string[]): string[] {
  const given = r.stringList("layer_types");
  if (!given) return fallback();
  if (given.length !== n) {
    throw new InputError(
      `${r.prefix}layer_types`,
      given.length,
      `lists ${given.length} layers; num_hidden_layers is ${n}`,
    );
  }
  for (const t of given) {
    if (!allowed.includes(t)) {
      throw new InputError(
        `${r.prefix}layer_types`,
        t,
        `unknown layer type; expected one of ${allowed.join(", ")}`,
      );
    }
  }
  return given;
}

function readQwen3Next(r: Reader, notes: string[]): Body {
  const c = common(r, false);
  requireSilu(r);
  const numKvHeads = r.count("num_key_value_heads", MODEL_LIMITS.heads);
  const headDim = r.optCount("head_dim", MODEL_LIMITS.headDim) ?? c.hiddenSize / c.numHeads;
  const interval = r.optCount("full_attention_interval") ?? 4;
  // transformers Qwen3NextConfig: layer i is full attention iff (i + 1) % interval == 0.
  const types = layerTypes(r, c.numLayers, ["linear_attention", "full_attention"], () =>
    Array.from({ length: c.numLayers }, (_, i) =>
      (i + 1) % interval === 0 ? "full_attention" : "linear_attention",
    ),
  );
  const gdn: Mixer = {
    kind: "gated_deltanet",
    kHeads: r.count("linear_num_key_heads"),
    vHeads: r.count("linear_num_value_heads"),
    kDim: r.count("linear_key_head_dim"),
    vDim: r.count("linear_value_head_dim"),
    convKernel: r.optCount("linear_conv_kernel_dim") ?? 4,
  };
  // Qwen3NextAttention: q_proj also gives a sigmoid output gate; Q and K have per-head RMSNorms.
  const full: Mixer = { kind: "attention", outputGate: true, qkNorm: true };
  const step = r.optCount("decoder_sparse_step") ?? 1;
  const dense = new Set(r.intList("mlp_only_layers"));
  const numExperts = r.optNonNegInt("num_experts") ?? 0;
  const ffnOf = (i: number) => (numExperts > 0 && !dense.has(i) && (i + 1) % step === 0 ? "moe" : "dense");
  const names = types.map((t, i) => `${t === "full_attention" ? "full" : "linear"}-${ffnOf(i)}`);
  const kinds: Record<string, LayerKind> = {};
  for (const [mix, mixer] of [
    ["full", full],
    ["linear", gdn],
  ] as const) {
    for (const ffn of ["moe", "dense"] as const) kinds[`${mix}-${ffn}`] = { mixer, ffn };
  }
  let moe: Body["moe"];
  if (numExperts > 0) {
    const shared = r.optNonNegInt("shared_expert_intermediate_size") ?? 0;
    moe = {
      numExperts,
      expertsPerToken: r.count("num_experts_per_tok"),
      expertIntermediateSize: r.count("moe_intermediate_size"),
      sharedExperts: shared > 0 ? 1 : 0,
      ...(shared > 0 ? { sharedIntermediateSize: shared, sharedExpertGate: true } : {}),
    };
  }
  const rot = r.number("partial_rotary_factor") ?? 0.25;
  if (!(rot > 0 && rot <= 1))
    throw new InputError(`${r.prefix}partial_rotary_factor`, rot, "must be in (0, 1]");
  notes.push(
    "Gated DeltaNet layers keep a fixed f32 state (conv window and one key×value matrix per value head) whatever the context; only the full-attention layers have a KV cache.",
  );
  return {
    ...c,
    numKvHeads,
    headDim,
    qkNorm: true,
    ...(rot < 1 ? { rotaryFraction: rot } : {}),
    intermediateSize: r.optCount("intermediate_size") ?? moe?.expertIntermediateSize ?? 1,
    ...(moe ? { moe } : {}),
    ...layersOf(names, kinds),
  };
}

function readGraniteHybrid(r: Reader, notes: string[]): Body {
  const c = common(r, false);
  requireSilu(r);
  const numKvHeads = r.optCount("num_key_value_heads", MODEL_LIMITS.heads) ?? c.numHeads;
  const nHeads = r.count("mamba_n_heads");
  const dInner =
    (r.optCount("mamba_d_head") ?? 0) * nHeads || (r.optCount("mamba_expand") ?? 2) * c.hiddenSize;
  const mamba: Mixer = {
    kind: "mamba2",
    dInner,
    dState: r.count("mamba_d_state"),
    nHeads,
    nGroups: r.optCount("mamba_n_groups") ?? 1,
    convKernel: r.optCount("mamba_d_conv") ?? 4,
    convBias: r.bool("mamba_conv_bias") ?? true,
  };
  if (r.bool("mamba_proj_bias") === true)
    notes.push("mamba_proj_bias: the Mamba projections' biases are not counted (small).");
  const nope = (r.string("position_embedding_type") ?? "rope") === "nope";
  const attention: Mixer = { kind: "attention", ...(nope ? { rope: false } : {}) };
  const types = r.stringList("layer_types") ?? r.stringList("layers_block_type");
  if (!types)
    throw new InputError(
      `${r.prefix}layer_types`,
      undefined,
      "is required: which layers are Mamba-2 and which attention",
    );
  if (types.length !== c.numLayers) {
    throw new InputError(
      `${r.prefix}layer_types`,
      types.length,
      `lists ${types.length} layers; num_hidden_layers is ${c.numLayers}`,
    );
  }
  for (const t of types) {
    if (t !== "mamba" && t !== "attention") {
      throw new InputError(`${r.prefix}layer_types`, t, "unknown layer type; expected mamba or attention");
    }
  }
  const numExperts = r.optNonNegInt("num_local_experts") ?? 0;
  const shared = r.optNonNegInt("shared_intermediate_size") ?? 0;
  const ffn = numExperts > 0 ? ("moe" as const) : ("dense" as const);
  const kinds: Record<string, LayerKind> = {
    mamba: { mixer: mamba, ffn },
    attention: { mixer: attention, ffn },
  };
  let moe: Body["moe"];
  let intermediateSize: number;
  if (numExperts > 0) {
    intermediateSize = r.count("intermediate_size");
    moe = {
      numExperts,
      expertsPerToken: r.count("num_experts_per_tok"),
      expertIntermediateSize: intermediateSize,
      sharedExperts: shared > 0 ? 1 : 0,
      ...(shared > 0 ? { sharedIntermediateSize: shared } : {}),
    };
  } else {
    // Granite 4.0 H-Micro: no routed experts; the "shared" MLP is the layer's dense FFN.
    intermediateSize = shared || r.count("intermediate_size");
  }
  notes.push(
    "Granite's embedding, residual, attention and logits multipliers change no cost; Mamba-2 layers keep a fixed f32 state (conv window and SSM state) whatever the context.",
  );
  return {
    ...c,
    numKvHeads,
    headDim: r.optCount("head_dim", MODEL_LIMITS.headDim) ?? c.hiddenSize / c.numHeads,
    intermediateSize,
    ...(moe ? { moe } : {}),
    ...layersOf(types, kinds),
  };
}

function readLfm2(r: Reader, notes: string[]): Body {
  const c = {
    ...common(r, true),
    tieEmbeddings: r.bool("tie_word_embeddings") ?? r.bool("tie_embedding") ?? true,
  };
  const numKvHeads = r.optCount("num_key_value_heads", MODEL_LIMITS.heads) ?? c.numHeads;
  const conv: Mixer = {
    kind: "short_conv",
    kernel: r.optCount("conv_L_cache") ?? 3,
    bias: r.bool("conv_bias") ?? false,
  };
  const attention: Mixer = { kind: "attention", qkNorm: true };
  const types = r.stringList("layer_types");
  let names: string[];
  if (types) {
    if (types.length !== c.numLayers) {
      throw new InputError(
        `${r.prefix}layer_types`,
        types.length,
        `lists ${types.length} layers; num_hidden_layers is ${c.numLayers}`,
      );
    }
    names = types.map((t) => {
      if (t !== "conv" && t !== "full_attention") {
        throw new InputError(
          `${r.prefix}layer_types`,
          t,
          "unknown layer type; expected conv or full_attention",
        );
      }
      return t === "conv" ? "conv" : "attention";
    });
  } else {
    const full = new Set(r.intList("full_attn_idxs"));
    if (full.size === 0)
      throw new InputError(`${r.prefix}layer_types`, undefined, "is required (or full_attn_idxs)");
    names = Array.from({ length: c.numLayers }, (_, i) => (full.has(i) ? "attention" : "conv"));
  }
  // transformers Lfm2MLP: with block_auto_adjust_ff_dim the FFN is 2/3 of the given size,
  // times block_ffn_dim_multiplier, rounded up to a multiple of block_multiple_of.
  const given = r.optCount("block_ff_dim") ?? r.count("intermediate_size");
  let ff = given;
  if (r.bool("block_auto_adjust_ff_dim") ?? true) {
    ff = Math.floor((2 * ff) / 3);
    const mult = r.number("block_ffn_dim_multiplier");
    if (mult !== undefined) ff = Math.floor(mult * ff);
    const of = r.optCount("block_multiple_of") ?? 256;
    ff = of * Math.ceil(ff / of);
    notes.push(
      `the FFN's intermediate size is ${ff}: block_auto_adjust_ff_dim takes 2/3 of ${given}, rounded up to a multiple of ${of}.`,
    );
  }
  return {
    ...c,
    numKvHeads,
    headDim: c.hiddenSize / c.numHeads,
    intermediateSize: ff,
    ...layersOf(names, {
      conv: { mixer: conv, ffn: "dense" },
      attention: { mixer: attention, ffn: "dense" },
    }),
  };
}
