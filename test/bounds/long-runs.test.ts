/**
 * Cost independent of length (issue 16): a long timeline is built from a bounded number of
 * passes (step-curve.ts) and still equals the pass of every step it samples, and a table of
 * 100,000 rows renders without overflowing the stack.
 */
import { describe, expect, it } from "vitest";
import {
  analyzePass,
  efficiencyForDevice,
  findDevice,
  findModel,
  keptKeys,
  passOf,
  renderTable,
  resolveWorkload,
  roofsOf,
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

it("a table of 100,000 rows renders (no argument spreading)", () => {
  const rows = Array.from({ length: 100_000 }, (_, i) => [String(i), "x".repeat(i % 7)]);
  const text = renderTable([{ header: "n", align: "right" }, { header: "s" }], rows);
  expect(text.split("\n")).toHaveLength(100_002);
  expect(text.split("\n")[2]).toBe("    0");
});
