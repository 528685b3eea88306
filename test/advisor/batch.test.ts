/**
 * `batch`: where decode turns compute-bound, the memory limit, the latency search and the
 * chapter's B_opt, worked by hand for the fixture Llama-2-7B on the fixture device
 * (100 GB/s, 3.6 TFLOP/s fp16: ridge 36 FLOP/B) with 24 GiB of unified memory, of which an
 * Apple-class GPU may use two thirds, 16 GiB (Metal's working set), at context 128.
 *
 * Per decode step at context 128 (from the per-op counts of analyze-llama2.test.ts):
 *  - FLOPs per sequence: per layer 438,753,024 at context 2048, less attention's
 *    2·2·32·2048·128 = 33,554,432 and softmax's 5·32·2048 = 327,680, plus the same at 128:
 *    2,097,152 + 20,480 → 406,988,544; × 32 layers + final norm 16,384 + lm_head 262,144,000
 *    = 13,285,793,792 (exactly B times that for B sequences).
 *  - bytes shared by the batch (weights read once per step): 32 · 404,766,720 + final norm
 *    8,192 + lm_head 262,144,000 = 13,214,687,232 (the embedding table is read a row per token).
 *  - bytes per sequence: KV read 32 · 2 · 128 · 4096 · 2 = 67,108,864; KV write 32 · 16,384 =
 *    524,288; layer activations 32 · 369,664 = 11,829,248 (scores, softmax, values 16,384 each
 *    at context 128, the rest 320,512); model-level activations 96,768; embedding row 8,192
 *    → 79,567,360.
 */
import { describe, expect, it } from "vitest";
import { batchSweep, firstTrue, lastTrue } from "../../src/core/advisor/batch.js";
import { DEFAULT_EFFICIENCY } from "../../src/core/efficiency/defaults.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { batchText } from "../../src/core/report/batch-text.js";
import { DEVICE_100GBPS, LLAMA2_7B } from "../helpers/fixtures.js";

/** The chapter's fractions (70% of bandwidth), which the hand-worked estimates use. */
const EFF = DEFAULT_EFFICIENCY;
const SHARED = 13_214_687_232;
const PER_SEQ = 79_567_360;
const FLOPS_PER_SEQ = 13_285_793_792;
/** 24 GiB, so that Metal's two-thirds working set is 16 GiB = 17,179,869,184 bytes. */
const DEVICE = { ...DEVICE_100GBPS, memoryGiB: { value: 24, source: "s" } };

describe("search helpers", () => {
  it("firstTrue / lastTrue find the boundary of a monotone predicate", () => {
    for (const k of [1, 2, 3, 37, 46, 64, 65, 1000, 65536]) {
      expect(firstTrue((n) => n >= k)).toBe(k);
      expect(lastTrue((n) => n <= k)).toBe(k);
    }
    expect(firstTrue(() => false)).toBeNull();
    expect(lastTrue(() => false)).toBeNull();
    expect(lastTrue(() => true)).toBe(65536);
    expect(firstTrue((n) => n >= 70, 100)).toBe(70);
  });
});

describe("batch sweep of Llama-2-7B on the 100 GB/s fixture at context 128", () => {
  const r = batchSweep({
    model: LLAMA2_7B,
    device: DEVICE,
    workload: resolveWorkload({ promptTokens: 128 }),
    latencyS: 0.15,
    efficiency: EFF,
  });

  it("the whole pass turns compute-bound at batch 46", () => {
    // I(B) = B · 13,285,793,792 / (13,214,687,232 + B · 79,567,360) ≥ 36
    // ⇔ B · (13,285,793,792 − 36 · 79,567,360) ≥ 36 · 13,214,687,232 ⇔ B ≥ 475,728,740,352 / 10,421,368,832 = 45.65
    expect(r.computeBound.ridge).toBe(36);
    expect(r.computeBound.wholePassFrom).toBe(46);
    // as B grows I tends to 13,285,793,792 / 79,567,360 = 167.0 (each sequence reads its own KV cache)
    expect(r.computeBound.intensityAtMax).toBeLessThan(FLOPS_PER_SEQ / PER_SEQ);
    expect(r.computeBound.intensityAtMax).toBeGreaterThan(FLOPS_PER_SEQ / PER_SEQ - 1);
  });

  it("per op class: the layer GEMMs and lm_head at batch 37; attention and element-wise ops never", () => {
    const at = (k: string) => r.computeBound.byKind.find((x) => x.kind === k)!;
    // layer GEMMs per sequence: 2 · 202,375,168 = 404,750,336 FLOP; weights 404,750,336 B shared;
    // activations q, k, o 3 · 16,384 + v's input 8,192 + gate/up/down 90,624, v's cache write 8,192 = 156,160 B
    // B · (404,750,336 − 36 · 156,160) ≥ 36 · 404,750,336 ⇔ B ≥ 14,571,012,096 / 399,128,576 = 36.51
    expect(at("gemm").computeBoundFrom).toBe(37);
    // lm_head: 262,144,000 FLOP and B per sequence; input 8,192 + logits 64,000 = 72,192 B per sequence
    // B ≥ 36 · 262,144,000 / (262,144,000 − 36 · 72,192) = 36.36
    expect(at("lm_head").computeBoundFrom).toBe(37);
    for (const k of [
      "attn_scores",
      "attn_values",
      "softmax",
      "norm",
      "rope",
      "residual",
      "activation",
      "embedding",
    ]) {
      expect(at(k).computeBoundFrom, k).toBeNull();
    }
    // attention reads each sequence's own cache: intensity does not grow with the batch
    expect(at("attn_scores").intensityAtMax).toBeCloseTo(at("attn_scores").intensityAt1, 12);
  });

  it("memory as llama.cpp allocates it: 16 GiB of GPU working set holds 28 sequences; the table stops at 32", () => {
    // GPU buffers: the layers and lm_head, 13,214,687,232 (the 262,144,000-byte embedding table stays
    // in host memory); KV: each sequence gets 128 cells padded to 256, × 32 layers × 2 × 4096 × 2 bytes
    // = 134,217,728; compute (512-token micro-batch, the FFN stage): 512 · (3 · 11008 + 4096 + 11008) · 4
    // + the 512 × 256 f32 mask = 99,090,432. B ≤ (17,179,869,184 − 13,214,687,232 − 99,090,432) / 134,217,728 = 28.8
    expect(r.maxFittingBatch).toBe(28);
    // the table stops at the first batch that does not fit
    expect(r.rows.map((x) => x.batch)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(r.stopsFittingAt).toBe(32);
    expect(r.rows.at(-1)!.fits).toBe(false);
    expect(r.rows.find((x) => x.batch === 16)!.fits).toBe(true);
  });

  it("throughput rises and per-token latency grows with the batch", () => {
    for (let i = 1; i < r.rows.length; i++) {
      expect(r.rows[i]!.tokensPerSEstimate).toBeGreaterThan(r.rows[i - 1]!.tokensPerSEstimate);
      expect(r.rows[i]!.stepEstimateS).toBeGreaterThan(r.rows[i - 1]!.stepEstimateS);
    }
    // batch 1 is memory-bound: bound = (shared + per sequence) / 100 GB/s
    expect(r.rows[0]!.stepBoundS).toBeCloseTo((SHARED + PER_SEQ) / 100e9, 12);
  });

  it("latency 150 ms: batch 22 at the bound, by search and by the closed form; none by the estimate", () => {
    const l = r.latency!;
    // while every op is memory-bound (B < 37), t = (13,214,687,232 + B · 79,567,360) / 100e9 ≤ 0.15
    // ⇔ B ≤ 1,785,312,768 / 79,567,360 = 22.4
    expect(l.bestBound?.batch).toBe(22);
    expect(l.closedForm).toEqual({ fixedBytes: SHARED, perSequenceBytes: PER_SEQ, batch: 22, valid: true });
    // the estimate reads at 70% of 100 GB/s: 13.2 GB alone take 189 ms > 150 ms
    expect(l.bestEstimate).toBeNull();
    expect(l.latencyOnlyEstimate).toBeNull();
  });

  it("the chapter's B_opt = sqrt(BW × T / (2 × P)) = sqrt(100e9 × 0.15 / (2 × 6,738,415,616)) = 1.055", () => {
    const c = r.latency!.chapter;
    // 1.5e10 / 13,476,831,232 = 1.11302
    expect(c.radicand).toBeCloseTo(1.5e10 / 13_476_831_232, 12);
    expect(c.bOpt).toBeCloseTo(1.055, 5);
    expect(c.searchOverFormula).toBeNull();
    const text = batchText(r);
    expect(text).toContain(
      "B_opt = sqrt(BW × T / (2 × P)) = sqrt(1.00e11 B/s × 0.150 s / (2 B × 6.74e9)) = sqrt(1.11) = 1.05",
    );
    expect(text).toMatch(/the search finds no batch within 150 ms/);
    expect(text).toContain("Compute-bound: the whole decode pass from batch 46");
  });
});

describe("batch sweep at a long context and a loose budget", () => {
  // context 2048: per-sequence FLOPs 14,302,257,152, bytes ≥ KV read 1,073,741,824: I → at most 13.3 < 36
  const r = batchSweep({
    model: LLAMA2_7B,
    device: DEVICE,
    workload: resolveWorkload({ promptTokens: 2048 }),
    latencyS: 1,
    efficiency: EFF,
  });

  it("never turns compute-bound as a whole: each sequence reads 1 GiB of KV cache per step", () => {
    expect(r.computeBound.wholePassFrom).toBeNull();
    expect(r.computeBound.intensityAtMax).toBeLessThan(14_302_257_152 / 1_073_741_824);
    // the GEMMs still do, at the same batch as at context 128: their bytes do not depend on the context
    expect(r.computeBound.byKind.find((x) => x.kind === "gemm")!.computeBoundFrom).toBe(37);
  });

  it("memory stops the search at 3 sequences; latency alone would allow about 52", () => {
    const l = r.latency!;
    const b = l.bestEstimate!.batch;
    expect(l.bestEstimate!.stepEstimateS).toBeLessThanOrEqual(1);
    // 16 GiB of working set less the GPU's weights (13,214,687,232) and the compute buffer (the attention
    // stage: 512 · 32 · 2048 f32 scores + the 512 × 2048 mask + 512 · 6 · 4096 activations, 188,743,680)
    // leaves room for 3 sequences of 2048 cells, 1 GiB each: 3,776,438,272 / 1,073,741,824 = 3.5
    expect(r.maxFittingBatch).toBe(3);
    expect(l.memoryLimited).toBe(true);
    expect(b).toBe(3);
    // on latency alone: (0.7 · 100e9 · 1 − weights) / per-sequence bytes, about 52
    expect(l.latencyOnlyEstimate).toBeGreaterThan(40);
    expect(l.chapter.searchOverFormula).toBeCloseTo(l.latencyOnlyEstimate! / l.chapter.bOpt, 12);
  });
});

describe("energy per token where the device lists its power", () => {
  it("power × step / batch", () => {
    const device = { ...DEVICE_100GBPS, powerW: { value: 20, source: "s" } };
    const r = batchSweep({
      model: LLAMA2_7B,
      device,
      workload: resolveWorkload({ promptTokens: 128 }),
      maxBatch: 8,
      efficiency: EFF,
    });
    for (const x of r.rows) expect(x.energyPerTokenJ).toBeCloseTo((20 * x.stepEstimateS) / x.batch, 12);
    expect(batchText(r)).toContain("J/token");
  });
});
