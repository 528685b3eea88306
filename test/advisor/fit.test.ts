/**
 * `fit` (exercises 2.6 and 2.7), references worked by hand. Exercise 2.6: a 7B model on a
 * device with 50 GB/s, target 100 ms/token. The synthetic 7B has 6,940,798,976 parameters
 * (33 layers of d 4096, see synthetic-model.test.ts).
 */
import { describe, expect, it } from "vitest";
import { fit, fitMargin, fitRow } from "../../src/core/advisor/fit.js";
import { syntheticDense } from "../../src/core/advisor/synthetic-model.js";
import { DEFAULT_EFFICIENCY } from "../../src/core/efficiency/defaults.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import type { DeviceSpec } from "../../src/core/hardware/schema.js";
import { fitText } from "../../src/core/report/fit-text.js";

/** The chapter's fractions (70% of bandwidth, 55% of compute), which the hand-worked estimates use. */
const EFF = DEFAULT_EFFICIENCY;

/** Exercise 2.6's device: 50 GB/s; 4 TFLOP/s fp16 (ridge 80), 16 GiB and 10 W assumed. */
const EDGE_50: DeviceSpec = {
  id: "edge-50",
  name: "Edge 50 GB/s",
  vendor: "Test",
  unit: "gpu",
  class: "mobile-gpu",
  peakTflops: { fp16: { value: 4, source: "s" } },
  bandwidthGBps: { value: 50, source: "s" },
  memoryGiB: { value: 16, source: "s" },
  powerW: { value: 10, source: "s" },
  sources: { s: { title: "test", kind: "derived" } },
};

const P7 = 6_940_798_976;
const M7 = syntheticDense(7e9);
const wl = (context: number, kv: "fp16" | "int8" = "fp16") =>
  resolveWorkload({ phase: "decode", promptTokens: context, kv });

describe("exercise 2.6: 7B at 50 GB/s, 100 ms/token", () => {
  it("fp16: weights 2 bytes per parameter, 278 ms to read them (the chapter: 14 GB / 50 GB/s = 280 ms): never", () => {
    const r = fitRow(M7, EDGE_50, wl(1), "fp16", 1, { latencyS: 0.1 }, 4, EFF);
    // every tensor fp16, norms included: 2 · 6,940,798,976 = 13,881,597,952 B
    expect(r.weightsBytes).toBe(2 * P7);
    expect(r.weightsOverBandwidthS).toBeCloseTo(13_881_597_952 / 50e9, 12); // 0.27763 s
    // A decode step reads every weight but the embedding table, of which one row (4096 · 2 = 8,192 B):
    // 13,881,597,952 − 262,144,000 + 8,192 = 13,619,462,144 B → 272.4 ms, a floor on the bound.
    const weightsRead = 13_619_462_144;
    expect(r.stepBoundS).toBeGreaterThanOrEqual(weightsRead / 50e9);
    // At context 1 the KV cache (33 · 2 · 4096 · 2 = 540,672 B read, as much written) and the
    // activations (< 12 MB) add under 0.1%.
    expect(r.stepBoundS).toBeLessThan((weightsRead / 50e9) * 1.001);
    expect(r.verdict).toBe("never");
    expect(r.marginBound).toBeCloseTo(0.1 / r.stepBoundS, 12);
    expect(r.marginBound).toBeLessThan(0.37); // 100 / 272.4
    expect(r.streamedBytes).toBe(0);
  });

  it("int4: 3.47 GB, 69 ms to read (the chapter: 3.5 GB, 70 ms) — but at context 2048 the fp16 KV cache adds 22 ms", () => {
    const r = fitRow(M7, EDGE_50, wl(2048), "int4", 1, { latencyS: 0.1 }, 4, EFF);
    // matrices 0.5 B: (33 · 202,375,168 + 2 · 131,072,000) / 2 = 3,470,262,272; norms fp16: 33 · 16,384 + 8,192
    expect(r.weightsBytes).toBe(3_470_262_272 + 540_672 + 8_192);
    expect(r.weightsOverBandwidthS).toBeCloseTo(3_470_811_136 / 50e9, 12); // 69.4 ms
    // read per step: weights less the embedding table but one row (65,536,000 − 2,048) = 3,405,277,184
    // plus the KV cache, 33 layers · 2 · 2048 · 4096 · 2 B = 1,107,296,256 → 4,512,573,440 B = 90.25 ms
    const floor = 4_512_573_440 / 50e9;
    expect(r.stepBoundS).toBeGreaterThanOrEqual(floor);
    // activations: 33 · 861,184 + 96,768 ≈ 28.5 MB and the KV write 540,672 B: < 1% more
    expect(r.stepBoundS).toBeLessThan(floor * 1.01);
    // bound 90.8 ms < 100 ms, estimate = bound / 0.7 (all memory-bound) = 130 ms > 100 ms
    expect(r.stepEstimateS).toBeCloseTo(r.stepBoundS / 0.7, 9);
    expect(r.verdict).toBe("bound-only");
  });

  it("int4 with an int8 KV cache halves the cache read (79 ms bound) but the estimate still misses; so does context 512", () => {
    const r = fitRow(M7, EDGE_50, wl(2048, "int8"), "int4", 1, { latencyS: 0.1 }, 4, EFF);
    // (3,405,277,184 + 1,107,296,256 / 2) / 50e9 = 79.2 ms bound; / 0.7 = 113 ms: still not by the estimate
    expect(r.stepBoundS).toBeGreaterThanOrEqual((3_405_277_184 + 553_648_128) / 50e9);
    expect(r.verdict).toBe("bound-only");
    const short = fitRow(M7, EDGE_50, wl(512, "int8"), "int4", 1, { latencyS: 0.1 }, 4, EFF);
    // context 512: (3,405,277,184 + 138,412,032) / 50e9 = 70.9 ms; / 0.7 = 101 ms; activations push it just over
    expect(short.stepBoundS).toBeGreaterThanOrEqual(3_543_689_216 / 50e9);
    expect(short.stepEstimateS).toBeGreaterThan(0.1);
    expect(short.verdict).toBe("bound-only");
  });

  it("the result: every precision × batch, a summary per precision, assumptions stated", () => {
    const r = fit({
      models: [M7],
      device: EDGE_50,
      workload: wl(2048),
      target: { latencyS: 0.1 },
      storageGBps: 4,
      efficiency: EFF,
    });
    expect(r.rows).toHaveLength(5 * 5);
    expect(r.summaries.map((s) => s.precision)).toEqual(["fp16", "q8_0", "q4_k_m", "int4", "q2_k"]);
    const fp16 = r.summaries.find((s) => s.precision === "fp16")!;
    expect(fp16.meetsAt).toEqual([]);
    expect(fp16.boundOnlyAt).toEqual([]);
    // q2_k: about 2.6 bits per weight, 2.3 GB: 45.6 ms of weights + 22 ms of KV cache, / 0.7 = 96 ms: meets at batch 1 only
    const q2 = r.summaries.find((s) => s.precision === "q2_k")!;
    expect(q2.meetsAt).toEqual([1]);
    expect(q2.best?.batch).toBe(1);
    for (const row of r.rows) {
      // "meets" by the estimate implies the bound meets too; margins are target / time
      if (row.verdict === "meets") expect(row.marginBound).toBeGreaterThanOrEqual(row.marginEstimate);
      expect(row.marginEstimate).toBeCloseTo(0.1 / row.stepEstimateS, 12);
      // energy: 10 W × step / batch
      expect(row.energyPerTokenJ).toBeCloseTo((10 * row.stepEstimateS) / row.batch, 12);
    }
    expect(r.assumptions.join("\n")).toMatch(/4 GB\/s \(default: UFS 4\.0/);
    const text = fitText(r);
    expect(text).toContain("synthetic-7b: meets with q2_k (batch 1)");
    expect(text).toContain("only at the roofline bound with int4");
  });
});

describe("exercise 2.7: 70B on the same 16 GiB device streams the overflow from storage", () => {
  const M70 = syntheticDense(70e9); // 70,048,982,016 parameters
  it("fp16: 140 GB of weights, 16 GiB of memory: 123.1 GB read from storage per token, 30.8 s at 4 GB/s", () => {
    const r = fitRow(M70, EDGE_50, wl(1), "fp16", 1, { latencyS: 1 }, 4, EFF);
    expect(r.weightsBytes).toBe(2 * 70_048_982_016); // 140,097,964,032
    expect(r.fits).toBe(false);
    // overflow = what llama.cpp keeps resident − capacity: the weights 140,097,964,032; the KV cache, one
    // token padded to 256 cells: 80 · 256 · 2 · 1024 · 2 = 83,886,080; the compute buffers of a 256-token
    // micro-batch (d 9216, d_ff 24,576): the FFN stage 256 · (3 · 24,576 + 24,576 + 9216) · 4 + the 256 × 256
    // f32 mask = 110,362,624 and the CPU's 256 embeddings · 9216 · 4 = 9,437,184; the logits 32,000 · 4 = 128,000
    const resident = 140_097_964_032 + 83_886_080 + 110_362_624 + 9_437_184 + 128_000; // 140,301,777,920
    const overflow = resident - 16 * 2 ** 30; // 123,121,908,736
    expect(r.memoryBytes).toBe(resident);
    expect(r.streamedBytes).toBe(overflow);
    expect(r.streamS).toBeCloseTo(r.streamedBytes / 4e9, 12);
    // the bound overlaps streaming (30.8 s) with the memory-bound step (2.8 s): storage limits it
    expect(r.limitedBy).toBe("storage");
    expect(r.stepBoundS).toBe(r.streamS);
    expect(r.stepBoundS).toBeCloseTo(30.78, 2);
    // the estimate adds the memory-bound step to the streaming: weights read (all but the embedding table,
    // of which one row: 140,097,964,032 − 589,824,000 + 18,432 = 139,508,158,464 B) / (0.7 · 50 GB/s) = 3.986 s
    expect(r.stepEstimateS - r.streamS).toBeGreaterThan(139_508_158_464 / 35e9);
    expect(r.stepEstimateS - r.streamS).toBeLessThan((139_508_158_464 / 35e9) * 1.001);
    expect(r.verdict).toBe("never");
  });

  it("twice the storage bandwidth halves the streaming time", () => {
    const a = fitRow(M70, EDGE_50, wl(1), "fp16", 1, { latencyS: 1 }, 4, EFF);
    const b = fitRow(M70, EDGE_50, wl(1), "fp16", 1, { latencyS: 1 }, 8, EFF);
    expect(b.streamS).toBeCloseTo(a.streamS / 2, 12);
  });

  it("no room: when the KV cache alone exceeds memory nothing can be streamed", () => {
    // batch 16 at context 4096, fp16 KV: 16 · 80 · 2 · 4096 · 1024 · 2 = 21.5 GB > 16 GiB
    const r = fitRow(M70, EDGE_50, wl(4096), "q2_k", 16, { latencyS: 1 }, 4, EFF);
    expect(r.verdict).toBe("no-room");
  });
});

describe("tokens/s targets (over the batch) and margins", () => {
  it("fitMargin: target / time for latency, throughput / target for tokens/s, the smaller of both", () => {
    expect(fitMargin({ latencyS: 0.1 }, 0.05, 4)).toBe(2);
    // 4 sequences / 0.05 s = 80 tokens/s against 40
    expect(fitMargin({ tokensPerS: 40 }, 0.05, 4)).toBe(2);
    expect(fitMargin({ latencyS: 0.1, tokensPerS: 160 }, 0.05, 4)).toBe(0.5);
  });

  it("a throughput target is met by batching where batch 1 misses it", () => {
    const r = fit({
      models: [M7],
      device: EDGE_50,
      workload: wl(256),
      target: { tokensPerS: 20 },
      precisions: ["int4"],
      efficiency: EFF,
    });
    const s = r.summaries[0]!;
    expect(s.meetsAt).not.toContain(1);
    expect(s.meetsAt.length).toBeGreaterThan(0);
    expect(s.best!.tokensPerSEstimate).toBeGreaterThanOrEqual(20);
  });
});
