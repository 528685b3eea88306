import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { estimateS, estimateSFast, scenarioPasses } from "../../src/core/calibration/compile.js";
import { estimateTps } from "../../src/core/calibration/predict.js";
import type { DecodeScenario, PrefillScenario } from "../../src/core/calibration/scenario.js";
import { findDevice, findModel } from "../../src/core/catalog/lookup.js";
import {
  CALIBRATION,
  calibratedEfficiency,
  efficiencyForClass,
} from "../../src/core/efficiency/calibrated.js";
import { DEFAULT_EFFICIENCY, type Efficiency } from "../../src/core/efficiency/defaults.js";
import { efficiencyOf } from "../../src/core/efficiency/params.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { KERNEL_KINDS } from "../../src/core/ops/types.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { roofsOf, weightsOf } from "../../src/core/predict/caches.js";
import { analyzePass, passOf } from "../../src/core/predict/pass.js";
import { timeline } from "../../src/core/predict/timeline.js";
import { planned, plannedRows } from "./data.js";

beforeAll(() => void plannedRows(), 30_000); // plan and cost the 297 rows once

describe("one row worked by hand", () => {
  it("row 2: Llama-2-7B Q8_0 tg128 on the Apple M1 7-core GPU (68 GB/s): bound 9.623 tokens/s", () => {
    // Every op is memory-bound (ridge 2.29 TFLOP/s / 68 GB/s = 33.7 FLOP/B; decode ops are ≈ 1–2 FLOP/B),
    // so the bound of a step is its bytes / 68e9. Q8_0 stores 32 weights in 34 bytes.
    // Per layer:
    //   matrices 4·4096² + 3·4096·11008 = 202,375,168 weights · 34/32        = 215,023,616 B
    //   two RMSNorm weight vectors 2 · 4096 · 2 (fp16)                        =      16,384 B
    //   activations (see test/core/analyze-llama2): 336,896 B + 256 B per key (scores, softmax, values)
    //   KV cache: write K and V of the new token 2 · 4096 · 2                 =      16,384 B
    //             read K and V of k entries 2 · 4096 · 2 · k                  =  16,384·k B
    //   layer(k) = 215,023,616 + 16,384 + 336,896 + 16,384 + (256 + 16,384)·k = 215,393,280 + 16,640·k
    // Model ops: embedding row 4096 · 34/32 = 4,352 + its output 8,192; final norm 8,192 + 8,192 + 8,192;
    //   lm_head 32000 · 4096 · 34/32 = 139,264,000 + input 8,192 + logits 64,000  → 139,373,312 B
    // step(k) = 32 · layer(k) + 139,373,312 = 7,031,958,272 + 532,480·k bytes
    // Σ_{k=1..128} = 128 · 7,031,958,272 + 532,480 · 8,256 = 904,486,813,696 bytes
    // time = 904,486,813,696 / 68e9 = 13.3013 s → 128 / 13.3013 = 9.6231 tokens/s
    const p = planned(2);
    expect(p.deviceId).toBe("apple-m1-gpu-7c");
    expect(p.recipe).toBe("q8_0");
    const bytes = 128 * 7_031_958_272 + 532_480 * ((128 * 129) / 2);
    expect(bytes).toBe(904_486_813_696);
    expect(p.compiled!.boundS).toBeCloseTo(bytes / 68e9, 9);
    expect(p.boundTps).toBeCloseTo(128 / (bytes / 68e9), 9);
    expect(p.boundTps!).toBeCloseTo(9.6231, 4);
    // The measurement (7.92) is 82% of the bound.
    expect(p.row.tokensPerS / p.boundTps!).toBeCloseTo(0.823, 3);
  });
});

describe("a compiled run is the sum of analyzePass over its passes", () => {
  const effs: Efficiency[] = [
    DEFAULT_EFFICIENCY,
    efficiencyOf(
      {
        bandwidth: 0.8,
        bandwidthQuant: 0.75,
        compute: 0.4,
        vectorShare: 0.15,
        perOpOverheadS: 7e-6,
        perPassOverheadS: 2e-4,
      },
      "test",
    ),
    {
      bandwidth: { matvec: 0.9, matvec_q: 0.8, matmul: 0.6, attention: 0.5, elementwise: 0.7 },
      compute: { matvec: 0.3, matvec_q: 0.35, matmul: 0.65, attention: 0.2, elementwise: 0.9 },
      vectorShare: 0.4,
      perOpOverheadS: 3e-6,
      perPassOverheadS: 0,
      source: "per-kernel test",
    },
  ];
  const direct = (rowNo: number, eff: Efficiency) => {
    const p = planned(rowNo);
    const m = findModel(p.modelId!);
    const d = findDevice(p.deviceId!);
    const sc = p.scenario as PrefillScenario | DecodeScenario; // the calibration CSV has no mixed runs
    const wl = resolveWorkload({ weights: p.recipe!, attention: sc.attention });
    const w = weightsOf(m, wl.weights, wl.activations);
    let bound = 0;
    let est = 0;
    for (const [q, k] of scenarioPasses(p.scenario!)) {
      const a = analyzePass(m, w, roofsOf(d), eff, sc.kind, passOf(wl, q, k), p.engineBuild ?? undefined);
      bound += a.latencyBoundS;
      est += a.latencyEstimateS;
    }
    return { bound, est, p };
  };
  // 83 and 163: prefill on GPUs whose tensor peak is 4× and 15× their vector peak (the vector share matters);
  // 125 and 163: CUDA builds from before MMQ became the default (the build reaches analyzePass too).
  for (const n of [2, 83, 125, 163, 189, 246, 286]) {
    it(`row ${n}`, () => {
      for (const eff of effs) {
        const { bound, est, p } = direct(n, eff);
        expect(p.compiled!.boundS / bound - 1).toBeCloseTo(0, 10);
        expect(estimateS(p.compiled!, eff) / est - 1).toBeCloseTo(0, 10);
        const bw = KERNEL_KINDS.map((k) => eff.bandwidth[k]);
        const cp = KERNEL_KINDS.map((k) => eff.compute[k]);
        expect(
          estimateSFast(p.compiled!, bw, cp, eff.vectorShare, eff.perOpOverheadS, eff.perPassOverheadS) /
            est -
            1,
        ).toBeCloseTo(0, 10);
      }
    });
  }
  it("tg128 of timeline(): prompt 1 + 127 decode steps are the same passes as contexts 1..128", () => {
    const p = planned(2);
    const t = timeline({
      model: findModel("llama-2-7b"),
      device: findDevice("apple-m1-gpu-7c"),
      workload: resolveWorkload({ weights: "q8_0", promptTokens: 1 }),
      generateTokens: 128,
      efficiency: DEFAULT_EFFICIENCY,
    });
    expect(t.totalBoundS / p.compiled!.boundS - 1).toBeCloseTo(0, 10);
  });
});

describe("invariants", () => {
  it("no estimate exceeds its bound, for the calibrated efficiencies and for any fractions ≤ 1, overheads ≥ 0", () => {
    const rows = plannedRows().filter((p) => p.compiled);
    for (const p of rows)
      expect(estimateTps(p, efficiencyForClass(p.deviceClass!))!).toBeLessThanOrEqual(
        p.boundTps! * (1 + 1e-12),
      );
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1e-3, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.nat({ max: rows.length - 1 }),
        (b, c, o, v, i) => {
          const p = rows[i]!;
          return (
            estimateTps(
              p,
              efficiencyOf(
                {
                  bandwidth: b,
                  bandwidthQuant: c,
                  compute: c,
                  vectorShare: v,
                  perOpOverheadS: o,
                  perPassOverheadS: o,
                },
                "p",
              ),
            )! <=
            p.boundTps! * (1 + 1e-12)
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("analyze uses the calibrated efficiency of the device's class by default", () => {
  const wl = resolveWorkload({ promptTokens: 512, weights: "q4_0" });
  it("apple-gpu: the fitted fractions, and a source naming the fit", () => {
    const a = analyze({ model: findModel("llama-2-7b"), device: findDevice("apple-m2-gpu"), workload: wl });
    const cal = calibratedEfficiency("apple-gpu")!;
    expect(a.efficiency).toEqual(cal);
    expect(a.efficiency.source).toMatch(
      /^calibrated for apple-gpu \(\d{4}-\d{2}-\d{2}\): fitted on \d+ measured rows/,
    );
    expect(a.decode!.latencyEstimateS).toBeGreaterThan(a.decode!.latencyBoundS);
  });
  it("a class without data takes its pool's fit (every GPU class) and says so; an explicit efficiency wins", () => {
    const a = analyze({
      model: findModel("llama-2-7b"),
      device: findDevice("qualcomm-snapdragon-8-gen-3-gpu"),
      workload: wl,
    });
    const pool = CALIBRATION.pools.gpu!;
    expect(pool.classes).toEqual(expect.arrayContaining(["apple-gpu", "nvidia-gpu", "amd-gpu"]));
    expect(a.efficiency.bandwidth.matvec).toBe(pool.bandwidth);
    expect(a.efficiency.compute.matmul).toBe(pool.compute);
    expect(a.efficiency.vectorShare).toBe(pool.vectorShare);
    expect(a.efficiency.source).toMatch(
      /pooled fit of the gpu classes .*no measured rows for device class mobile-gpu/,
    );
    const b = analyze({
      model: findModel("llama-2-7b"),
      device: findDevice("apple-m2-gpu"),
      workload: wl,
      efficiency: DEFAULT_EFFICIENCY,
    });
    expect(b.efficiency).toBe(DEFAULT_EFFICIENCY);
  });
  it("timeline uses it too", () => {
    const t = timeline({
      model: findModel("llama-2-7b"),
      device: findDevice("nvidia-rtx-4090"),
      workload: wl,
      generateTokens: 3,
    });
    const a = analyze({
      model: findModel("llama-2-7b"),
      device: findDevice("nvidia-rtx-4090"),
      workload: resolveWorkload({ ...{ promptTokens: 512, weights: "q4_0" }, phase: "prefill" }),
    });
    expect(t.ttftEstimateS).toBeCloseTo(a.prefill!.latencyEstimateS, 12);
    expect(a.efficiency.source).toMatch(/calibrated for nvidia-gpu/);
  });
});
