import { describe, expect, it } from "vitest";
import { compileRun, estimateS } from "../../src/core/calibration/compile.js";
import { fitParams, meanAbsLogError } from "../../src/core/calibration/fit.js";
import { nelderMead } from "../../src/core/calibration/nelder-mead.js";
import type { PlannedRow } from "../../src/core/calibration/predict.js";
import type { MeasuredRow } from "../../src/core/calibration/rows.js";
import type { Scenario } from "../../src/core/calibration/scenario.js";
import { findDevice, findModel } from "../../src/core/catalog/lookup.js";
import { type EfficiencyParams, efficiencyOf } from "../../src/core/efficiency/params.js";

describe("Nelder–Mead", () => {
  it("finds the minimum of Rosenbrock's function, (1, 1)", () => {
    const r = nelderMead(([x, y]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2, [-1.2, 1], {
      maxIterations: 5000,
      tolerance: 1e-16,
    });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.fx).toBeLessThan(1e-8);
  });
  it("finds the centre of a shifted quadratic bowl in 3 dimensions, deterministically", () => {
    const f = (x: readonly number[]) => (x[0]! - 3) ** 2 + 2 * (x[1]! + 1) ** 2 + 0.5 * (x[2]! - 0.25) ** 2;
    const a = nelderMead(f, [0, 0, 0], { tolerance: 1e-16 });
    const b = nelderMead(f, [0, 0, 0], { tolerance: 1e-16 });
    expect(a).toEqual(b);
    expect(a.x[0]).toBeCloseTo(3, 5);
    expect(a.x[1]).toBeCloseTo(-1, 5);
    expect(a.x[2]).toBeCloseTo(0.25, 5);
  });
});

describe("fitParams recovers known efficiencies from synthetic measurements", () => {
  // Synthetic rows: real runs (decode and prefill, several devices, two models) whose "measured"
  // speed is the estimate under known parameters. The fit must find those parameters.
  // Prefill on the RTX 4090 (tensor peak 4.0× its vector peak) and the H100 PCIe (14.8×)
  // beside Apple GPUs (1×) tells the vector share apart from the compute fraction.
  const truth: EfficiencyParams = {
    bandwidth: 0.82,
    bandwidthQuant: 0.74,
    compute: 0.61,
    vectorShare: 0.12,
    perOpOverheadS: 9e-6,
    perPassOverheadS: 0,
  };
  const eff = efficiencyOf(truth, "truth");
  const runs: [string, string, string, Scenario][] = [
    [
      "apple-m1-max-gpu-32c",
      "llama-2-7b",
      "q4_0",
      { kind: "decode", steps: 32, startKeys: 0, attention: "naive" },
    ],
    [
      "apple-m1-max-gpu-32c",
      "llama-2-7b",
      "fp16",
      { kind: "decode", steps: 32, startKeys: 0, attention: "naive" },
    ],
    [
      "apple-m1-max-gpu-32c",
      "llama-2-7b",
      "q8_0",
      { kind: "prefill", tokens: 512, depth: 0, ubatch: 512, attention: "naive" },
    ],
    [
      "apple-m3-gpu-10c",
      "llama-3.2-3b",
      "q4_k_m",
      { kind: "decode", steps: 32, startKeys: 0, attention: "naive" },
    ],
    [
      "apple-m3-gpu-10c",
      "llama-3.2-3b",
      "fp16",
      { kind: "prefill", tokens: 512, depth: 0, ubatch: 512, attention: "naive" },
    ],
    [
      "apple-m3-ultra-gpu-80c",
      "llama-3.2-3b",
      "q4_0",
      { kind: "decode", steps: 32, startKeys: 0, attention: "naive" },
    ],
    [
      "nvidia-rtx-4090",
      "llama-2-7b",
      "q4_0",
      { kind: "prefill", tokens: 512, depth: 0, ubatch: 512, attention: "naive" },
    ],
    [
      "nvidia-h100-pcie",
      "llama-3-8b",
      "fp16",
      { kind: "prefill", tokens: 512, depth: 0, ubatch: 512, attention: "naive" },
    ],
  ];
  const rows: PlannedRow[] = runs.map(([dev, model, recipe, scenario], i) => {
    const compiled = compileRun(findModel(model), findDevice(dev), recipe, scenario);
    const tps = compiled.tokens / estimateS(compiled, eff);
    const row = {
      row: i + 1,
      tokensPerS: tps,
      test: scenario.kind === "prefill" ? "pp512" : "tg128",
    } as MeasuredRow;
    return { row, scenario, compiled } as unknown as PlannedRow;
  });

  it("bandwidth 0.82 (dense) and 0.74 (quantized mat-vec), compute 0.61, vector share 0.12, 9 µs per op", () => {
    // The decode rows include both dense (fp16) and quantized (q4_0, q4_k_m) weights, so both fractions are determined.
    const f = fitParams(rows);
    expect(f.fitted).toEqual(["bandwidth", "bandwidthQuant", "compute", "vectorShare", "perOpOverheadS"]);
    expect(f.bandwidth).toBeCloseTo(0.82, 3);
    expect(f.bandwidthQuant).toBeCloseTo(0.74, 3);
    expect(f.compute).toBeCloseTo(0.61, 3);
    expect(f.vectorShare).toBeCloseTo(0.12, 3);
    expect(f.perOpOverheadS * 1e6).toBeCloseTo(9, 1);
    expect(f.meanAbsLogError).toBeLessThan(1e-8);
    expect(meanAbsLogError(rows, truth)).toBeLessThan(1e-12);
  });
  it("fits only what the rows determine: no prefill row, no compute; few rows, no overhead; one weight kind, one bandwidth", () => {
    const decodeOnly = rows
      .filter((r) => r.scenario!.kind === "decode" && r.compiled!.terms.some((t) => t.kernel === "matvec_q"))
      .slice(0, 3);
    const f = fitParams(decodeOnly);
    expect(f.fitted).toEqual(["bandwidth"]);
    expect(f.bandwidthQuant).toBe(f.bandwidth);
    expect(f.compute).toBe(0.55);
    expect(f.perOpOverheadS).toBe(0);
    expect(f.vectorShare).toBe(0);
    expect(f.bandwidth).toBeGreaterThan(0);
    expect(f.bandwidth).toBeLessThan(1);
  });
  it("prefill on devices of one tensor-to-vector ratio cannot tell the vector share from the compute fraction: not fitted", () => {
    const apple = rows.filter((r) => r.compiled!.matmulVectorRatio <= 1.01);
    expect(apple.some((r) => r.scenario!.kind === "prefill")).toBe(true);
    expect(fitParams(apple).fitted).not.toContain("vectorShare");
  });
  it("no rows: the defaults", () => {
    expect(fitParams([])).toMatchObject({
      bandwidth: 0.7,
      bandwidthQuant: 0.7,
      compute: 0.55,
      vectorShare: 0,
      perOpOverheadS: 0,
      fitted: [],
    });
  });
});

describe("partial pooling (fitParams with a prior)", () => {
  const truth: EfficiencyParams = {
    bandwidth: 0.8,
    bandwidthQuant: 0.8,
    compute: 0.5,
    vectorShare: 0.1,
    perOpOverheadS: 5e-6,
    perPassOverheadS: 0,
  };
  const pool: EfficiencyParams = {
    bandwidth: 0.6,
    bandwidthQuant: 0.6,
    compute: 0.3,
    vectorShare: 0.2,
    perOpOverheadS: 5e-6,
    perPassOverheadS: 0,
  };
  const eff = efficiencyOf(truth, "truth");
  const row = (dev: string, scenario: Scenario, i: number): PlannedRow => {
    const compiled = compileRun(findModel("llama-2-7b"), findDevice(dev), "q4_0", scenario);
    const tps = compiled.tokens / estimateS(compiled, eff);
    return { row: { row: i, tokensPerS: tps } as MeasuredRow, scenario, compiled } as unknown as PlannedRow;
  };
  const decode: Scenario = { kind: "decode", steps: 16, startKeys: 0, attention: "naive" };
  const rows = [row("amd-radeon-rx-7900-xtx", decode, 1), row("amd-instinct-mi100", decode, 2)];

  it("what the rows do not determine keeps the pool's value (not Ridgeline's defaults)", () => {
    const f = fitParams(rows, { params: pool, strength: 4, meanAbsLogError: 0.01 });
    expect(f.fitted).toEqual(["bandwidth"]);
    expect(f).toMatchObject({ compute: 0.3, vectorShare: 0.2, perOpOverheadS: 5e-6 });
  });
  it("a weak prior follows the data, a strong one stays at the pool, and between the two the fit lies between", () => {
    const fit = (strength: number) =>
      fitParams(rows, { params: pool, strength, meanAbsLogError: 0.01 }).bandwidth;
    // Decode rows determine the bandwidth fraction only; everything else is the truth's, so the data alone say 0.8.
    expect(fit(1e-6)).toBeCloseTo(0.8, 3);
    // The absolute-error data term has a kink at the data's value (slope about 1 − 0.8 = 0.2 per logit unit):
    // a prior whose pull there, strength · 0.01 · Δz with Δz = logit 0.8 − logit 0.6 ≈ 0.98, is weaker keeps it.
    expect(fit(4)).toBeCloseTo(0.8, 3);
    expect(fit(1e6)).toBeCloseTo(0.6, 2);
    const middle = fit(100);
    expect(middle).toBeGreaterThan(0.62);
    expect(middle).toBeLessThan(0.79);
  });
});
