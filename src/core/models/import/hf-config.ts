/**
 * Hugging Face `config.json` → `ModelSpec`.
 *
 * Reads a parsed config object (the caller does the file I/O; the core stays pure) the way
 * `transformers` reads it: the same field names, the same per-`model_type` defaults (e.g.
 * Gemma ties its embeddings and always uses the tanh GELU; Qwen2 always has Q/K/V bias).
 * Every failure is an `InputError` naming the offending field (`config.<name>`) and value.
 *
 * Where a config describes something the cost model can only approximate, the import still
 * succeeds and says so in `notes` (see `importHfConfig`). What it cannot model at all
 * (latent attention, state-space layers, mixed dense/MoE stacks) is refused.
 */
import type * as z from "zod";
import { fromZodIssues, InputError } from "../../errors.js";
import { MODEL_LIMITS } from "../limits.js";
import { type FFN_ACTIVATIONS, ModelSpec } from "../schema.js";
import { HYBRID_HF_TYPES, type HybridHfType, isHybridHfType, readHybrid } from "./hf-hybrid.js";
import { applyArchitecture, isModernType, TEXT_DEFAULTS } from "./hf-modern.js";
import { Reader } from "./hf-reader.js";
import { visionParams } from "./hf-vision.js";

type Activation = (typeof FFN_ACTIVATIONS)[number];

export const SUPPORTED_MODEL_TYPES = [
  "llama",
  "mistral",
  "mixtral",
  "qwen2",
  "qwen2_moe",
  "qwen3",
  "qwen3_moe",
  "gemma",
  "gemma2",
  "phi3",
  "gpt2",
  "gpt_oss",
  "gemma3_text",
  "llama4_text",
  "glm4_moe",
  "smollm3",
  "olmo2",
  "granite",
  // Multimodal wrappers: the language model under text_config (Qwen2.5-VL: at the top level).
  "gemma3",
  "llama4",
  "mistral3",
  "qwen2_5_vl",
  // Latent attention and O(1)-state hybrids (hf-hybrid.ts).
  ...HYBRID_HF_TYPES,
] as const;
export type HfModelType = (typeof SUPPORTED_MODEL_TYPES)[number];

/** transformers' activation names (ACT2FN keys) → the cost model's activations. */
const ACTIVATIONS: Readonly<Record<string, Activation>> = {
  silu: "silu",
  swish: "silu",
  gelu: "gelu",
  gelu_python: "gelu",
  gelu_new: "gelu_tanh",
  gelu_fast: "gelu_tanh",
  gelu_pytorch_tanh: "gelu_tanh",
  gelu_tanh: "gelu_tanh",
  relu: "relu",
};

/** State-space / recurrent architectures: no attention KV cache to model. */
const RECURRENT_TYPES = new Set([
  "mamba",
  "mamba2",
  "falcon_mamba",
  "jamba",
  "zamba",
  "zamba2",
  "bamba",
  "rwkv",
  "recurrent_gemma",
  "nemotron_h",
]);

interface Traits {
  /** transformers' default for `tie_word_embeddings`. */
  tieDefault: boolean;
  /** Q/K/V bias: hard-wired on (Qwen2), read from `attention_bias`, or absent. */
  qkvBias: "always" | "attention_bias" | "never";
  qkNorm: boolean;
  moe: "none" | "mixtral" | "qwen";
  /** How `sliding_window` is applied. */
  sliding: "none" | "every-layer" | "qwen" | "alternating";
}

type Wrapper = "gemma3" | "llama4" | "mistral3" | "qwen2_5_vl";
const WRAPPERS: Readonly<Record<Wrapper, { text: "top-level" | "text_config" }>> = {
  gemma3: { text: "text_config" },
  llama4: { text: "text_config" },
  mistral3: { text: "text_config" },
  qwen2_5_vl: { text: "top-level" },
};
const isWrapper = (t: string): t is Wrapper => Object.hasOwn(WRAPPERS, t);

const TRAITS: Readonly<Record<Exclude<HfModelType, "gpt2" | Wrapper | HybridHfType>, Traits>> = {
  llama: { tieDefault: false, qkvBias: "attention_bias", qkNorm: false, moe: "none", sliding: "none" },
  mistral: { tieDefault: false, qkvBias: "never", qkNorm: false, moe: "none", sliding: "every-layer" },
  mixtral: { tieDefault: false, qkvBias: "never", qkNorm: false, moe: "mixtral", sliding: "every-layer" },
  qwen2: { tieDefault: false, qkvBias: "always", qkNorm: false, moe: "none", sliding: "qwen" },
  qwen2_moe: { tieDefault: false, qkvBias: "always", qkNorm: false, moe: "qwen", sliding: "qwen" },
  qwen3: { tieDefault: false, qkvBias: "attention_bias", qkNorm: true, moe: "none", sliding: "qwen" },
  qwen3_moe: { tieDefault: false, qkvBias: "attention_bias", qkNorm: true, moe: "qwen", sliding: "qwen" },
  gemma: { tieDefault: true, qkvBias: "attention_bias", qkNorm: false, moe: "none", sliding: "none" },
  gemma2: { tieDefault: true, qkvBias: "attention_bias", qkNorm: false, moe: "none", sliding: "alternating" },
  phi3: { tieDefault: false, qkvBias: "never", qkNorm: false, moe: "none", sliding: "every-layer" },
  // Layers, MoE and flags of these are set by applyArchitecture (hf-modern.ts).
  gpt_oss: { tieDefault: false, qkvBias: "attention_bias", qkNorm: false, moe: "none", sliding: "none" },
  gemma3_text: { tieDefault: true, qkvBias: "attention_bias", qkNorm: true, moe: "none", sliding: "none" },
  llama4_text: { tieDefault: false, qkvBias: "attention_bias", qkNorm: false, moe: "none", sliding: "none" },
  glm4_moe: { tieDefault: false, qkvBias: "attention_bias", qkNorm: false, moe: "none", sliding: "none" },
  smollm3: { tieDefault: false, qkvBias: "attention_bias", qkNorm: false, moe: "none", sliding: "none" },
  olmo2: { tieDefault: false, qkvBias: "attention_bias", qkNorm: true, moe: "none", sliding: "none" },
  granite: { tieDefault: false, qkvBias: "attention_bias", qkNorm: false, moe: "none", sliding: "none" },
};

export interface HfImport {
  readonly model: ModelSpec;
  /** Approximations and assumptions made while reading the config, in plain words. */
  readonly notes: readonly string[];
}

/** Convert a parsed HF `config.json` into a model spec (see `importHfConfig` for the notes). */
export function modelFromHfConfig(config: unknown, id?: string): ModelSpec {
  return importHfConfig(config, id).model;
}

export function importHfConfig(config: unknown, id?: string): HfImport {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new InputError("config", config, "must be a JSON object (the parsed contents of a config.json)");
  }
  const r = new Reader(config as Record<string, unknown>);
  const notes: string[] = [];

  const modelType = r.string("model_type");
  if (modelType === undefined) {
    throw new InputError(
      "config.model_type",
      undefined,
      `is missing; supported model types: ${SUPPORTED_MODEL_TYPES.join(", ")}`,
    );
  }
  rejectUnmodellable(r, modelType);
  if (!isSupported(modelType)) {
    const wrapper = r.has("text_config")
      ? " (this looks like a multimodal wrapper: its language model is under text_config)"
      : "";
    throw new InputError(
      "config.model_type",
      modelType,
      `unsupported model type; supported: ${SUPPORTED_MODEL_TYPES.join(", ")}${wrapper}`,
    );
  }

  const body = readBody(r, modelType, notes);
  const nameOrPath = r.string("_name_or_path");
  const modelId = id ?? deriveId(nameOrPath, modelType);
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(modelId)) {
    throw new InputError(
      "id",
      modelId,
      "must be lower-case letters, digits, '.' and '-', starting with a letter or digit",
    );
  }
  const candidate = {
    id: modelId,
    name: nameOrPath && nameOrPath.length > 0 ? nameOrPath : modelId,
    family: modelType,
    ...body,
  };
  const parsed = ModelSpec.safeParse(candidate);
  if (!parsed.success) throw fromZodIssues("model", parsed.error.issues, candidate);
  return { model: parsed.data, notes };
}

/** The language model of a config (a wrapper's text_config, with its vision tower counted). */
function readBody(r: Reader, modelType: HfModelType, notes: string[]): SpecBody {
  if (modelType === "gpt2") return readGpt2(r, notes);
  if (isHybridHfType(modelType)) return readHybrid(r, modelType, notes);
  if (!isWrapper(modelType)) {
    const body = readDecoder(r, modelType, TRAITS[modelType], notes);
    if (isModernType(modelType)) applyArchitecture(r, modelType, body, notes);
    return body;
  }
  let text = r;
  let textType: string = modelType === "qwen2_5_vl" ? "qwen2" : modelType;
  if (WRAPPERS[modelType].text === "text_config") {
    const given = r.sub("text_config");
    if (!given)
      throw new InputError(
        "config.text_config",
        undefined,
        "is required: the language model of this multimodal config",
      );
    const defaultType = modelType === "mistral3" ? "mistral" : `${modelType}_text`;
    textType = given.string("model_type") ?? defaultType;
    const sub = r.sub("text_config", TEXT_DEFAULTS[textType] ?? {});
    if (!sub) throw new InputError("config.text_config", undefined, "is required");
    text = sub;
  }
  if (!isSupported(textType) || textType === "gpt2" || isWrapper(textType) || isHybridHfType(textType)) {
    throw new InputError(
      `${text.prefix}model_type`,
      textType,
      "is not a language model type Ridgeline reads",
    );
  }
  const body = readDecoder(text, textType, TRAITS[textType], notes);
  if (isModernType(textType)) applyArchitecture(text, textType, body, notes);
  if (text.defaulted.length > 0) {
    notes.push(
      `${text.prefix.slice(0, -1)} leaves out ${text.defaulted.join(", ")}: transformers' ${textType} defaults are used.`,
    );
  }
  const vision = visionParams(modelType, r, body.hiddenSize);
  if (vision) {
    body.vision = vision;
    notes.push(
      `the ${vision.what} (${vision.params.toLocaleString("en-US")} parameters) is counted in memory; its compute (image encoding) is not modelled.`,
    );
  }
  return body;
}

function isSupported(t: string): t is HfModelType {
  return (SUPPORTED_MODEL_TYPES as readonly string[]).includes(t);
}

function rejectUnmodellable(r: Reader, modelType: string): void {
  if (modelType === "falcon_h1") {
    throw new InputError(
      "config.model_type",
      modelType,
      "Falcon-H1 runs attention and a Mamba-2 mixer side by side in every layer (parallel hybrid), which Ridgeline's " +
        "one-mixer-per-layer schema does not describe yet",
    );
  }
  if (r.present("kv_lora_rank") && !isHybridHfType(modelType)) {
    throw new InputError(
      "config.kv_lora_rank",
      r.raw("kv_lora_rank"),
      "multi-head latent attention (MLA, DeepSeek-V2/V3 style) cannot be modelled: its compressed KV cache and " +
        "up-projections are not standard MHA/GQA",
    );
  }
  if (modelType.includes("mamba") || RECURRENT_TYPES.has(modelType)) {
    throw new InputError(
      "config.model_type",
      modelType,
      "this state-space / recurrent architecture is not read; Ridgeline reads the Mamba-2, Gated DeltaNet and " +
        "short-convolution hybrids granitemoehybrid, qwen3_next and lfm2",
    );
  }
}

type SpecBody = Omit<z.input<typeof ModelSpec>, "id" | "name" | "family">;

function readDecoder(
  r: Reader,
  modelType: Exclude<HfModelType, "gpt2" | Wrapper | HybridHfType>,
  t: Traits,
  notes: string[],
): SpecBody {
  const hiddenSize = r.count("hidden_size", MODEL_LIMITS.width);
  const numLayers = r.count("num_hidden_layers", MODEL_LIMITS.layers);
  const numHeads = r.count("num_attention_heads", MODEL_LIMITS.heads);
  let numKvHeads = r.optCount("num_key_value_heads", MODEL_LIMITS.heads);
  if (numKvHeads === undefined) {
    numKvHeads = numHeads;
    notes.push(
      "num_key_value_heads is absent: assumed equal to num_attention_heads (plain multi-head attention).",
    );
  }
  if (numHeads % numKvHeads !== 0) {
    throw new InputError(
      "config.num_key_value_heads",
      numKvHeads,
      `must divide num_attention_heads (${numHeads}) so that query heads share key/value heads evenly`,
    );
  }
  const headDim = r.optCount("head_dim", MODEL_LIMITS.headDim) ?? defaultHeadDim(hiddenSize, numHeads);
  const vocabSize = r.count("vocab_size", MODEL_LIMITS.vocab);
  const maxContext = r.count("max_position_embeddings", MODEL_LIMITS.context);

  // Activation: Gemma reads hidden_activation and, when it is absent, transformers forces the
  // tanh approximation whatever hidden_act says (the original Gemma configs say "gelu").
  let activation: Activation;
  if (modelType === "gemma" || modelType === "gemma2" || modelType === "gemma3_text") {
    const given = r.string("hidden_activation");
    if (given === undefined) {
      activation = "gelu_tanh";
      const act = r.string("hidden_act");
      if (act !== undefined && act !== "gelu_pytorch_tanh") {
        notes.push(
          `hidden_activation is absent: using gelu_pytorch_tanh as transformers does for Gemma (hidden_act "${act}" is ignored).`,
        );
      }
    } else {
      activation = mapActivation("hidden_activation", given);
    }
  } else {
    const given = r.string("hidden_act");
    if (given === undefined) {
      activation = "silu";
      notes.push("hidden_act is absent: using transformers' default silu.");
    } else {
      activation = mapActivation("hidden_act", given);
    }
  }

  const attentionBias = r.bool("attention_bias");
  let qkvBias: boolean;
  switch (t.qkvBias) {
    case "always":
      qkvBias = true;
      break;
    case "never":
      qkvBias = false;
      break;
    case "attention_bias":
      qkvBias = attentionBias ?? false;
      if (qkvBias)
        notes.push(
          "attention_bias also puts a bias on the output projection: that (hidden_size per layer) is not counted.",
        );
      break;
  }
  if (r.bool("mlp_bias") === true) notes.push("mlp_bias: the FFN biases are not counted (small).");

  const tieEmbeddings = r.bool("tie_word_embeddings") ?? t.tieDefault;

  let intermediateSize: number;
  let moe: SpecBody["moe"];
  if (t.moe === "mixtral") {
    intermediateSize = r.count("intermediate_size");
    const numExperts = r.count("num_local_experts");
    const expertsPerToken = expertsPerTok(r, numExperts);
    moe = { numExperts, expertsPerToken, expertIntermediateSize: intermediateSize, sharedExperts: 0 };
  } else if (t.moe === "qwen") {
    const numExperts = r.count("num_experts");
    const expertsPerToken = expertsPerTok(r, numExperts);
    const expertIntermediateSize = r.count("moe_intermediate_size");
    intermediateSize = r.optCount("intermediate_size") ?? expertIntermediateSize;
    const step = r.optCount("decoder_sparse_step") ?? 1;
    if (step !== 1) {
      throw new InputError(
        "config.decoder_sparse_step",
        step,
        "only every n-th layer is a MoE layer; Ridgeline models one FFN kind for every layer, so only 1 is supported",
      );
    }
    const dense = r.intList("mlp_only_layers");
    if (dense.length > 0) {
      throw new InputError(
        "config.mlp_only_layers",
        dense,
        "some layers use a dense FFN instead of experts; Ridgeline models one FFN kind for every layer",
      );
    }
    const shared = modelType === "qwen2_moe" ? (r.optNonNegInt("shared_expert_intermediate_size") ?? 0) : 0;
    if (shared > 0) {
      moe = {
        numExperts,
        expertsPerToken,
        expertIntermediateSize,
        sharedExperts: 1,
        sharedIntermediateSize: shared,
      };
      notes.push("the shared expert's sigmoid gate (hidden_size weights per layer) is not counted.");
    } else {
      moe = { numExperts, expertsPerToken, expertIntermediateSize, sharedExperts: 0 };
    }
  } else {
    intermediateSize = r.count("intermediate_size");
  }

  const slidingWindow = readSlidingWindow(r, t, numLayers, maxContext, notes);
  const rotary = r.number("partial_rotary_factor");
  if (modelType === "gemma2") {
    notes.push(
      "Gemma 2 has two extra RMSNorms per layer (pre/post feed-forward): 2 x hidden_size parameters per layer are not counted.",
    );
  }

  return {
    hiddenSize,
    numLayers,
    numHeads,
    numKvHeads,
    headDim,
    intermediateSize,
    vocabSize,
    ffn: { gated: true, activation },
    norm: "rmsnorm",
    qkvBias,
    qkNorm: t.qkNorm,
    tieEmbeddings,
    ...(moe ? { moe } : {}),
    ...(rotary !== undefined && rotary > 0 && rotary < 1 ? { rotaryFraction: rotary } : {}),
    ...(slidingWindow !== undefined ? { slidingWindow } : {}),
    maxContext,
  };
}

function readSlidingWindow(
  r: Reader,
  t: Traits,
  numLayers: number,
  maxContext: number,
  notes: string[],
): number | undefined {
  switch (t.sliding) {
    case "none":
      return undefined;
    case "every-layer": {
      const w = r.optCount("sliding_window");
      if (w === undefined) return undefined;
      if (w >= maxContext) {
        notes.push(
          `sliding_window (${w}) is not below max_position_embeddings (${maxContext}): it never takes effect.`,
        );
        return undefined;
      }
      return w;
    }
    case "qwen": {
      // transformers: layer i slides iff use_sliding_window and i >= max_window_layers.
      const use = r.bool("use_sliding_window") ?? false;
      const w = r.optCount("sliding_window");
      if (!use || w === undefined) return undefined;
      const fullLayers = Math.min(r.optNonNegInt("max_window_layers") ?? 28, numLayers);
      if (fullLayers === numLayers) {
        notes.push(
          "use_sliding_window is set but max_window_layers covers every layer: no layer uses the sliding window.",
        );
        return undefined;
      }
      if (fullLayers > 0) {
        notes.push(
          `only layers ${fullLayers}..${numLayers - 1} use the ${w}-token sliding window; Ridgeline applies one window to ` +
            "every layer, so all layers are treated as full attention (KV cache and attention cost are upper bounds).",
        );
        return undefined;
      }
      return w < maxContext ? w : undefined;
    }
    case "alternating": {
      const w = r.optCount("sliding_window") ?? 4096;
      notes.push(
        `Gemma 2 alternates ${w}-token sliding-window layers with global-attention layers; Ridgeline applies one window ` +
          "to every layer, so this is approximated as global attention on every layer (KV cache and attention cost " +
          "are upper bounds: at long context about twice the true values for the sliding half).",
      );
      return undefined;
    }
  }
}

/** GPT-2 style configs (n_embd/n_layer/n_head). */
function readGpt2(r: Reader, notes: string[]): SpecBody {
  const hiddenSize = r.count("n_embd", MODEL_LIMITS.width);
  const numLayers = r.count("n_layer", MODEL_LIMITS.layers);
  const numHeads = r.count("n_head", MODEL_LIMITS.heads);
  const headDim = defaultHeadDim(hiddenSize, numHeads, "n_embd", "n_head");
  const intermediateSize = r.optCount("n_inner") ?? 4 * hiddenSize;
  const vocabSize = r.count("vocab_size", MODEL_LIMITS.vocab);
  const maxContext = r.optCount("n_positions", MODEL_LIMITS.context) ?? 1024;
  const act = r.string("activation_function");
  const activation = act === undefined ? "gelu_tanh" : mapActivation("activation_function", act);
  notes.push(
    "GPT-2 also has learned position embeddings (n_positions x n_embd) and biases on the output projection and " +
      "the MLP: these are not counted (about +0.7% for the 124M model).",
  );
  return {
    hiddenSize,
    numLayers,
    numHeads,
    numKvHeads: numHeads,
    headDim,
    intermediateSize,
    vocabSize,
    ffn: { gated: false, activation },
    norm: "layernorm",
    qkvBias: true,
    qkNorm: false,
    tieEmbeddings: r.bool("tie_word_embeddings") ?? true,
    maxContext,
  };
}

function expertsPerTok(r: Reader, numExperts: number): number {
  const k = r.count("num_experts_per_tok");
  if (k > numExperts) {
    throw new InputError(
      "config.num_experts_per_tok",
      k,
      `must not exceed the number of experts (${numExperts})`,
    );
  }
  return k;
}

function defaultHeadDim(
  hidden: number,
  heads: number,
  hiddenKey = "hidden_size",
  headsKey = "num_attention_heads",
): number {
  if (hidden % heads !== 0) {
    throw new InputError(
      `config.${hiddenKey}`,
      hidden,
      `is not divisible by ${headsKey} (${heads}) and no head_dim is given`,
    );
  }
  return hidden / heads;
}

function mapActivation(key: string, name: string): Activation {
  const a = ACTIVATIONS[name];
  if (a === undefined) {
    throw new InputError(
      `config.${key}`,
      name,
      `unknown activation; supported: ${Object.keys(ACTIVATIONS).join(", ")}`,
    );
  }
  return a;
}

function deriveId(nameOrPath: string | undefined, modelType: string): string {
  const base =
    (nameOrPath ?? "")
      .split(/[\\/]/)
      .filter((s) => s.length > 0)
      .pop() ?? "";
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/-+$/, "");
  return slug.length > 0 ? slug : `${modelType.replace(/_/g, "-")}-import`;
}
