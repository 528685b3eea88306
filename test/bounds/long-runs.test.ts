/**
 * Cost independent of length (issue 16): a long timeline is built from a bounded number of
 * passes (step-curve.ts) and still equals the pass of every step it samples; a long policy
 * simulation keeps its steps as columns (policy-steps.ts) that read back as the passes; and
 * a table of 100,000 rows renders without overflowing the stack.
 */
import { describe, expect, it } from "vitest";
import {
  analyzePass,
  efficiencyForDevice,
  findDevice,
  findModel,
  keptKeys,
  PolicySteps,
  passOf,
  renderTable,
  resolveWorkload,
  roofsOf,
  simulatePolicies,
  timeline,
  weightsOf,
} from "../../src/core/index.js";
import { DIRECT_STEPS, stepCurve } from "../../src/core/predict/step-curve.js";

describe("step curves", () => {
  it("a piecewise-linear function with a kink and a jump is recovered exactly from few evaluations", () => {
    let calls = 0;
    const f = (k: number) => {
      calls++;
      return [Math.max(3 * k, 2 * k + 50_000), k < 70_001 ? 1 : 2];
    };
    const c = stepCurve(f, 1, 131_072);
    for (const k of [1, 2, 49_999, 50_000, 50_001, 70_000, 70_001, 100_003, 131_072])
      expect(c.at(k), `k = ${k}`).toEqual(f(k));
    expect(calls).toBeLessThan(400);
  });
  it("keys asked in any order read the same figures as keys asked in increasing order", () => {
    const f = (k: number) => [Math.max(3 * k, 2 * k + 50_000), Math.min(k, 90_000)];
    const up = stepCurve(f, 1, 131_072);
    const ks = [131_072, 1, 50_001, 49_999, 120_000, 70_000, 89_999, 90_001, 3, 100_000];
    const expected = [...ks].sort((a, b) => a - b).map((k) => [...up.at(k)]);
    const any = stepCurve(f, 1, 131_072);
    const got = new Map(ks.map((k) => [k, [...any.at(k)]]));
    expect([...ks].sort((a, b) => a - b).map((k) => got.get(k))).toEqual(expected);
    for (const k of ks) expect(got.get(k)).toEqual(f(k));
  });
  it("up to DIRECT_STEPS key counts every one is evaluated", () => {
    const c = stepCurve((k) => [k * k], 1, DIRECT_STEPS);
    expect(c.at(777)).toEqual([777 * 777]);
  });
  it.each(["llama-2-7b", "gemma-3-4b", "gpt-oss-20b", "qwen3-next-80b-a3b"])(
    "%s: a 20,000-step timeline equals the pass at each sampled step",
    (id) => {
      const model = findModel(id);
      const device = findDevice("apple-m2-gpu");
      const workload = resolveWorkload({ promptTokens: 1000, kvKeep: id === "gpt-oss-20b" ? 0.5 : 1 });
      const t = timeline({ model, device, workload, generateTokens: 20_000 });
      const eff = efficiencyForDevice(device);
      const w = weightsOf(model, workload.weights, workload.activations);
      for (const s of [2, 3, 1000, 1025, 4096, 9999, 15_001, 20_000]) {
        const keys = keptKeys(workload, workload.promptTokens + s - 1);
        const p = analyzePass(model, w, roofsOf(device), eff, "decode", passOf(workload, 1, keys));
        expect(t.steps[s - 1]!.latencyEstimateS / p.latencyEstimateS).toBeCloseTo(1, 12);
        expect(t.steps[s - 1]!.latencyBoundS / p.latencyBoundS).toBeCloseTo(1, 12);
      }
    },
  );
});

describe("policy steps", () => {
  it("a 131,072-token simulation keeps every step, each equal to the pass at its keys", () => {
    const model = findModel("llama-2-7b");
    const device = findDevice("apple-m2-gpu");
    const workload = resolveWorkload({ promptTokens: 2048 });
    const g = 131_072;
    const r = simulatePolicies({ model, device, workload, generate: g });
    const eff = efficiencyForDevice(device);
    const w = weightsOf(model, workload.weights, workload.activations);
    for (const run of r.runs) {
      expect(run.steps.length).toBe(g);
      expect(run.steps.step(0)).toBeUndefined();
      expect(run.steps.step(g + 1)).toBeUndefined();
      expect(run.steps.step(g)!.cumulativeEstimateS).toBe(run.totalEstimateS);
      for (const t of [2, 3, 99, 100, 501, 777, 4096, 65_537, g]) {
        const s = run.steps.step(t)!;
        expect(s.token).toBe(t);
        const p = analyzePass(model, w, roofsOf(device), eff, "decode", {
          ...passOf(workload, 1, s.keys),
          kv: s.config.kv,
          attention: s.config.attention,
        });
        expect(s.latencyEstimateS / p.latencyEstimateS, `${run.name} t = ${t}`).toBeCloseTo(1, 12);
        expect(s.latencyBoundS / p.latencyBoundS, `${run.name} t = ${t}`).toBeCloseTo(1, 12);
      }
    }
  });
  it("columns read back as the steps pushed, iterate in order and write to JSON as a list", () => {
    const a = { kv: "fp16", attention: "naive", keep: 1 } as const;
    const b = { kv: "int8", attention: "flash", keep: 0.2 } as const;
    const steps = new PolicySteps(3);
    steps.push(a, 2048, 1, 2, 0, 0, 2);
    steps.push(b, 410, 0.5, 0.75, 0.25, 0.125, 2.875);
    steps.push(a, 2050, 1, 2, 0.5, 0, 4.875);
    expect(steps.length).toBe(3);
    expect(steps.step(2)).toEqual({
      token: 2,
      config: b,
      keys: 410,
      latencyBoundS: 0.5,
      latencyEstimateS: 0.75,
      kvShare: 0.25,
      switchCostS: 0.125,
      cumulativeEstimateS: 2.875,
    });
    expect([...steps].map((s) => [s.token, s.config.kv])).toEqual([
      [1, "fp16"],
      [2, "int8"],
      [3, "fp16"],
    ]);
    expect(JSON.parse(JSON.stringify({ steps }))).toEqual({ steps: [...steps] });
    expect(() => steps.push(a, 1, 1, 1, 0, 0, 1)).toThrow(/more than 3 steps/);
  });
});

it("a table of 100,000 rows renders (no argument spreading)", () => {
  const rows = Array.from({ length: 100_000 }, (_, i) => [String(i), "x".repeat(i % 7)]);
  const text = renderTable([{ header: "n", align: "right" }, { header: "s" }], rows);
  expect(text.split("\n")).toHaveLength(100_002);
  expect(text.split("\n")[2]).toBe("    0");
});
