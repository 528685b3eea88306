import { describe, expect, it } from "vitest";
import { gemmCost } from "../../src/core/ops/gemm.js";

describe("GEMM costs (chapter 2.1.2, 2.4.1)", () => {
  it("[1×4096]·[4096×4096] fp32", () => {
    const g = gemmCost({ m: 1, k: 4096, n: 4096, batch: 1, batchMode: "shared", bytesPerElement: 4 });
    // 2·1·4096·4096 = 33,554,432 FLOP
    expect(g.flops).toBe(33_554_432);
    // (4096 + 16,777,216 + 4096) · 4 = 67,141,632 B → I = 0.49976 FLOP/B
    expect(g.bytesCompulsory).toBe(67_141_632);
    expect(g.flops / g.bytesCompulsory).toBeCloseTo(0.49976, 5);
    // no cache: 2 loads per multiply-add plus the output: (2·16,777,216 + 4096)·4
    expect(g.bytesNoCache).toBe(134_234_112);
  });
  it("batch 16 sharing the weights", () => {
    const g = gemmCost({ m: 1, k: 4096, n: 4096, batch: 16, batchMode: "shared", bytesPerElement: 4 });
    // 16 × 33,554,432 FLOP; bytes (16·4096 + 4096² + 16·4096)·4 = 67,633,152
    expect(g.flops).toBe(536_870_912);
    expect(g.bytesCompulsory).toBe(67_633_152);
    // I = 536,870,912 / 67,633,152 ≈ 7.938 FLOP/B
    expect(g.flops / g.bytesCompulsory).toBeCloseTo(7.938, 3);
  });
  it("independent batched products [B,L,d]·[B,d,L] tend to d/2 per fp32... the chapter's 2.4.2 shape", () => {
    const L = 2048,
      d = 128;
    const g = gemmCost({ m: L, k: d, n: L, batch: 8, batchMode: "independent", bytesPerElement: 4 });
    // I = 2·B·L²·d / (B(2Ld + L²)·4) = 2·2048·128 / ((2·128 + 2048)·4) = 524,288 / 9216 ≈ 56.89
    expect(g.flops / g.bytesCompulsory).toBeCloseTo(524_288 / 9216, 9);
  });
});
