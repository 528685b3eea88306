/**
 * `policy` (chapter 2.3.4): the chapter's stages and a roofline-derived policy against a
 * fixed one, step by step, on the fixture Llama-2-7B and 100 GB/s device.
 *
 * KV cache per entry (all 32 layers, K and V): 2 · 32 · 32 · 128 · 2 B = 524,288 B at fp16,
 * 262,144 B at int8. A decode step reads all weights but the embedding table
 * (13,214,695,424 B with one embedding row) plus the cache.
 */
import { describe, expect, it } from "vitest";
import { type PolicyRun, simulatePolicies } from "../../src/core/advisor/policy.js";
import { DEFAULT_EFFICIENCY } from "../../src/core/efficiency/defaults.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { timeline } from "../../src/core/predict/timeline.js";
import { policyText } from "../../src/core/report/policy-text.js";
import { DEVICE_100GBPS, LLAMA2_7B } from "../helpers/fixtures.js";

/** The chapter's fractions (70% of bandwidth), which the hand-worked costs use. */
const EFF = DEFAULT_EFFICIENCY;
const KV16 = 524_288;
const KV8 = 262_144;

const byName = (runs: readonly PolicyRun[], n: string) => runs.find((r) => r.name === n)!;

describe("prompt 2048, generate 2000, fused attention, fp16 KV cache", () => {
  const workload = resolveWorkload({ promptTokens: 2048, attention: "flash" });
  const r = simulatePolicies({
    model: LLAMA2_7B,
    device: DEVICE_100GBPS,
    workload,
    generate: 2000,
    efficiency: EFF,
  });
  const fixed = byName(r.runs, "fixed");
  const chapter = byName(r.runs, "chapter");
  const roofline = byName(r.runs, "roofline");

  it("the fixed policy is the timeline", () => {
    const t = timeline({
      model: LLAMA2_7B,
      device: DEVICE_100GBPS,
      workload,
      generateTokens: 2000,
      efficiency: EFF,
    });
    expect(fixed.totalEstimateS).toBeCloseTo(t.totalEstimateS, 9);
    expect(fixed.totalBoundS).toBeCloseTo(t.totalBoundS, 9);
    expect(fixed.switches).toEqual([]);
    expect(fixed.gain).toBe(1);
  });

  it("chapter: KV int8 at t = 100, eviction at t = 501, as the rule says", () => {
    expect(chapter.switches.map((s) => [s.token, s.kind])).toEqual([
      [100, "kv-quantize"],
      [501, "kv-evict"],
    ]);
    expect(chapter.steps.step(99)!.config.kv).toBe("fp16"); // t = 99
    expect(chapter.steps.step(100)!.config.kv).toBe("int8"); // t = 100
    expect(chapter.steps.step(500)!.config.keep).toBe(1); // t = 500
  });

  it("the re-quantization at t = 100 reads 2146 fp16 entries and writes them at int8", () => {
    const s = chapter.switches[0]!;
    // before step 100 the cache holds the prompt and the 98 tokens of steps 2–99: 2048 + 98 = 2146
    expect(s.cacheEntries).toBe(2146);
    // 2146 · (524,288 + 262,144) = 1,687,683,072 B at 100 GB/s = 16.9 ms; at 70% of it 24.1 ms
    expect(s.costBoundS).toBeCloseTo((2146 * (KV16 + KV8)) / 100e9, 12);
    expect(s.costEstimateS).toBeCloseTo((2146 * (KV16 + KV8)) / 70e9, 12);
    expect(chapter.switchCostEstimateS).toBeCloseTo(s.costEstimateS, 12);
  });

  it("from t = 501 the chapter attends 20% of the context", () => {
    const t501 = chapter.steps.step(501)!;
    expect(t501.token).toBe(501);
    expect(t501.config).toEqual({ kv: "int8", attention: "flash", keep: 0.2 });
    // context 2048 + 500 = 2548 → round(0.2 · 2548) = 510
    expect(t501.keys).toBe(510);
    expect(chapter.steps.step(500)!.keys).toBe(2547);
  });

  it("roofline: θ = 5% / (1 − 8/16) = 10%; the KV switch is at the first step whose KV share reaches it", () => {
    expect(r.settings.kvShareThreshold).toBeCloseTo(0.1, 12);
    expect(r.settings.paybackStepsIfMemoryBound).toBeCloseTo(3, 12); // (1 + 0.5) / (1 − 0.5)
    // independently: analyse each decode step and find the first share ≥ 10%
    let first = -1;
    for (let t = 2; t <= 2000 && first < 0; t++) {
      const d = analyze({
        model: LLAMA2_7B,
        device: DEVICE_100GBPS,
        workload: { ...workload, phase: "decode", contextTokens: 2048 + t - 1 },
        efficiency: EFF,
      }).decode!;
      if ((d.totals.bytes.kvRead + d.totals.bytes.kvWrite) / d.totals.bytesTotal >= 0.1) first = t;
    }
    // by hand: share ≥ 1/10 ⇔ cache ≥ (other bytes) / 9; other bytes ≈ 13,214,695,424 of weights plus ~40 MB of
    // activations → keys ≈ 13.25e9 / 9 / 524,288 ≈ 2809 → t ≈ 2809 − 2047 ≈ 760
    expect(Math.abs(first - 760)).toBeLessThanOrEqual(10);
    expect(roofline.switches.map((s) => [s.token, s.kind])).toEqual([[first, "kv-quantize"]]);
    expect(roofline.steps.step(first - 1)!.kvShare).toBeLessThan(0.1);
  });

  it("adaptive policies are never slower than fixed by more than their switch costs, step by step and in total", () => {
    for (const p of [chapter, roofline]) {
      expect(p.totalEstimateS).toBeLessThanOrEqual(fixed.totalEstimateS + p.switchCostEstimateS);
      expect(p.totalBoundS).toBeLessThanOrEqual(fixed.totalBoundS + p.switchCostBoundS);
      for (let i = 0; i < p.steps.length; i++)
        expect(p.steps.step(i + 1)!.latencyEstimateS).toBeLessThanOrEqual(
          fixed.steps.step(i + 1)!.latencyEstimateS * (1 + 1e-12),
        );
      expect(p.gain).toBeCloseTo(fixed.totalEstimateS / p.totalEstimateS, 12);
      expect(p.gain).toBeGreaterThan(1);
    }
    // the chapter evicts 80% of the context from t = 501: faster, at an accuracy cost the roofline policy avoids
    expect(chapter.gain).toBeGreaterThan(roofline.gain);
  });

  it("renders the switch steps and the table", () => {
    const text = policyText(r);
    expect(text).toContain("t = 100: kv-quantize fp16 → int8");
    expect(text).toMatch(/θ = g \/ \(1 − r\) = 5\.0% \/ \(1 − 0\.500\) = 10\.0%/);
  });
});

describe("a long prompt: the roofline policy switches at once and beats the chapter's fixed step", () => {
  // prompt 3500: KV share at the first step 3500 · 524,288 / (13.2e9 + 1.84e9) ≈ 12% ≥ 10%
  const r = simulatePolicies({
    model: LLAMA2_7B,
    device: DEVICE_100GBPS,
    workload: resolveWorkload({ promptTokens: 3500, attention: "flash" }),
    generate: 400,
    efficiency: EFF,
  });
  it("switches at t = 2 instead of t = 100", () => {
    const roofline = byName(r.runs, "roofline");
    const chapter = byName(r.runs, "chapter");
    expect(roofline.switches.map((s) => s.token)).toEqual([2]);
    expect(chapter.switches.map((s) => s.token)).toEqual([100]); // generate 400 < 501: no eviction
    expect(roofline.totalEstimateS).toBeLessThan(chapter.totalEstimateS);
  });
});

describe("a GQA model: the cache is 4× smaller and the roofline policy leaves it alone", () => {
  const gqa = { ...LLAMA2_7B, id: "test-llama-2-7b-gqa8", numKvHeads: 8 };
  const r = simulatePolicies({
    model: gqa,
    device: DEVICE_100GBPS,
    workload: resolveWorkload({ promptTokens: 2048, attention: "flash" }),
    generate: 2000,
    efficiency: EFF,
  });
  it("no KV switch: the share stays below 10%", () => {
    const roofline = byName(r.runs, "roofline");
    expect(roofline.switches).toEqual([]);
    expect(Math.max(...[...roofline.steps].map((s) => s.kvShare))).toBeLessThan(0.1);
    expect(byName(r.runs, "chapter").switches.map((s) => s.token)).toEqual([100, 501]);
  });
});

describe("naive attention: the roofline policy fuses attention at the first decode step it helps", () => {
  const r = simulatePolicies({
    model: LLAMA2_7B,
    device: DEVICE_100GBPS,
    workload: resolveWorkload({ promptTokens: 512 }),
    generate: 300,
    minGain: 0.2,
    efficiency: EFF,
  });
  it("flash at t = 2, no switch cost; never slower than fixed", () => {
    const roofline = byName(r.runs, "roofline");
    const fixed = byName(r.runs, "fixed");
    expect(roofline.switches[0]).toMatchObject({ token: 2, kind: "flash-attention", costEstimateS: 0 });
    expect(roofline.steps.step(2)!.latencyEstimateS).toBeLessThan(fixed.steps.step(2)!.latencyEstimateS);
    expect(roofline.totalEstimateS).toBeLessThan(fixed.totalEstimateS);
  });
});

describe("energy per request where the device lists its power", () => {
  it("power × total time, per token over generate × batch", () => {
    const device = { ...DEVICE_100GBPS, powerW: { value: 15, source: "s" } };
    const r = simulatePolicies({
      model: LLAMA2_7B,
      device,
      workload: resolveWorkload({ promptTokens: 256, batch: 2 }),
      generate: 50,
      efficiency: EFF,
    });
    for (const p of r.runs) {
      expect(p.energyPerRequestJ).toBeCloseTo(15 * p.totalEstimateS, 9);
      expect(p.energyPerTokenJ).toBeCloseTo((15 * p.totalEstimateS) / 100, 9);
    }
  });
});
