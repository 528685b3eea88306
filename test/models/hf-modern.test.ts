/**
 * The 2025 architectures from their real config.json files (test/fixtures/hf, transcribed
 * from each Hugging Face repo): layer kinds, MoE extras, wrappers' vision towers, and the
 * presets built from them. Counts are hand-checked against published totals.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importHfConfig } from "../../src/core/models/import/hf-config.js";
import { layerKindCounts } from "../../src/core/models/layers.js";
import { countParams } from "../../src/core/models/params.js";
import { BUILTIN_MODELS } from "../../src/core/models/presets/index.js";

const fixture = (f: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/hf/${f}.json`, import.meta.url), "utf8"));
const preset = (id: string) => {
  const m = BUILTIN_MODELS.find((x) => x.id === id);
  if (!m) throw new Error(`no preset ${id}`);
  return m;
};
/** Everything but naming, provenance and published counts. */
const arch = ({
  id: _i,
  name: _n,
  family: _f,
  aliases: _a,
  tokenizer: _t,
  published: _p,
  source: _s,
  $schema: _x,
  ...rest
}: ReturnType<typeof preset>) => rest;

describe("config.json of the 2025 architectures → the presets", () => {
  const cases: [string, string][] = [
    ["gpt-oss-20b", "gpt-oss-20b"],
    ["gemma-3-1b-it", "gemma-3-1b"],
    ["gemma-3-4b-it", "gemma-3-4b"],
    ["llama-4-scout-17b-16e", "llama-4-scout"],
    ["glm-4.5-air", "glm-4.5-air"],
    ["smollm3-3b", "smollm3-3b"],
    ["olmo-2-1124-7b", "olmo-2-7b"],
    ["mistral-small-3.1-24b-base-2503", "mistral-small-3.1-24b"],
  ];
  it.each(cases)("%s imports to preset %s", (file, id) => {
    const { model } = importHfConfig(fixture(file), id);
    expect(arch(model)).toEqual(arch(preset(id)));
  });
});

describe("layer kinds, costed per distinct kind", () => {
  it("gpt-oss-20b: 12 sliding (128, sinks) and 12 full layers with sinks, all MoE", () => {
    const m = preset("gpt-oss-20b");
    expect(layerKindCounts(m).map((k) => [k.name, k.count, k.kind.mixer])).toEqual([
      ["sliding", 12, { kind: "attention", window: 128, sinks: true }],
      ["full", 12, { kind: "attention", sinks: true }],
    ]);
    // 24 layers × 823,186,976 + 2 · 201,088 · 2,880 + 2,880 (hand-worked: attention 26,542,080, biases 8,000,
    // sinks 64, norms 5,760, router 92,160 + 32 bias, 32 experts · 24,883,200 + their biases 276,480).
    const c = countParams(m);
    expect(c.perLayer).toBe(823_186_976);
    expect(c.total).toBe(20_914_757_184);
    // Active without the embedding (the model card's convention): 3.61B.
    expect(c.active - c.embedding).toBe(3_608_307_264);
  });

  it("Gemma 3 4B: 5 sliding per global layer (34 layers: 29 + 5), vision tower of 419,816,304 counted", () => {
    const m = preset("gemma-3-4b");
    expect(layerKindCounts(m).map((k) => [k.name, k.count])).toEqual([
      ["sliding", 29],
      ["full", 5],
    ]);
    // SigLIP: patch 678,528 + positions 4,718,592 + 27 × 15,239,504 + post-LN 2,304 = 416,866,032;
    // projector 1,152 · 2,560 + 1,152 = 2,950,272. Total 4,300,079,472 = Hugging Face's count.
    expect(m.vision?.params).toBe(419_816_304);
    expect(countParams(m).total).toBe(4_300_079_472);
  });

  it("Llama 4 Scout: three chunked (8192) RoPE layers, then a NoPE global layer; shared expert; 108,641,793,536", () => {
    const m = preset("llama-4-scout");
    expect(m.layers?.repeat).toEqual(["chunked-moe", "chunked-moe", "chunked-moe", "global-moe"]);
    expect(layerKindCounts(m).map((k) => k.count)).toEqual([36, 12]);
    expect(m.moe).toMatchObject({
      numExperts: 16,
      expertsPerToken: 1,
      sharedExperts: 1,
      sharedIntermediateSize: 8192,
    });
    const c = countParams(m);
    expect(c.total).toBe(108_641_793_536);
    expect(c.active).toBe(17_172_894_720);
  });

  it("GLM-4.5-Air: one dense first layer, then 45 MoE layers with a shared expert and router bias; partial rotary", () => {
    const m = preset("glm-4.5-air");
    expect(m.layers?.first).toEqual(["dense"]);
    expect(layerKindCounts(m).map((k) => [k.name, k.count])).toEqual([
      ["dense", 1],
      ["moe", 45],
    ]);
    expect(m.rotaryFraction).toBe(0.5);
    expect(m.moe).toMatchObject({ sharedExperts: 1, routerBias: true });
  });

  it("SmolLM3: every fourth layer is NoPE", () => {
    expect(layerKindCounts(preset("smollm3-3b")).map((k) => [k.name, k.count, k.kind.mixer])).toEqual([
      ["rope", 27, { kind: "attention" }],
      ["nope", 9, { kind: "attention", rope: false }],
    ]);
  });
});

describe("wrappers and notes", () => {
  it("Qwen2.5-VL: the language model at the top level, the vision tower counted (8,292,166,656 = HF's 8.29B)", () => {
    const { model, notes } = importHfConfig(fixture("qwen2.5-vl-7b-instruct"));
    expect(model.vision?.params).toBe(676_550_144);
    expect(countParams(model).total).toBe(8_292_166_656);
    expect(notes.join("\n")).toMatch(/compute \(image encoding\) is not modelled/);
  });

  it("a Gemma 3 text_config that leaves fields out says which defaults it used", () => {
    const { notes } = importHfConfig(fixture("gemma-3-4b-it"));
    expect(notes.join("\n")).toMatch(
      /text_config leaves out num_attention_heads, num_key_value_heads, head_dim, vocab_size/,
    );
  });

  it("Granite imports (multipliers noted) at 8,170,864,640 parameters", () => {
    const { model, notes } = importHfConfig(fixture("granite-3.3-8b-instruct"));
    expect(countParams(model).total).toBe(8_170_864_640);
    expect(notes.join("\n")).toMatch(/multipliers/);
  });

  it("a wrapper without text_config names the field", () => {
    expect(() => importHfConfig({ model_type: "gemma3" })).toThrow(/config\.text_config: .*required/);
  });
});

describe("types still refused name their feature", () => {
  // DeepSeek (MLA), Kimi K2, Granite 4 H and LFM2 import since the hybrid layer kinds (test/models/hf-hybrid.test.ts).
  it("falcon_h1: attention and Mamba-2 side by side in one layer", () => {
    expect(() => importHfConfig({ model_type: "falcon_h1", hidden_size: 64, num_hidden_layers: 2 })).toThrow(
      /parallel|side by side/i,
    );
  });
});
