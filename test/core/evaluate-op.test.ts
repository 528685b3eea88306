import { describe, expect, it } from "vitest";
import { type Efficiency, uniformEfficiency } from "../../src/core/efficiency/defaults.js";
import type { DeviceSpec } from "../../src/core/hardware/schema.js";
import { makeOp } from "../../src/core/ops/types.js";
import { deviceRoofs } from "../../src/core/roofline/device-roofs.js";
import { evaluateOp } from "../../src/core/roofline/evaluate.js";

// A made-up GPU: tensor fp16 100 TFLOP/s, vector fp32 10 TFLOP/s, 1000 GB/s.
const src = { value: 0, source: "t" };
const device = {
  id: "test-gpu",
  name: "Test GPU",
  vendor: "Test",
  unit: "gpu",
  class: "nvidia-gpu",
  peakTflops: { fp16: { ...src, value: 100 }, fp32: { ...src, value: 10 } },
  bandwidthGBps: { ...src, value: 1000 },
  sources: { t: { title: "test", kind: "measured" } },
} as unknown as DeviceSpec;
const roofs = deviceRoofs(device);
const eff: Efficiency = { ...uniformEfficiency(0.8, 0.5, "test"), vectorShare: 0.2, perOpOverheadS: 1e-6 };

const op = (kernel: "matmul" | "matvec", flops: number, bytes: number) =>
  makeOp({
    name: "x",
    kind: "ffn_up",
    kernel,
    group: "ffn",
    shape: "",
    flops,
    bytes: { weights: bytes, activations: 0, kvRead: 0, kvWrite: 0 },
    precision: "fp16",
  } as never);

describe("evaluateOp: bound and estimate, worked by hand", () => {
  it("a compute-bound matmul pays the vector-unit share on top of the tensor time", () => {
    // 1e12 FLOP, 1e9 B. Bound: max(1e12/100e12, 1e9/1e12) = max(10 ms, 1 ms) = 10 ms.
    // Estimate: tensor 1e12/(100e12·0.5) = 20 ms, vector 0.2·1e12/10e12 = 20 ms → 40 ms;
    // memory 1e9/(1e12·0.8) = 1.25 ms; max = 40 ms, plus 1 µs per op.
    const r = evaluateOp(op("matmul", 1e12, 1e9), roofs, eff);
    expect(r.timeBoundS).toBeCloseTo(0.01, 12);
    expect(r.timeEstimateS).toBeCloseTo(0.04 + 1e-6, 12);
    expect(r.bound).toBe("compute");
  });
  it("a mat-vec (no matrix units) does not: memory-bound at the bandwidth fraction", () => {
    // 2e9 FLOP, 1e9 B: bound max(20 µs, 1 ms) = 1 ms; estimate 1e9/(0.8e12) = 1.25 ms + 1 µs.
    const r = evaluateOp(op("matvec", 2e9, 1e9), roofs, eff);
    expect(r.timeBoundS).toBeCloseTo(0.001, 12);
    expect(r.timeEstimateS).toBeCloseTo(0.00125 + 1e-6, 12);
  });
  it("vector share 0 is the plain roofline with fractions", () => {
    const r = evaluateOp(op("matmul", 1e12, 1e9), roofs, { ...eff, vectorShare: 0 });
    expect(r.timeEstimateS).toBeCloseTo(0.02 + 1e-6, 12);
  });
});
