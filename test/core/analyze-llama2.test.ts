import { describe, expect, it } from "vitest";
import { DEFAULT_EFFICIENCY } from "../../src/core/efficiency/defaults.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { DEVICE_100GBPS, LLAMA2_7B } from "../helpers/fixtures.js";

describe("Llama-2-7B decode step, fp16, batch 1, context 2048, naive attention (worked by hand)", () => {
  const a = analyze({
    model: LLAMA2_7B,
    device: DEVICE_100GBPS,
    workload: resolveWorkload({ phase: "decode", promptTokens: 2048, contextTokens: 2048 }),
    efficiency: DEFAULT_EFFICIENCY, // the chapter's fractions, which the hand-worked estimate below uses
  });
  const dec = a.decode!;

  it("FLOPs per layer", () => {
    // norms 2 × 4·4096 = 32,768; q,k,v,o 4 × 2·4096·4096 = 134,217,728; rope 3·(4096+4096) = 24,576
    // scores and values 2 × 2·32·2048·128 = 33,554,432; softmax 5·32·2048 = 327,680
    // residuals 2 × 4096 = 8,192; gate, up, down 3 × 2·4096·11008 = 270,532,608; SiLU·gate 11008·5 = 55,040
    // total = 438,753,024
    expect(dec.layerTotals.flops).toBe(438_753_024);
  });

  it("FLOPs for the model", () => {
    // 32 layers × 438,753,024 = 14,040,096,768; final norm 16,384; lm_head 2·4096·32000 = 262,144,000
    expect(dec.totals.flops).toBe(14_302_257_152);
  });

  it("bytes per layer by tensor kind", () => {
    // weights: 4·4096²·2 + 3·4096·11008·2 + two norms 2·4096·2 = 134,217,728 + 270,532,608 + 16,384
    expect(dec.layerTotals.bytes.weights).toBe(404_766_720);
    // K and V of 2048 entries: 2 × 2048·32·128·2
    expect(dec.layerTotals.bytes.kvRead).toBe(33_554_432);
    // the new token's K (after rotary) and V: 2 × 4096·2
    expect(dec.layerTotals.bytes.kvWrite).toBe(16_384);
    // activations: norms, q, k, o 5 × 16,384; v input 8,192; rope (2·4096+4096)·2 = 24,576;
    // scores 8,192 + 32·2048·2 = 139,264; softmax 2·131,072 = 262,144; values 131,072 + 8,192 = 139,264;
    // residuals 2 × 3·4096·2 = 49,152; gate/up/down 3 × (8,192 + 22,016) = 90,624; act 3·11008·2 = 66,048
    expect(dec.layerTotals.bytes.activations).toBe(861_184);
  });

  it("bytes for the model and the bound latency on 100 GB/s", () => {
    // layers 32 × 439,198,720 = 14,054,359,040
    // embedding row 8,192 + its output 8,192; final norm 8,192 + 16,384; lm_head 262,144,000 + 8,192 + 64,000
    const total = 14_054_359_040 + 262_257_152;
    expect(dec.totals.bytesTotal).toBe(total);
    // Every op is far below the ridge (36 FLOP/B), so the bound is bytes / bandwidth.
    expect(dec.latencyBoundS).toBeCloseTo(total / 100e9, 12);
    expect(dec.latencyEstimateS).toBeCloseTo(total / (0.7 * 100e9), 12);
    expect(dec.tokensPerSBound).toBeCloseTo(100e9 / total, 9);
    for (const op of [...dec.layerOps, ...dec.modelOps]) expect(op.bound).toBe("memory");
  });

  it("classifies decode GEMMs as extremely memory-bound (I ≈ 1 < 0.1 · 36)", () => {
    const q = dec.layerOps.find((o) => o.name === "q_proj")!;
    // 33,554,432 FLOP / (33,554,432 + 16,384) B
    expect(q.intensity).toBeCloseTo(33_554_432 / 33_570_816, 12);
    expect(q.boundClass).toBe("memory-extreme");
  });

  it("memory footprint: weights and KV cache", () => {
    // params: 32000·4096·2 (embedding + untied head) + 32 × (4·4096² + 3·4096·11008 + 2·4096) + 4096 = 6,738,415,616
    expect(a.model.params).toBe(6_738_415_616);
    expect(a.memory.weightsBytes).toBe(2 * 6_738_415_616);
    // KV: 32 layers × 2 × 4096 × 2048 tokens × 2 bytes = 1,073,741,824
    expect(a.memory.kvCacheBytes).toBe(1_073_741_824);
  });
});

describe("Llama-2-7B prefill of 2048 tokens (worked by hand)", () => {
  const a = analyze({
    model: LLAMA2_7B,
    device: DEVICE_100GBPS,
    workload: resolveWorkload({ phase: "prefill", promptTokens: 2048 }),
  });
  const pre = a.prefill!;
  it("FLOPs", () => {
    // projections 4·2·L·4096² + FFN 3·2·L·4096·11008; naive attention computes the full L×L score matrix:
    // 2 × 2·32·L·L·128 plus softmax 5·32·L²; rope 3·L·8192; norms 2·4·L·4096; residuals 2·L·4096; act 5·L·11008
    const perLayer =
      274_877_906_944 +
      554_050_781_184 +
      68_719_476_736 +
      671_088_640 +
      50_331_648 +
      67_108_864 +
      16_777_216 +
      112_721_920;
    expect(pre.layerTotals.flops).toBe(perLayer);
    // logits for the last token only: final norm 4·4096 and lm_head 2·4096·32000
    expect(pre.totals.flops).toBe(32 * perLayer + 16_384 + 262_144_000);
  });
  it("projections are compute-bound at L = 2048", () => {
    const q = pre.layerOps.find((o) => o.name === "q_proj")!;
    // 2·2048·4096² FLOP over (4096²·2 + 2·2048·4096·2) B = 68,719,476,736 / 67,108,864 = 1024 FLOP/B ≥ 36
    expect(q.intensity).toBe(1024);
    expect(q.bound).toBe("compute");
    expect(q.timeBoundS).toBeCloseTo(68_719_476_736 / 3.6e12, 12);
  });
});
