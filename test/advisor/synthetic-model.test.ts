/** Synthetic Llama-2-style dense models: shapes and parameter counts worked out by hand. */
import { describe, expect, it } from "vitest";
import { llamaFfnWidth, syntheticDense } from "../../src/core/advisor/synthetic-model.js";
import { findModel } from "../../src/core/catalog/lookup.js";
import { countParams } from "../../src/core/models/params.js";
import { ModelSpec } from "../../src/core/models/schema.js";

describe("Llama's FFN width rule", () => {
  it("reproduces Llama 2 7B and 13B", () => {
    // 2/3 · 4 · 4096 = 10922.67 → 10922 → up to a multiple of 256: 43 · 256 = 11008
    expect(llamaFfnWidth(4096)).toBe(11008);
    // 2/3 · 4 · 5120 = 13653.3 → 54 · 256 = 13824
    expect(llamaFfnWidth(5120)).toBe(13824);
  });
});

describe("syntheticDense", () => {
  it("7B: d 4096, 32 heads, 33 layers, 6,940,798,976 parameters (−0.8%)", () => {
    const m = syntheticDense(7e9);
    expect(ModelSpec.safeParse(m).success).toBe(true);
    // heads = layers: 32 → 6.74 B (Llama-2-7B), 33 → d 4224, FFN 11264: 33 · 214.1 M + 270 M = 7.34 B; 32 is closer.
    // d 4096 fixed, per layer 4·4096² + 3·4096·11008 + 2·4096 = 67,108,864 + 135,266,304 + 8,192 = 202,383,360;
    // embeddings 2 · 32000 · 4096 = 262,144,000, final norm 4096; (7e9 − 262,148,096) / 202,383,360 = 33.29 → 33 layers.
    expect({
      d: m.hiddenSize,
      heads: m.numHeads,
      kv: m.numKvHeads,
      layers: m.numLayers,
      ff: m.intermediateSize,
    }).toEqual({
      d: 4096,
      heads: 32,
      kv: 32,
      layers: 33,
      ff: 11008,
    });
    // 33 · 202,383,360 + 262,144,000 + 4,096 = 6,678,650,880 + 262,148,096
    expect(countParams(m).total).toBe(6_940_798_976);
    expect(m.id).toBe("synthetic-7b");
  });

  it("13B is Llama-2-13B's shape exactly (40 layers, d 5120)", () => {
    // heads = layers = 40: 40 · (4·5120² + 3·5120·13824 + 2·5120) + 2·32000·5120 + 5120
    //   = 40 · 317,204,480 + 327,685,120 = 13,015,864,320; refit (13e9 − 327,685,120) / 317,204,480 = 39.95 → 40
    const m = syntheticDense(13e9);
    expect(countParams(m).total).toBe(13_015_864_320);
    expect(countParams(m).total).toBe(countParams(findModel("llama-2-13b")).total);
  });

  it("70B: GQA with 8 KV heads, d 9216, 72 heads, 80 layers, 70,048,982,016 parameters", () => {
    const m = syntheticDense(70e9);
    // FFN: 2/3 · 4 · 9216 = 24576 (already a multiple of 256)
    // per layer: q, o 2 · 9216² = 169,869,312; k, v 2 · 9216 · 1024 = 18,874,368; FFN 3 · 9216 · 24576 = 679,477,248;
    //   norms 18,432 → 868,239,360; embeddings 2 · 32000 · 9216 = 589,824,000 + final norm 9216
    // (70e9 − 589,833,216) / 868,239,360 = 79.94 → 80 layers (as Llama-2-70B)
    expect({
      d: m.hiddenSize,
      heads: m.numHeads,
      kv: m.numKvHeads,
      layers: m.numLayers,
      ff: m.intermediateSize,
    }).toEqual({
      d: 9216,
      heads: 72,
      kv: 8,
      layers: 80,
      ff: 24576,
    });
    expect(countParams(m).total).toBe(80 * 868_239_360 + 589_833_216);
  });

  it.each([50e6, 125e6, 500e6, 1e9, 1.5e9, 3e9, 7e9, 8e9, 13e9, 30e9, 34e9, 70e9, 180e9, 405e9, 1e12, 2e12])(
    "%d: count within 2% of the request, a valid spec, heads ≈ layers",
    (p) => {
      const m = syntheticDense(p);
      expect(ModelSpec.safeParse(m).success).toBe(true);
      expect(Math.abs(countParams(m).total / p - 1)).toBeLessThan(0.02);
      expect(m.numLayers / m.numHeads).toBeGreaterThan(0.5);
      expect(m.numLayers / m.numHeads).toBeLessThan(2);
    },
  );

  it("500M: heads = layers lands 3.1% off (13 heads, 12 layers: 515,482,240), so the neighbours are tried: 11 heads, 17 layers", () => {
    // d 1408, FFN 2/3·4·1408 = 3754.7 → 3840; per layer 4·1408² + 3·1408·3840 + 2·1408 = 7,929,856 + 16,220,160 + 2,816
    //   = 24,152,832; embeddings 2·32000·1408 = 90,112,000 + 1408; (500e6 − 90,113,408) / 24,152,832 = 16.97 → 17
    const m = syntheticDense(500e6);
    expect([m.numHeads, m.numLayers, m.intermediateSize]).toEqual([11, 17, 3840]);
    expect(countParams(m).total).toBe(17 * 24_152_832 + 90_113_408);
  });

  it("refuses sizes outside 50M–2T", () => {
    expect(() => syntheticDense(10e6)).toThrowError(/params/);
    expect(() => syntheticDense(3e12)).toThrowError(/params/);
  });
});
