/**
 * Memory-aware advice (issue 18): a change after which the model does not fit is listed as
 * such and never ranked; with a baseline that does not fit, the changes that make it fit
 * come first; no 2:4 sparsity for 4-bit weights. And fitLimits: the largest context and
 * batch and the best precision that fit, judged as `ridgeline fit` judges memory.
 */
import { describe, expect, it } from "vitest";
import {
  advise,
  DEFAULT_STORAGE_GBPS,
  findDevice,
  findModel,
  fitLimits,
  fitRow,
  formatDuration,
  resolveWorkload,
} from "../../src/core/index.js";

describe("advise: memory first", () => {
  it("Llama 2 70B on a 16 GiB Jetson: only changes that make it fit are ranked, the rest say what they need", () => {
    const a = advise({
      model: findModel("llama-2-70b"),
      device: findDevice("nvidia-jetson-orin-nx-16gb"),
      workload: resolveWorkload({}),
      generate: 256,
    });
    expect(a.baseline.fits).toBe(false);
    for (const r of a.recommendations) expect(r.after.fits).toBe(true);
    expect(a.doesNotFit.length).toBeGreaterThan(0);
    for (const r of a.doesNotFit) expect(r.after.fits).toBe(false);
    // closest to fitting first
    const mem = a.doesNotFit.map((r) => r.after.memoryBytes);
    expect(mem).toEqual([...mem].sort((x, y) => x - y));
  });

  it("a model that fits: a change that does not fit is never a recommendation", () => {
    const a = advise({
      model: findModel("llama-3-8b"),
      device: findDevice("nvidia-jetson-orin-nx-16gb"),
      workload: resolveWorkload({ weights: "q4_k_m" }),
      generate: 256,
    });
    expect(a.baseline.fits).toBe(true);
    expect(a.recommendations.every((r) => r.after.fits !== false)).toBe(true);
    expect(a.doesNotFit.every((r) => r.after.fits === false && r.gain > 1)).toBe(true);
  });

  it("Llama 2 7B fp16 on an 8 GiB Orin Nano: a change that makes it fit ranks first", () => {
    const a = advise({
      model: findModel("llama-2-7b"),
      device: findDevice("nvidia-jetson-orin-nano-8gb"),
      workload: resolveWorkload({}),
      generate: 256,
    });
    expect(a.baseline.fits).toBe(false);
    expect(a.recommendations.length).toBeGreaterThan(0);
    expect(a.recommendations[0]!.after.fits).toBe(true);
  });

  it("no 2:4 sparsity advice for 4-bit weights, even on a GPU with sparse tensor cores", () => {
    const device = findDevice("nvidia-rtx-4090");
    expect(device.features).toContain("sparse-2:4");
    const model = findModel("llama-2-7b");
    const q4 = advise({ model, device, workload: resolveWorkload({ weights: "q4_k_m" }), generate: 256 });
    expect([...q4.recommendations, ...q4.doesNotFit].some((r) => r.code === "sparsity-2-4")).toBe(false);
    expect(q4.notApplicable.find((n) => n.code === "sparsity-2-4")?.reason).toMatch(/not sparse-ready/);
    const fp16 = advise({ model, device, workload: resolveWorkload({}), generate: 256 });
    expect(
      [...fp16.recommendations, ...fp16.doesNotFit, ...fp16.notApplicable].some(
        (r) => r.code === "sparsity-2-4",
      ),
    ).toBe(true);
    expect(fp16.notApplicable.find((n) => n.code === "sparsity-2-4")?.reason ?? "").not.toMatch(
      /not sparse-ready/,
    );
  });
});

describe("fitLimits", () => {
  const model = findModel("llama-2-7b");
  const device = findDevice("nvidia-jetson-orin-nx-16gb");
  const wl = resolveWorkload({ promptTokens: 4096 });
  const f = fitLimits({ model, device, workload: wl });
  const fits = (ctx: number, batch: number, p = "fp16") =>
    fitRow(model, device, { ...wl, contextTokens: ctx }, p, batch, {}, DEFAULT_STORAGE_GBPS).fits;

  it("the largest context and batch are the edge of fitRow's verdict", () => {
    expect(f.maxContext).not.toBeNull();
    expect(fits(f.maxContext!, 1)).toBe(true);
    expect(fits(f.maxContext! + 1, 1)).toBe(false);
    expect(f.maxBatch).not.toBeNull();
    expect(fits(4096, f.maxBatch!)).toBe(true);
    expect(fits(4096, f.maxBatch! + 1)).toBe(false);
    expect(f.modelMaxContext).toBe(model.maxContext);
  });

  it("the best precision is the first of ridgeline fit's list that fits", () => {
    expect(f.precisions.map((p) => p.precision)).toEqual(["fp16", "q8_0", "q4_k_m", "int4", "q2_k"]);
    for (const p of f.precisions) expect(p.fits).toBe(fits(4096, 1, p.precision));
    expect(f.bestPrecision).toBe(f.precisions.find((p) => p.fits)!.precision);
  });

  it("nothing fits: nulls, not zeros", () => {
    const big = fitLimits({
      model: findModel("llama-2-70b"),
      device: findDevice("nvidia-jetson-orin-nano-8gb"),
      workload: resolveWorkload({}),
      precisions: ["fp16"],
    });
    expect(big.maxContext).toBeNull();
    expect(big.maxBatch).toBeNull();
    expect(big.bestPrecision).toBeNull();
  });
});

describe("formatDuration", () => {
  it("rolls long times into min / h / days / years, three significant figures", () => {
    expect(formatDuration(0.0123)).toBe("12.3 ms");
    expect(formatDuration(12.34)).toBe("12.3 s");
    expect(formatDuration(465)).toBe("7.75 min");
    expect(formatDuration(7200)).toBe("2.00 h");
    expect(formatDuration(46_487_957)).toBe("1.47 years");
    expect(formatDuration(3 * 86_400)).toBe("3.00 days");
    expect(formatDuration(3 * 86_400, { min: "分钟", h: "小时", days: "天", years: "年" })).toBe("3.00 天");
    expect(formatDuration(Infinity)).toBe("∞");
  });
});
