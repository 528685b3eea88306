/**
 * Hugging Face import of the latent-attention and hybrid configs, against parameter counts
 * worked out by hand from the configs (and, where the model card gives one, the exact
 * published count).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { importHfConfig, modelFromHfConfig } from "../../src/core/models/import/hf-config.js";
import { layerKindCounts, recurrentStateValues } from "../../src/core/models/layers.js";
import { countParams } from "../../src/core/models/params.js";

/** `fn` throws an InputError naming `field` with `value`, its message matching `detail`. */
function expectInputError(fn: () => unknown, field: string, value: unknown, detail: RegExp): void {
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
  expect(err.message).toMatch(detail);
}

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/hf/${name}`, import.meta.url), "utf8"));

const kinds = (m: ReturnType<typeof modelFromHfConfig>) =>
  Object.fromEntries(layerKindCounts(m).map((k) => [k.name, k.count]));

describe("deepseek_v3 (DeepSeek-V3's config.json)", () => {
  const m = modelFromHfConfig(fixture("deepseek-v3.json"));

  it("reads MLA, three dense first layers, routed + shared experts, groups and the score-correction bias", () => {
    expect(kinds(m)).toEqual({ dense: 3, moe: 58 });
    expect(layerKindCounts(m)[0]!.kind.mixer).toEqual({
      kind: "mla",
      qLoraRank: 1536,
      kvLoraRank: 512,
      ropeDim: 64,
      nopeDim: 128,
      vDim: 128,
    });
    expect(m.moe).toEqual({
      numExperts: 256,
      expertsPerToken: 8,
      expertIntermediateSize: 2048,
      sharedExperts: 1,
      sharedIntermediateSize: 2048,
      routerBias: true,
      groups: { count: 8, used: 4 },
    });
    expect(m.intermediateSize).toBe(18432);
  });

  it("total 671,026,419,200 and active 37,552,297,472 (hand-worked)", () => {
    // attention per layer: q_a 7168·1536 + q_b 1536·128·192 + kv_a 7168·576 + kv_b 512·128·256
    //   + o 128·128·7168 + norms 1536 + 512 = 187,107,328; with 2 RMSNorms (14,336) = 187,121,664
    // dense FFN 3·7168·18432 = 396,361,728; MoE: 256 + 1 experts · 44,040,192, router 7168·256,
    //   bias 256 = 11,320,164,608 (active: 9 experts = 398,196,992)
    // 3 dense layers: 3 · 583,483,392 = 1,750,450,176; 58 MoE layers: 58 · 11,507,286,272
    //   = 667,422,603,776; embedding and head 2 · 129280 · 7168 = 1,853,358,080; final norm 7168
    const c = countParams(m);
    expect(c.total).toBe(1_750_450_176 + 667_422_603_776 + 1_853_358_080 + 7168);
    // active: 58 · (187,121,664 + 398,196,992) = 33,948,482,048
    expect(c.active).toBe(1_750_450_176 + 33_948_482_048 + 1_853_358_080 + 7168);
  });

  it("DeepSeek-V2-Lite style: q_lora_rank null is a direct q projection; moe_layer_freq ≠ 1 is refused", () => {
    const lite = modelFromHfConfig({
      ...fixture("deepseek-v3.json"),
      model_type: "deepseek_v2",
      q_lora_rank: null,
    });
    const mla = layerKindCounts(lite)[0]!.kind.mixer;
    expect(mla.kind === "mla" && mla.qLoraRank).toBe(0);
    expectInputError(
      () => modelFromHfConfig({ ...fixture("deepseek-v3.json"), moe_layer_freq: 2 }),
      "config.moe_layer_freq",
      2,
      /every n-th layer/,
    );
  });

  it("kimi_k2 reads as the same architecture", () => {
    const k = importHfConfig({
      ...fixture("deepseek-v3.json"),
      model_type: "kimi_k2",
      n_routed_experts: 384,
      n_group: 1,
    });
    expect(k.model.moe?.numExperts).toBe(384);
    expect(k.model.moe?.groups).toBeUndefined();
  });
});

describe("qwen3_next (Qwen3-Next-80B-A3B's config.json)", () => {
  const m = modelFromHfConfig(fixture("qwen3-next-80b-a3b-instruct.json"));

  it("every fourth layer is gated attention, the rest Gated DeltaNet; MoE with a gated shared expert", () => {
    expect(kinds(m)).toEqual({ "linear-moe": 36, "full-moe": 12 });
    expect(m.layers?.repeat).toEqual(["linear-moe", "linear-moe", "linear-moe", "full-moe"]);
    expect(m.rotaryFraction).toBe(0.25);
    expect(m.moe?.sharedExpertGate).toBe(true);
  });

  it("total 79,674,391,296 (hand-worked)", () => {
    // embedding + head 2 · 151936 · 2048 = 622,329,856; final norm 2048
    // MoE per layer: 512 · 3 · 2048 · 512 + shared 3,145,728 + gate 2048 + router 2048 · 512 = 1,614,809,088
    // Gated DeltaNet: qkvz 2048 · 12,288 + ba 2048 · 64 + conv 4 · 8192 + dt/A 64 + norm 128
    //   + out 4096 · 2048 = 33,718,464; gated attention: q 2048 · 8192 + k, v 2 · 2048 · 512
    //   + o 4096 · 2048 + q/k norms 512 = 27,263,488; two RMSNorms per layer 4096
    const moe = 1_614_809_088;
    const linear = 36 * (33_718_464 + moe + 4096);
    const full = 12 * (27_263_488 + moe + 4096);
    expect(countParams(m).total).toBe(622_329_856 + 2048 + linear + full);
    expect(countParams(m).total).toBe(79_674_391_296);
  });

  it("state per linear layer: 32 · 128 · 128 + 3 · 8192", () => {
    const linear = layerKindCounts(m).find((k) => k.name === "linear-moe")!;
    expect(recurrentStateValues(m, linear.kind)).toEqual({ conv: 24_576, ssm: 524_288 });
  });
});

describe("lfm2 (LFM2 350M and 1.2B)", () => {
  it.each([
    ["lfm2-350m.json", 4608, 354_483_968],
    ["lfm2-1.2b.json", 8192, 1_170_340_608],
  ])("%s: FFN auto-adjusted to %i; total equals the model card's %i", (file, ff, total) => {
    const m = modelFromHfConfig(fixture(file));
    expect(m.intermediateSize).toBe(ff);
    expect(kinds(m)).toEqual({ conv: 10, attention: 6 });
    expect(countParams(m).total).toBe(total);
  });

  it("layer_types is read; an unknown type is refused naming it", () => {
    const types = Array.from({ length: 16 }, (_, i) =>
      [2, 5, 8, 10, 12, 14].includes(i) ? "full_attention" : "conv",
    );
    const { full_attn_idxs: _, ...rest } = fixture("lfm2-350m.json");
    expect(countParams(modelFromHfConfig({ ...rest, layer_types: types })).total).toBe(354_483_968);
    expectInputError(
      () => modelFromHfConfig({ ...rest, layer_types: [...types.slice(0, 15), "mamba"] }),
      "config.layer_types",
      "mamba",
      /conv or full_attention/,
    );
  });
});

describe("granitemoehybrid", () => {
  // The shape of transformers' GraniteMoeHybrid docs example (8 layers, two attention).
  const cfg = {
    model_type: "granitemoehybrid",
    hidden_size: 512,
    intermediate_size: 1024,
    num_hidden_layers: 8,
    num_attention_heads: 8,
    num_key_value_heads: 8,
    layer_types: ["mamba", "mamba", "mamba", "attention", "mamba", "mamba", "mamba", "attention"],
    mamba_d_conv: 4,
    mamba_d_head: 128,
    mamba_d_state: 128,
    mamba_expand: 2,
    mamba_n_groups: 1,
    mamba_n_heads: 8,
    mamba_conv_bias: true,
    mamba_proj_bias: false,
    max_position_embeddings: 4096,
    num_local_experts: 8,
    num_experts_per_tok: 2,
    shared_intermediate_size: 512,
    position_embedding_type: "nope",
    tie_word_embeddings: true,
    vocab_size: 49152,
  };

  it("Mamba-2 and NoPE attention layers, MoE with the shared MLP; parameters hand-worked", () => {
    const m = modelFromHfConfig(cfg);
    expect(kinds(m)).toEqual({ mamba: 6, attention: 2 });
    // Mamba: in 512 · (2048 + 256 + 8) + conv 4 · 1280 + bias 1280 + dt/A/D 24 + norm 1024
    //   + out 1024 · 512 = 1,183,744 + 5120 + 1280 + 24 + 1024 + 524,288 = 1,715,480
    // attention (NoPE): 4 · 512² = 1,048,576; FFN: 8 experts · 3 · 512 · 1024 + shared 3 · 512 · 512
    //   + router 512 · 8 = 12,582,912 + 786,432 + 4096 = 13,373,440; norms 1024 per layer
    const ffn = 13_373_440 + 1024;
    const total = 6 * (1_715_480 + ffn) + 2 * (1_048_576 + ffn) + 49152 * 512 + 512;
    expect(countParams(m).total).toBe(total);
    const attn = layerKindCounts(m).find((k) => k.name === "attention")!.kind.mixer;
    expect(attn.kind === "attention" && attn.rope).toBe(false);
  });

  it("no layer_types: refused naming the field", () => {
    const { layer_types: _, ...rest } = cfg;
    expectInputError(() => modelFromHfConfig(rest), "config.layer_types", undefined, /Mamba-2/);
  });
});

describe("granitemoehybrid (Granite 4.0 H-Tiny and H-Small configs)", () => {
  it("H-Tiny: 36 Mamba-2 + 4 attention layers, 6,939,037,248 parameters (hand-worked)", () => {
    const m = modelFromHfConfig(fixture("granite-4.0-h-tiny.json"));
    expect(kinds(m)).toEqual({ mamba: 36, attention: 4 });
    // Mamba: in 1536 · (6144 + 256 + 48) = 9,904,128, conv 4 · 3328 + bias 3328, dt/A/D 144,
    //   norm 3072, out 3072 · 1536 = 4,718,592 → 14,642,576; attention 2 · 1536² + 2 · 1536 · 512
    //   = 6,291,456; FFN 64 · 3 · 1536 · 512 + shared 3 · 1536 · 1024 + router 1536 · 64
    //   = 155,811,840; norms 3072; tied embedding 100352 · 1536 = 154,140,672; final norm 1536
    const ffn = 155_811_840 + 3072;
    expect(countParams(m).total).toBe(36 * (14_642_576 + ffn) + 4 * (6_291_456 + ffn) + 154_140_672 + 1536);
  });
  it("H-Small: 32,207,337,984 parameters (hand-worked)", () => {
    const m = modelFromHfConfig(fixture("granite-4.0-h-small.json"));
    // Mamba 102,286,976 (in 4096 · 16,768, conv 4 · 8448 + 8448, 384, norm 8192, out 8192 · 4096);
    // attention 2 · 4096² + 2 · 4096 · 1024 = 41,943,040; FFN 72 · 9,437,184 + 18,874,368 + 294,912
    // = 698,646,528; norms 8192; tied embedding 100352 · 4096 = 411,041,792; final norm 4096
    const ffn = 698_646_528 + 8192;
    expect(countParams(m).total).toBe(36 * (102_286_976 + ffn) + 4 * (41_943_040 + ffn) + 411_041_792 + 4096);
  });
});

describe("types still refused name their feature", () => {
  it("falcon_h1: parallel attention + Mamba-2 in one layer", () => {
    expectInputError(
      () => modelFromHfConfig({ model_type: "falcon_h1" }),
      "config.model_type",
      "falcon_h1",
      /side by side/,
    );
  });
});
