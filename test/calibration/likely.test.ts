/** Likely ranges: each estimate made with the built-in calibration carries its class's cross-validated spread. */
import { describe, expect, it } from "vitest";
import { CALIBRATION } from "../../src/core/efficiency/calibrated.js";
import { analyze, DEFAULT_EFFICIENCY, findDevice, findModel, resolveWorkload } from "../../src/core/index.js";
import { analysisText } from "../../src/core/report/analysis-text.js";

const wl = resolveWorkload({ weights: "q4_0", promptTokens: 512, contextTokens: 128 });
const run = (device: string, efficiency?: typeof DEFAULT_EFFICIENCY) =>
  analyze({
    model: findModel("llama-2-7b"),
    device: findDevice(device),
    workload: wl,
    ...(efficiency ? { efficiency } : {}),
  });

describe("likely ranges", () => {
  it("decode and prefill ranges are the estimate times the class's P10 and P90 of measured / estimate", () => {
    const a = run("apple-m2-max-gpu-38c");
    const r = CALIBRATION.crossValidation.likely["apple-gpu"]!;
    expect(a.decode!.likely!.low).toBeCloseTo(a.decode!.tokensPerSEstimate * r.tg128!.low, 9);
    expect(a.decode!.likely!.high).toBeCloseTo(a.decode!.tokensPerSEstimate * r.tg128!.high, 9);
    expect(a.prefill!.likely!.low).toBeCloseTo(a.prefill!.tokensPerSEstimate * r.pp512!.low, 9);
    expect(r.tg128!.low).toBeLessThan(r.tg128!.high);
    expect(r.tg128!.rows).toBeGreaterThanOrEqual(4);
    expect(a.decode!.likely!.basis).toMatch(/80% of \d+ apple-gpu tg128 measurements/);
    expect(analysisText(a)).toMatch(/tokens\/s estimated, likely [\d.]+–[\d.]+, /);
  });
  it("no range where nothing validates one, saying why", () => {
    const explicit = run("apple-m2-gpu", DEFAULT_EFFICIENCY);
    expect(explicit.decode!.likely).toEqual({
      low: null,
      high: null,
      basis: expect.stringMatching(/efficiency was given/),
    });
    const mobile = run("qualcomm-snapdragon-8-gen-3-gpu");
    expect(mobile.decode!.likely!.low).toBeNull();
    expect(mobile.decode!.likely!.basis).toMatch(/mobile-gpu has no measured rows/);
    expect(analysisText(mobile)).toMatch(/Likely range: no likely range: device class mobile-gpu/);
    expect(analysisText(mobile)).not.toMatch(/estimated, likely/);
  });
});
