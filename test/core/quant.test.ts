import { describe, expect, it } from "vitest";
import { bitsPerValue, computePrecision, ggmlTypeInfo, storageBytes } from "../../src/core/quant/formats.js";
import { tensorFormat, useMoreBits } from "../../src/core/quant/recipes.js";

describe("bits per weight from block layouts", () => {
  it.each([
    // block_q4_0: fp16 scale (2 B) + 32 nibbles (16 B) = 18 B per 32 → 4.5
    ["q4_0", 4.5],
    // block_q8_0: 2 + 32 = 34 B per 32 → 8.5
    ["q8_0", 8.5],
    // block_q4_K: d, dmin (4 B) + 12 B scales + 128 B quants = 144 B per 256 → 4.5
    ["q4_k", 4.5],
    // block_q5_K: 4 + 12 + 32 (high bits) + 128 = 176 B per 256 → 5.5
    ["q5_k", 5.5],
    // block_q6_K: 128 (low) + 64 (high) + 16 (scales) + 2 (d) = 210 B per 256 → 6.5625
    ["q6_k", 6.5625],
    // block_q2_K: 16 scales + 64 quants + 4 = 84 B per 256 → 2.625
    ["q2_k", 2.625],
    ["fp16", 16],
    ["int4", 4],
  ] as const)("%s = %f bits", (name, bits) => {
    expect(bitsPerValue(name)).toBe(bits);
  });

  it("stores whole blocks", () => {
    // 4096 values of Q4_K = 16 blocks × 144 B
    expect(storageBytes("q4_k", 4096)).toBe(2304);
    // 33 values of Q8_0 need 2 blocks
    expect(storageBytes("q8_0", 33)).toBe(68);
  });

  it("maps ggml type ids", () => {
    expect(ggmlTypeInfo(12)?.name).toBe("q4_k");
    expect(ggmlTypeInfo(1)?.format).toBe("fp16");
    expect(ggmlTypeInfo(30)?.format).toBe("bf16");
    expect(ggmlTypeInfo(4)).toBeUndefined(); // removed Q4_2
  });
});

describe("compute precision", () => {
  it("weight-only quantization computes at the activation precision", () => {
    expect(computePrecision("int4", "fp16")).toBe("fp16");
    expect(computePrecision("q4_k", "fp16")).toBe("fp16");
    expect(computePrecision("fp16", "fp32")).toBe("fp32");
  });
  it("W8A8 uses the integer peak", () => {
    expect(computePrecision("int8", "int8")).toBe("int8");
    expect(computePrecision("int4", "int8")).toBe("int8");
  });
});

describe("llama.cpp Q4_K_M mix", () => {
  it("use_more_bits picks the first and last eighth and every third layer between", () => {
    // n = 32: i < 4, i ≥ 28, and (i − 4) % 3 == 2 → 6, 9, …, 27: 4 + 4 + 8 = 16 layers
    const chosen = Array.from({ length: 32 }, (_, i) => i).filter((i) => useMoreBits(i, 32));
    expect(chosen).toEqual([0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31]);
  });
  it("gives attn_v and ffn_down Q6_K on those layers, Q4_K elsewhere, Q6_K to the output", () => {
    expect(tensorFormat("q4_k_m", "attn_v", 0, 32)).toBe("q6_k");
    expect(tensorFormat("q4_k_m", "attn_v", 4, 32)).toBe("q4_k");
    expect(tensorFormat("q4_k_m", "ffn_down", 6, 32)).toBe("q6_k");
    expect(tensorFormat("q4_k_m", "attn_q", 0, 32)).toBe("q4_k");
    expect(tensorFormat("q4_k_m", "lm_head", 0, 32)).toBe("q6_k");
    expect(tensorFormat("q8_0", "lm_head", 0, 32)).toBe("q8_0");
  });
});
