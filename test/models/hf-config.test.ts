import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { importHfConfig, modelFromHfConfig } from "../../src/core/models/import/hf-config.js";
import { countParams } from "../../src/core/models/params.js";
import { BUILTIN_MODELS } from "../../src/core/models/presets/index.js";
import type { ModelSpec } from "../../src/core/models/schema.js";

const FIXTURES = new URL("../fixtures/hf/", import.meta.url);

function fixture(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(file, FIXTURES), "utf8")) as Record<string, unknown>;
}

function preset(id: string): ModelSpec {
  const m = BUILTIN_MODELS.find((x) => x.id === id);
  if (!m) throw new Error(`no preset ${id}`);
  return m;
}

/** The architecture fields: everything except naming and provenance. */
function architecture(m: ModelSpec) {
  return {
    family: m.family,
    hiddenSize: m.hiddenSize,
    numLayers: m.numLayers,
    numHeads: m.numHeads,
    numKvHeads: m.numKvHeads,
    headDim: m.headDim,
    intermediateSize: m.intermediateSize,
    vocabSize: m.vocabSize,
    ffn: m.ffn,
    norm: m.norm,
    qkvBias: m.qkvBias,
    qkNorm: m.qkNorm,
    tieEmbeddings: m.tieEmbeddings,
    moe: m.moe,
    slidingWindow: m.slidingWindow,
    maxContext: m.maxContext,
  };
}

function expectInputError(fn: () => unknown, field: string, value: unknown, detail?: RegExp): InputError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  const err = caught as InputError;
  expect(err.field).toBe(field);
  expect(err.value).toEqual(value);
  expect(err.message.startsWith(`${field}: `)).toBe(true);
  if (detail) expect(err.message).toMatch(detail);
  return err;
}

describe("real configs convert to the presets, field by field", () => {
  const cases: [file: string, presetId: string][] = [
    ["llama-2-7b-hf.json", "llama-2-7b"],
    ["mistral-7b-v0.1.json", "mistral-7b"],
    ["qwen2.5-0.5b.json", "qwen2.5-0.5b"],
    ["mixtral-8x7b-v0.1.json", "mixtral-8x7b"],
    ["qwen3-30b-a3b.json", "qwen3-30b-a3b"],
    ["gemma-7b.json", "gemma-7b"],
    ["phi-3-mini-4k-instruct.json", "phi-3-mini"],
  ];
  for (const [file, id] of cases) {
    it(`${file} → ${id}`, () => {
      const m = modelFromHfConfig(fixture(file), id);
      expect(m.id).toBe(id);
      expect(architecture(m)).toEqual(architecture(preset(id)));
    });
  }

  it("spot checks worked out from the configs by hand", () => {
    // Mistral-7B-v0.1: sliding_window 4096 < max_position_embeddings 32768 → active on every layer.
    expect(modelFromHfConfig(fixture("mistral-7b-v0.1.json")).slidingWindow).toBe(4096);
    // Mixtral: "sliding_window": null → none; experts from num_local_experts, expert size = intermediate_size.
    const mixtral = modelFromHfConfig(fixture("mixtral-8x7b-v0.1.json"));
    expect(mixtral.slidingWindow).toBeUndefined();
    expect(mixtral.moe).toEqual({
      numExperts: 8,
      expertsPerToken: 2,
      expertIntermediateSize: 14336,
      sharedExperts: 0,
    });
    // Qwen2.5-0.5B: sliding_window 32768 is given but use_sliding_window is false → not active; Qwen2 has q/k/v bias
    // hard-wired; head_dim = 896 / 14 = 64.
    const qwen = modelFromHfConfig(fixture("qwen2.5-0.5b.json"));
    expect(qwen.slidingWindow).toBeUndefined();
    expect(qwen.qkvBias).toBe(true);
    expect(qwen.headDim).toBe(64);
    // Qwen3-30B-A3B: explicit head_dim 128, not 2048 / 32 = 64.
    expect(modelFromHfConfig(fixture("qwen3-30b-a3b.json")).headDim).toBe(128);
    // Gemma-7B: no tie_word_embeddings key → GemmaConfig default (tied); hidden_act "gelu" but transformers
    // runs Gemma with the tanh approximation when hidden_activation is absent.
    const gemma = importHfConfig(fixture("gemma-7b.json"));
    expect(gemma.model.tieEmbeddings).toBe(true);
    expect(gemma.model.ffn).toEqual({ gated: true, activation: "gelu_tanh" });
    expect(gemma.notes.join(" ")).toMatch(/gelu_pytorch_tanh/);
    // Phi-3-mini-4k: sliding_window 2047 < 4096 → active; head_dim = 3072 / 32 = 96.
    const phi = modelFromHfConfig(fixture("phi-3-mini-4k-instruct.json"));
    expect(phi.slidingWindow).toBe(2047);
    expect(phi.headDim).toBe(96);
  });

  it("derives the id and name from _name_or_path when no id is given", () => {
    const m = modelFromHfConfig(fixture("llama-2-7b-hf.json"));
    expect(m.id).toBe("llama-2-7b-hf");
    expect(m.name).toBe("meta-llama/Llama-2-7b-hf");
    // No _name_or_path: the id falls back to the model type.
    expect(modelFromHfConfig(fixture("mixtral-8x7b-v0.1.json")).id).toBe("mixtral-import");
  });
});

describe("approximations are reported", () => {
  it("Gemma 2: alternating sliding window is approximated as global attention, and says so", () => {
    const { model, notes } = importHfConfig(fixture("gemma-2-9b.json"), "gemma-2-9b");
    expect(model.slidingWindow).toBeUndefined();
    expect(model.tieEmbeddings).toBe(true);
    expect(model.headDim).toBe(256);
    expect(notes.join(" ")).toMatch(
      /alternates 4096-token sliding-window layers with global-attention layers/,
    );
    // Hand count: q 3584·4096 = 14,680,064; k, v 3584·2048 = 7,340,032 each; o 4096·3584 = 14,680,064
    //   → attention 44,040,192; FFN 3·3584·14336 = 154,140,672; 2 norms 7,168; layer 198,188,032
    //   · 42 = 8,323,897,344; tied embedding 256,000·3584 = 917,504,000; final norm 3,584
    //   → 9,241,404,928. The real model has 2 more norms per layer (42·2·3584 = 301,056) → 9,241,705,984
    //   (keras-hub gemma2_9b_en), which the note admits is not counted.
    expect(countParams(model).total).toBe(9_241_404_928);
    expect(9_241_404_928 + 42 * 2 * 3584).toBe(9_241_705_984);
    expect(notes.join(" ")).toMatch(/two extra RMSNorms/);
  });

  it("Qwen2 with use_sliding_window: all layers, partial layers, or none", () => {
    const base = { ...fixture("qwen2.5-0.5b.json"), use_sliding_window: true, sliding_window: 4096 };
    // max_window_layers 0 → layers 0..23 all slide.
    expect(modelFromHfConfig({ ...base, max_window_layers: 0 }).slidingWindow).toBe(4096);
    // max_window_layers 12 → only layers 12..23 slide: approximated as full attention, with a note.
    const partial = importHfConfig({ ...base, max_window_layers: 12 });
    expect(partial.model.slidingWindow).toBeUndefined();
    expect(partial.notes.join(" ")).toMatch(/only layers 12\.\.23/);
    // max_window_layers 24 (the real config) → no layer slides.
    expect(modelFromHfConfig({ ...base, max_window_layers: 24 }).slidingWindow).toBeUndefined();
  });

  it("a window not below the context never takes effect (Phi-3-mini-128k style)", () => {
    const r = importHfConfig({
      ...fixture("phi-3-mini-4k-instruct.json"),
      sliding_window: 262144,
      max_position_embeddings: 131072,
    });
    expect(r.model.slidingWindow).toBeUndefined();
    expect(r.notes.join(" ")).toMatch(/never takes effect/);
  });

  it("num_key_value_heads absent → multi-head attention, with a note", () => {
    const cfg = fixture("llama-2-7b-hf.json");
    delete cfg.num_key_value_heads;
    const r = importHfConfig(cfg);
    expect(r.model.numKvHeads).toBe(32);
    expect(r.notes.join(" ")).toMatch(/num_key_value_heads is absent/);
  });

  it("Qwen2-MoE shared expert becomes one shared expert of shared_expert_intermediate_size", () => {
    // Qwen2-57B-A14B shapes.
    const cfg = {
      model_type: "qwen2_moe",
      hidden_size: 3584,
      num_hidden_layers: 28,
      num_attention_heads: 28,
      num_key_value_heads: 4,
      intermediate_size: 18944,
      moe_intermediate_size: 2560,
      shared_expert_intermediate_size: 20480,
      num_experts: 64,
      num_experts_per_tok: 8,
      decoder_sparse_step: 1,
      mlp_only_layers: [],
      vocab_size: 151936,
      max_position_embeddings: 131072,
      use_sliding_window: false,
      sliding_window: 131072,
      tie_word_embeddings: false,
      hidden_act: "silu",
    };
    const m = modelFromHfConfig(cfg, "qwen2-57b-a14b");
    expect(m.moe).toEqual({
      numExperts: 64,
      expertsPerToken: 8,
      expertIntermediateSize: 2560,
      sharedExperts: 1,
      sharedIntermediateSize: 20480,
    });
    expect(m.qkvBias).toBe(true);
  });

  it("GPT-2 style configs: layer norm, ungated GELU, n_inner null → 4·n_embd", () => {
    const m = modelFromHfConfig({
      model_type: "gpt2",
      activation_function: "gelu_new",
      n_embd: 768,
      n_head: 12,
      n_layer: 12,
      n_inner: null,
      n_positions: 1024,
      vocab_size: 50257,
    });
    expect(m.norm).toBe("layernorm");
    expect(m.ffn).toEqual({ gated: false, activation: "gelu_tanh" });
    expect(m.intermediateSize).toBe(3072);
    expect(m.tieEmbeddings).toBe(true);
    expect(m.headDim).toBe(64);
  });
});

describe("malformed configs name the field and the value", () => {
  const llama = () => fixture("llama-2-7b-hf.json");

  it("not an object", () => {
    expectInputError(() => modelFromHfConfig(null), "config", null, /JSON object/);
    expectInputError(() => modelFromHfConfig([1, 2]), "config", [1, 2]);
    expectInputError(() => modelFromHfConfig("llama"), "config", "llama");
  });

  it("missing model_type lists the supported ones", () => {
    const cfg = llama();
    delete cfg.model_type;
    expectInputError(() => modelFromHfConfig(cfg), "config.model_type", undefined, /missing.*llama, mistral/);
  });

  it("unknown model_type lists the supported ones", () => {
    expectInputError(
      () => modelFromHfConfig({ ...llama(), model_type: "bert" }),
      "config.model_type",
      "bert",
      /supported: llama, mistral, mixtral, qwen2/,
    );
  });

  it("multimodal wrapper hint", () => {
    expectInputError(
      () => modelFromHfConfig({ model_type: "llava", text_config: { model_type: "llama" } }),
      "config.model_type",
      "llava",
      /text_config/,
    );
  });

  it("missing required field", () => {
    const cfg = llama();
    delete cfg.num_attention_heads;
    expectInputError(
      () => modelFromHfConfig(cfg),
      "config.num_attention_heads",
      undefined,
      /required but missing \(got nothing\)/,
    );
    expectInputError(
      () => modelFromHfConfig({ ...llama(), vocab_size: null }),
      "config.vocab_size",
      null,
      /required but missing/,
    );
  });

  it("wrong type", () => {
    expectInputError(
      () => modelFromHfConfig({ ...llama(), hidden_size: "4096" }),
      "config.hidden_size",
      "4096",
      /positive integer \(got "4096"\)/,
    );
    expectInputError(
      () => modelFromHfConfig({ ...llama(), tie_word_embeddings: "yes" }),
      "config.tie_word_embeddings",
      "yes",
      /true or false/,
    );
    expectInputError(
      () => modelFromHfConfig({ ...llama(), hidden_act: 3 }),
      "config.hidden_act",
      3,
      /string/,
    );
  });

  it("negative, zero, NaN, infinite and fractional counts", () => {
    expectInputError(
      () => modelFromHfConfig({ ...llama(), num_hidden_layers: -2 }),
      "config.num_hidden_layers",
      -2,
      /positive integer \(got -2\)/,
    );
    expectInputError(
      () => modelFromHfConfig({ ...llama(), num_hidden_layers: 0 }),
      "config.num_hidden_layers",
      0,
    );
    expectInputError(
      () => modelFromHfConfig({ ...llama(), intermediate_size: NaN }),
      "config.intermediate_size",
      NaN,
      /NaN is not a finite number/,
    );
    expectInputError(
      () => modelFromHfConfig({ ...llama(), vocab_size: Infinity }),
      "config.vocab_size",
      Infinity,
      /Infinity/,
    );
    expectInputError(
      () => modelFromHfConfig({ ...llama(), intermediate_size: 11008.5 }),
      "config.intermediate_size",
      11008.5,
      /got 11008.5/,
    );
  });

  it("query heads not a multiple of kv heads", () => {
    expectInputError(
      () => modelFromHfConfig({ ...llama(), num_key_value_heads: 5 }),
      "config.num_key_value_heads",
      5,
      /must divide num_attention_heads \(32\)/,
    );
  });

  it("hidden size not divisible by heads and no head_dim", () => {
    expectInputError(
      () => modelFromHfConfig({ ...llama(), num_attention_heads: 24, num_key_value_heads: 8 }),
      "config.hidden_size",
      4096,
      /not divisible by num_attention_heads \(24\)/,
    );
    // With an explicit head_dim the same shapes are fine.
    expect(
      modelFromHfConfig({ ...llama(), num_attention_heads: 24, num_key_value_heads: 8, head_dim: 128 })
        .headDim,
    ).toBe(128);
  });

  it("unknown activation", () => {
    expectInputError(
      () => modelFromHfConfig({ ...llama(), hidden_act: "swiglu_magic" }),
      "config.hidden_act",
      "swiglu_magic",
      /unknown activation; supported: silu/,
    );
    expectInputError(
      () => modelFromHfConfig({ ...fixture("gemma-7b.json"), hidden_activation: "mish" }),
      "config.hidden_activation",
      "mish",
    );
  });

  it("MoE: more experts per token than experts; missing expert count", () => {
    const mixtral = fixture("mixtral-8x7b-v0.1.json");
    expectInputError(
      () => modelFromHfConfig({ ...mixtral, num_experts_per_tok: 9 }),
      "config.num_experts_per_tok",
      9,
      /must not exceed the number of experts \(8\)/,
    );
    delete mixtral.num_local_experts;
    expectInputError(() => modelFromHfConfig(mixtral), "config.num_local_experts", undefined, /missing/);
  });

  it("MoE with dense layers mixed in cannot be modelled", () => {
    const q = fixture("qwen3-30b-a3b.json");
    expectInputError(
      () => modelFromHfConfig({ ...q, decoder_sparse_step: 2 }),
      "config.decoder_sparse_step",
      2,
      /one FFN kind/,
    );
    expectInputError(
      () => modelFromHfConfig({ ...q, mlp_only_layers: [0, 1] }),
      "config.mlp_only_layers",
      [0, 1],
      /dense FFN/,
    );
    expectInputError(
      () => modelFromHfConfig({ ...q, mlp_only_layers: "none" }),
      "config.mlp_only_layers",
      "none",
      /list of layer indices/,
    );
  });

  it("multi-head latent attention outside the DeepSeek / Kimi types is refused naming it; a DeepSeek config without its sizes names the field", () => {
    const mla = {
      model_type: "minicpm3",
      hidden_size: 2560,
      num_hidden_layers: 62,
      num_attention_heads: 40,
      kv_lora_rank: 256,
      q_lora_rank: 768,
      vocab_size: 73448,
    };
    expectInputError(() => modelFromHfConfig(mla), "config.kv_lora_rank", 256, /latent attention/);
    const deepseek = { ...mla, model_type: "deepseek_v3", max_position_embeddings: 4096 };
    expectInputError(() => modelFromHfConfig(deepseek), "config.qk_rope_head_dim", undefined, /required/);
  });

  it("state-space models are refused", () => {
    expectInputError(
      () => modelFromHfConfig({ model_type: "mamba", hidden_size: 768, num_hidden_layers: 24 }),
      "config.model_type",
      "mamba",
      /Mamba/,
    );
    expectInputError(
      () => modelFromHfConfig({ model_type: "jamba" }),
      "config.model_type",
      "jamba",
      /state-space/,
    );
  });

  it("a bad id is named", () => {
    expectInputError(() => modelFromHfConfig(llama(), "Llama 2"), "id", "Llama 2", /lower-case/);
  });
});
