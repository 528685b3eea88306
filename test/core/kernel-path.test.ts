/**
 * The roof each op uses follows llama.cpp's real kernel path (src/core/roofline/kernel-path.ts),
 * checked on real catalog entries against the rules read from ggml-cuda (mmq.cu
 * ggml_cuda_should_use_mmq, common.cuh): the expected peaks are the entries' own data-sheet
 * figures, worked out here by hand.
 */
import { describe, expect, it } from "vitest";
import { findDevice, findModel } from "../../src/core/catalog/lookup.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { makeOp, type OpCost } from "../../src/core/ops/types.js";
import { AnalysisSchema } from "../../src/core/predict/analysis-types.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { analysisText } from "../../src/core/report/analysis-text.js";
import { deviceRoofs } from "../../src/core/roofline/device-roofs.js";
import { gpuArchOf, kernelChoice } from "../../src/core/roofline/kernel-path.js";

const gemm = (weightFormat: string, rows: number, precision: "fp16" | "fp32" = "fp16"): OpCost =>
  makeOp({
    name: "up_proj",
    kind: "gemm",
    kernel: rows > 8 ? "matmul" : weightFormat === "fp16" ? "matvec" : "matvec_q",
    group: "ffn",
    shape: "",
    flops: 1,
    bytes: { weights: 1, activations: 0, kvRead: 0, kvWrite: 0 },
    precision,
    weightFormat,
    rows,
  });
const softmax = makeOp({
  name: "softmax",
  kind: "softmax",
  kernel: "elementwise",
  group: "attention",
  shape: "",
  flops: 1,
  bytes: { weights: 0, activations: 1, kvRead: 0, kvWrite: 0 },
  precision: "fp16",
});

const on = (id: string) => deviceRoofs(findDevice(id));
const tflops = (id: string, op: OpCost) => {
  const c = kernelChoice(op, on(id));
  return { peak: c.peak, tflops: c.flopPerSecond === null ? null : c.flopPerSecond / 1e12, why: c.why };
};

describe("GPU generations from the catalog's family", () => {
  it.each([
    ["nvidia-tesla-p40", "nvidia-dp4a"],
    ["nvidia-gtx-1080-ti", "nvidia-dp4a"],
    ["nvidia-tesla-p100-pcie-16gb", "nvidia-gp100"],
    ["nvidia-tesla-v100-pcie-16gb", "nvidia-volta"],
    ["nvidia-rtx-4090", "nvidia-int8-mma"],
    ["nvidia-jetson-orin-nano-8gb", "nvidia-int8-mma"],
    ["amd-instinct-mi50", "amd-dp4a"],
    ["amd-radeon-rx-6800-xt", "amd-dp4a"],
    ["amd-instinct-mi250", "amd-cdna"],
    ["amd-instinct-mi300x", "amd-cdna3"],
    ["amd-radeon-rx-7900-xtx", "amd-rdna3"],
    ["amd-radeon-rx-9070-xt", "amd-rdna4"],
    ["apple-m2-gpu", null],
  ])("%s → %s", (id, arch) => {
    expect(gpuArchOf(findDevice(id))).toBe(arch);
  });
});

describe("the roof of each op follows the engine's kernel path", () => {
  it("Tesla P40: quantized prefill on dp4a (47 TOPS int8), F16 and element-wise in fp32 (12 TFLOPS), never its 1/64-rate fp16", () => {
    expect(tflops("nvidia-tesla-p40", gemm("q4_0", 512))).toMatchObject({ peak: "int8", tflops: 47 });
    expect(tflops("nvidia-tesla-p40", gemm("q4_0", 512)).why).toMatch(/MMQ with dp4a/);
    expect(tflops("nvidia-tesla-p40", gemm("fp16", 512))).toMatchObject({ peak: "fp32", tflops: 12 });
    expect(tflops("nvidia-tesla-p40", gemm("fp16", 512)).why).toMatch(/no fast fp16/);
    expect(tflops("nvidia-tesla-p40", gemm("fp16", 1))).toMatchObject({ peak: "fp32", tflops: 12 });
    expect(tflops("nvidia-tesla-p40", softmax)).toMatchObject({ peak: "fp32", tflops: 12 });
  });
  it("GTX 1080 Ti lists no int8: MMQ's dp4a rate is derived, 4 × 11.34 = 45.36 TOPS", () => {
    const c = tflops("nvidia-gtx-1080-ti", gemm("q8_0", 512));
    expect(c.peak).toBe("int8");
    expect(c.tflops).toBeCloseTo(45.36, 10);
    expect(c.why).toMatch(/4 × fp32/);
  });
  it("RTX 4090: MMQ on int8 tensor cores (660.6 TOPS); F16 through cuBLAS fp16 (330.3); decode MMVQ on dp4a (4 × 82.58)", () => {
    expect(tflops("nvidia-rtx-4090", gemm("q4_k", 512))).toMatchObject({ peak: "int8", tflops: 660.6 });
    expect(tflops("nvidia-rtx-4090", gemm("q4_k", 512)).why).toMatch(/int8 tensor cores/);
    expect(tflops("nvidia-rtx-4090", gemm("fp16", 512))).toMatchObject({ peak: "fp16", tflops: 330.3 });
    const d = tflops("nvidia-rtx-4090", gemm("q4_k", 1));
    expect(d.peak).toBe("int8");
    expect(d.tflops).toBeCloseTo(4 * 82.58, 10);
    expect(d.why).toMatch(/MMVQ/);
  });
  it("a CUDA build from before MMQ became the default (May 2024): quantized prefill over 32 rows on fp16 tensor cores via cuBLAS, 32 rows and decode unchanged", () => {
    const old = { cublasQuantPrefill: true };
    const at = (id: string, op: OpCost) => {
      const c = kernelChoice(op, on(id), old);
      return { peak: c.peak, tflops: c.flopPerSecond === null ? null : c.flopPerSecond / 1e12, why: c.why };
    };
    // A100 SXM: 312 TFLOPS fp16 tensor, not its 624 TOPS int8; RTX 4090: 330.3, not 660.6.
    expect(at("nvidia-a100-80gb-sxm", gemm("q4_k", 512))).toMatchObject({ peak: "fp16", tflops: 312 });
    expect(at("nvidia-rtx-4090", gemm("q4_k", 512))).toMatchObject({ peak: "fp16", tflops: 330.3 });
    expect(at("nvidia-rtx-4090", gemm("q4_k", 512)).why).toMatch(/PR #8075/);
    expect(at("nvidia-rtx-4090", gemm("q4_k", 32))).toMatchObject({ peak: "int8", tflops: 660.6 });
    expect(at("nvidia-rtx-4090", gemm("q4_k", 1)).why).toMatch(/MMVQ/);
    // The P40 (no tensor cores) kept MMQ on dp4a in those builds too; AMD is not affected.
    expect(at("nvidia-tesla-p40", gemm("q4_0", 512))).toMatchObject({ peak: "int8", tflops: 47 });
    expect(at("amd-radeon-rx-7900-xtx", gemm("q4_0", 512)).why).toMatch(/WMMA/);
  });
  it("Tesla V100: dp4a MMQ below 64 rows (4 × 14 TFLOPS), dequantize + fp16 tensor-core BLAS from 64 rows (112)", () => {
    expect(tflops("nvidia-tesla-v100-pcie-16gb", gemm("q4_0", 32))).toMatchObject({
      peak: "int8",
      tflops: 56,
    });
    expect(tflops("nvidia-tesla-v100-pcie-16gb", gemm("q4_0", 64))).toMatchObject({
      peak: "fp16",
      tflops: 112,
    });
  });
  it("Tesla P100 (no dp4a, fast fp16): dequantize + cuBLAS fp16 (18.7)", () => {
    expect(tflops("nvidia-tesla-p100-pcie-16gb", gemm("q4_0", 512))).toMatchObject({
      peak: "fp16",
      tflops: 18.7,
    });
  });
  it("MI250 (CDNA 2): q4_0 always MMQ, q6_k only up to 128 rows, q4_k up to 256", () => {
    expect(tflops("amd-instinct-mi250", gemm("q4_0", 512)).peak).toBe("int8");
    expect(tflops("amd-instinct-mi250", gemm("q6_k", 128)).why).toMatch(/MMQ on int8 MFMA/);
    expect(tflops("amd-instinct-mi250", gemm("q6_k", 512))).toMatchObject({ peak: "fp16", tflops: 362.1 });
    expect(tflops("amd-instinct-mi250", gemm("q4_k", 256)).why).toMatch(/MMQ/);
    expect(tflops("amd-instinct-mi250", gemm("q4_k", 257)).why).toMatch(/BLAS/);
  });
  it("RX 7900 XTX (RDNA 3): WMMA MMQ except q2_k / q6_k above 128 rows", () => {
    expect(tflops("amd-radeon-rx-7900-xtx", gemm("q4_k", 512)).why).toMatch(/int8 WMMA/);
    expect(tflops("amd-radeon-rx-7900-xtx", gemm("q2_k", 512)).why).toMatch(/BLAS GEMM in fp16/);
    expect(tflops("amd-radeon-rx-7900-xtx", gemm("q6_k", 128)).why).toMatch(/MMQ/);
  });
  it("types without MMQ kernels (tq1_0) dequantize and run BLAS", () => {
    expect(tflops("nvidia-rtx-4090", gemm("tq1_0", 512)).why).toMatch(
      /dequantized, then a BLAS GEMM in fp16/,
    );
  });
  it("devices outside CUDA / ROCm keep the op's precision", () => {
    const c = tflops("apple-m2-gpu", gemm("q4_0", 512));
    expect(c.peak).toBe("fp16");
    expect(c.why).toBe("fp16 arithmetic: fp16 peak");
  });
});

describe("on a CPU the estimate runs at ggml-cpu's kernel rate, the bound at the peak", () => {
  // Ryzen 9 7950X (catalog): fp32 2.918 TFLOPS, no int8 listed, so int8 = 4 × 2.918 = 11.672 TOPS.
  // rate = peak × 2 / slots, slots counted per 32 weights in ggml-cpu's AVX2 kernels (cpu-kernels.ts).
  const rate = (id: string, op: OpCost) => {
    const c = kernelChoice(op, on(id));
    return { peak: c.flopPerSecond! / 1e12, rate: c.rate! / 1e12, why: c.why };
  };
  const zen4 = (op: OpCost) => rate("amd-ryzen-9-7950x", op);
  it("decode: q8_0 at 2 / 10, q4_0 at 2 / 12, q4_K at 2 / 7.9 of the int8 peak; F16 at 2 / 3 of fp32", () => {
    expect(zen4(gemm("q8_0", 1)).peak).toBeCloseTo(4 * 2.918, 6);
    expect(zen4(gemm("q8_0", 1)).rate).toBeCloseTo((4 * 2.918 * 2) / 10, 6);
    expect(zen4(gemm("q4_0", 1)).rate).toBeCloseTo((4 * 2.918 * 2) / 12, 6);
    expect(zen4(gemm("q4_k", 1)).rate).toBeCloseTo((4 * 2.918 * 2) / 7.9, 6);
    const f16 = zen4(gemm("fp16", 1));
    expect(f16.peak).toBeCloseTo(2.918, 6);
    expect(f16.rate).toBeCloseTo((2.918 * 2) / 3, 6);
  });
  it("prefill: tiled GEMMs reuse each weight block (q8_0 2 / 8); F16 tiles are capped at the peak", () => {
    expect(zen4(gemm("q8_0", 512)).rate).toBeCloseTo((4 * 2.918 * 2) / 8, 6);
    expect(zen4(gemm("fp16", 512)).rate).toBeCloseTo(2.918, 6);
  });
  it("an Arm CPU with fp16 arithmetic runs F16 weights in fp16 (M2 Max: 2.097 TFLOPS), its listed int8 peak for quants", () => {
    const f16 = rate("apple-m2-max-cpu", gemm("fp16", 1));
    expect(f16.peak).toBeCloseTo(2.097, 6);
    expect(f16.rate).toBeCloseTo(2.097, 6);
    // NEON q8_0: 8 instructions per 32 weights = 4 per SDOT slot, issue ratio 1 (arm-neon.ts).
    expect(rate("apple-m2-max-cpu", gemm("q8_0", 1)).rate).toBeCloseTo(4.194 / 4, 6);
  });
  it("a format whose kernel is not counted takes the cheapest counted block kernel's rate, and says so", () => {
    const r = zen4(gemm("iq2_xxs", 1));
    expect(r.rate).toBeCloseTo((4 * 2.918 * 2) / 7.9, 6);
    expect(r.why).toMatch(/iq2_xxs's kernel not counted/);
  });
  it("a GPU's rate is its peak", () => {
    const c = kernelChoice(gemm("q4_0", 512), on("nvidia-rtx-4090"));
    expect(c.rate).toBe(c.flopPerSecond);
  });
});

describe("analyze reports the roof and why for every op", () => {
  it("llama-2-7b Q4_0 on the P40: prefill matmuls on int8, the text lists the paths, JSON valid", () => {
    const a = analyze({
      model: findModel("llama-2-7b"),
      device: findDevice("nvidia-tesla-p40"),
      workload: resolveWorkload({ weights: "q4_0", promptTokens: 2048, contextTokens: 2048 }),
    });
    expect(() => AnalysisSchema.parse(JSON.parse(JSON.stringify(a)))).not.toThrow();
    const prefill = a.prefill!;
    const up = prefill.layerOps.find((o) => o.name === "up_proj")!;
    expect(up.peakUsed).toBe("int8");
    expect(up.weightFormat).toBe("q4_0");
    expect(up.rows).toBe(2048);
    // 2·2048·4096·11008 FLOP at 47 TOPS.
    expect(up.timeBoundS).toBeCloseTo((2 * 2048 * 4096 * 11008) / 47e12, 9);
    for (const o of [...prefill.layerOps, ...a.decode!.layerOps]) expect(o.why).not.toBe("");
    expect(analysisText(a)).toMatch(
      /Roofs used \(kernel path\):\n( {2}.*\n)* {2}q_proj[^\n]*CUDA MMQ with dp4a/,
    );
  });
});
