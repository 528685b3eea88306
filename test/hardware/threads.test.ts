/**
 * A CPU at a thread count (src/core/hardware/threads.ts): per-core derived peaks re-derived,
 * performance cores filled first on hybrid CPUs. Expected values from the catalog entries'
 * own derivation inputs, worked by hand.
 */
import { describe, expect, it } from "vitest";
import { findDevice } from "../../src/core/catalog/lookup.js";
import { deviceAtThreads } from "../../src/core/hardware/threads.js";

describe("deviceAtThreads", () => {
  it("a uniform CPU: cores = threads (Ryzen 9 7950X, 2 threads: 2 × 5.7 GHz × 32 = 0.3648 TFLOPS fp32)", () => {
    const d = deviceAtThreads(findDevice("amd-ryzen-9-7950x"), 2);
    expect(d.peakTflops.fp32!.value).toBeCloseTo((2 * 5.7 * 32) / 1000, 9);
    expect(d.bandwidthGBps.value).toBe(findDevice("amd-ryzen-9-7950x").bandwidthGBps.value);
  });
  it("performance cores first (M2 Max, 8P + 4E): 4 threads are 4 P-cores, 10 threads 8 P + 2 E", () => {
    const m2 = findDevice("apple-m2-max-cpu");
    expect(deviceAtThreads(m2, 4).peakTflops.int8!.value).toBeCloseTo((4 * 3.49 * 128) / 1000, 9);
    expect(deviceAtThreads(m2, 10).peakTflops.int8!.value).toBeCloseTo(
      (8 * 3.49 * 128 + 2 * 2.424 * 64) / 1000,
      9,
    );
  });
});
