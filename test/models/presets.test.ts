import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countParams } from "../../src/core/models/params.js";
import { BUILTIN_MODELS } from "../../src/core/models/presets/index.js";
import { ModelSpec } from "../../src/core/models/schema.js";

const PRESET_DIR = new URL("../../src/core/models/presets/", import.meta.url);
const files = readdirSync(PRESET_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

function preset(id: string): ModelSpec {
  const m = BUILTIN_MODELS.find((x) => x.id === id);
  if (!m) throw new Error(`no preset ${id}`);
  return m;
}

describe("preset JSON files", () => {
  it("there are the fifty-eight presets the index lists", () => {
    expect(files).toHaveLength(58);
    expect(BUILTIN_MODELS).toHaveLength(files.length);
    expect(new Set(BUILTIN_MODELS.map((m) => m.id)).size).toBe(BUILTIN_MODELS.length);
  });

  for (const file of files) {
    it(`${file} parses, is named after its id, spells out every default and is in the index`, () => {
      const raw: unknown = JSON.parse(readFileSync(new URL(file, PRESET_DIR), "utf8"));
      const parsed = ModelSpec.parse(raw);
      expect(file).toBe(`${parsed.id}.json`);
      // Parsing adds nothing: every defaulted field is written out, so the cast in index.ts is honest.
      expect(parsed).toEqual(raw);
      expect(parsed.$schema).toBe("../../../../schema/model.schema.json");
      expect(parsed.source).toMatch(/^https:\/\/huggingface\.co\/.+\/config\.json$/);
      expect(parsed.published?.source.length).toBeGreaterThan(10);
      expect(parsed.tokenizer).toMatch(/^[a-z0-9_-]+$/);
      expect(parsed.aliases?.length).toBeGreaterThan(0);
      expect(preset(parsed.id)).toEqual(parsed);
    });
  }
});

describe("parameter counts against published totals", () => {
  for (const m of BUILTIN_MODELS) {
    it(`${m.id}: computed total within 1% of the published count`, () => {
      const pub = m.published;
      expect(pub).toBeDefined();
      if (!pub) return;
      const c = countParams(m);
      const total = pub.excludesVision ? c.total - c.vision : c.total;
      expect(Math.abs(total / pub.params - 1)).toBeLessThan(0.01);
      // Published active counts leave out what their source says they leave out.
      const head = m.tieEmbeddings ? 0 : c.embedding;
      const active =
        c.active -
        (pub.activeExcludes === "embedding" ? c.embedding : 0) -
        (pub.activeExcludes === "embedding-and-head" ? c.embedding + head : 0);
      if (m.moe) {
        expect(pub.activeParams).toBeDefined();
        const published = pub.activeParams ?? NaN;
        if (pub.activeRounded) {
          // One significant digit: "3B" is anything in [2.5B, 3.5B).
          const unit = 10 ** Math.floor(Math.log10(published));
          expect(Math.abs(active - published)).toBeLessThan(unit / 2);
        } else expect(Math.abs(active / published - 1)).toBeLessThan(0.02);
      } else {
        // Dense: every language-model parameter is active; a vision tower is stored, not run.
        expect(c.active).toBe(c.total - c.vision);
      }
    });
  }
});

describe("hand-worked parameter counts", () => {
  it("Llama-2-7B (MHA, untied) = 6,738,415,616", () => {
    // embedding     32000 · 4096                              =   131,072,000
    // per layer     attention 4 · 4096²  = 4 · 16,777,216     =    67,108,864
    //               FFN 3 · 4096 · 11008 = 12,288 · 11,008    =   135,266,304
    //               two RMSNorms 2 · 4096                     =         8,192
    //               layer total                               =   202,383,360
    // 32 layers     32 · 202,383,360                          = 6,476,267,520
    // final norm                                              =         4,096
    // untied head   32000 · 4096                              =   131,072,000
    // total 6,476,267,520 + 131,072,000 + 131,072,000 + 4,096 = 6,738,415,616
    // (keras-hub's llama2_7b_en preset lists 6,738,415,616 parameters.)
    const c = countParams(preset("llama-2-7b"));
    expect(c.embedding).toBe(131_072_000);
    expect(c.perLayer).toBe(202_383_360);
    expect(c.total).toBe(6_738_415_616);
    expect(c.active).toBe(6_738_415_616);
  });

  it("Llama-3.2-1B (GQA 32 q / 8 kv heads of 64, tied) = 1,235,814,400", () => {
    // q   2048 · (32·64 = 2048)  = 4,194,304      k, v  2048 · (8·64 = 512) = 1,048,576 each
    // o   2048 · 2048            = 4,194,304      attention = 4,194,304·2 + 1,048,576·2 = 10,485,760
    // FFN 3 · 2048 · 8192        = 50,331,648     norms 2 · 2048 = 4,096
    // layer = 10,485,760 + 50,331,648 + 4,096 = 60,821,504;  16 layers = 973,144,064
    // embedding 128,256 · 2048 = 262,668,288, tied: the head adds nothing
    // total 973,144,064 + 262,668,288 + 2,048 (final norm) = 1,235,814,400
    const c = countParams(preset("llama-3.2-1b"));
    expect(c.perLayer).toBe(60_821_504);
    expect(c.embedding).toBe(262_668_288);
    expect(c.total).toBe(1_235_814_400);
  });

  it("Qwen2.5-0.5B (GQA with q/k/v bias, tied) = 494,032,768", () => {
    // q, o 896·896 = 802,816 each;  k, v 896 · (2·64 = 128) = 114,688 each  → attention 1,835,008
    // FFN 3 · 896 · 4864 = 13,074,432;  bias (14 + 2·2) · 64 = 1,152;  norms 2 · 896 = 1,792
    // layer = 1,835,008 + 13,074,432 + 1,152 + 1,792 = 14,912,384;  24 layers = 357,897,216
    // embedding 151,936 · 896 = 136,134,656 (tied);  final norm 896
    // total 357,897,216 + 136,134,656 + 896 = 494,032,768 (keras-hub qwen2.5_0.5b_en: 494,032,768)
    const c = countParams(preset("qwen2.5-0.5b"));
    expect(c.perLayer).toBe(14_912_384);
    expect(c.total).toBe(494_032_768);
  });

  it("Mixtral-8x7B (MoE, 8 experts, top-2) = 46,702,792,704 total, 12,879,925,248 active", () => {
    // attention: q, o 4096² = 16,777,216 each; k, v 4096 · 1024 = 4,194,304 each → 41,943,040
    // one expert 3 · 4096 · 14336 = 176,160,768;  8 experts = 1,409,286,144
    // router 4096 · 8 = 32,768;  norms 2 · 4096 = 8,192
    // layer = 41,943,040 + 1,409,286,144 + 32,768 + 8,192 = 1,451,270,144;  32 layers = 46,440,644,608
    // embedding + untied head 2 · 32000 · 4096 = 262,144,000;  final norm 4,096
    // total 46,440,644,608 + 262,144,000 + 4,096 = 46,702,792,704
    // active layer = 41,943,040 + 32,768 + 8,192 + 2 · 176,160,768 = 394,305,536;  · 32 = 12,617,777,152
    // active 12,617,777,152 + 262,148,096 = 12,879,925,248  (Mistral AI: 46.7B total, 12.9B per token)
    const c = countParams(preset("mixtral-8x7b"));
    expect(c.perLayer).toBe(1_451_270_144);
    expect(c.total).toBe(46_702_792_704);
    expect(c.active).toBe(12_879_925_248);
  });

  it("Qwen3-30B-A3B (MoE 128 experts top-8, head_dim 128 ≠ 2048/32, QK-norm) = 30,532,122,624 total", () => {
    // attention: q 2048 · (32·128 = 4096) = 8,388,608; k, v 2048 · (4·128 = 512) = 1,048,576 each;
    //            o 4096 · 2048 = 8,388,608  → 18,874,368
    // router 2048 · 128 = 262,144;  norms 2 · 2048 = 4,096;  QK-norm 2 · 128 = 256
    // fixed part = 18,874,368 + 262,144 + 4,096 + 256 = 19,140,864
    // one expert 3 · 2048 · 768 = 4,718,592;  128 experts = 603,979,776
    // layer = 19,140,864 + 603,979,776 = 623,120,640;  48 layers = 29,909,790,720
    // embedding + untied head 2 · 151,936 · 2048 = 622,329,856;  final norm 2,048
    // total 29,909,790,720 + 622,329,856 + 2,048 = 30,532,122,624 (keras-hub qwen3_moe_30b_a3b_en)
    // active layer 19,140,864 + 8 · 4,718,592 = 56,889,600;  · 48 = 2,730,700,800
    // active 2,730,700,800 + 622,331,904 = 3,353,032,704 (model card: "3.3B activated")
    const c = countParams(preset("qwen3-30b-a3b"));
    expect(c.perLayer).toBe(623_120_640);
    expect(c.total).toBe(30_532_122_624);
    expect(c.active).toBe(3_353_032_704);
  });
});
