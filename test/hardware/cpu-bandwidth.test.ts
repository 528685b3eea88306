/**
 * The bandwidth a SoC's CPU cores can reach (`cpuBandwidthGBps`): a CPU unit's ops stream at it,
 * in bound and estimate; GPUs of the same SoC keep the unified memory's total. Worked by hand
 * from the entries: M2 Max CPU 243 GB/s (the M1 Max's measured CPU figure, AnandTech), SoC 400 GB/s.
 */
import { describe, expect, it } from "vitest";
import { findDevice } from "../../src/core/catalog/lookup.js";
import { withStated } from "../../src/core/cluster/system.js";
import { uniformEfficiency } from "../../src/core/efficiency/defaults.js";
import { DeviceSpec } from "../../src/core/hardware/schema.js";
import { makeOp } from "../../src/core/ops/types.js";
import { deviceRoofs, unitBandwidthGBps } from "../../src/core/roofline/device-roofs.js";
import { evaluateOp } from "../../src/core/roofline/evaluate.js";

// A pure stream: 243 MB of weights, no arithmetic.
const stream = makeOp({
  name: "x",
  kind: "ffn_up",
  kernel: "matvec",
  group: "ffn",
  shape: "",
  flops: 0,
  bytes: { weights: 243e6, activations: 0, kvRead: 0, kvWrite: 0 },
  precision: "fp32",
} as never);
const eff = { ...uniformEfficiency(0.5, 0.5, "test"), vectorShare: 0, perOpOverheadS: 0 };

describe("CPU-reachable bandwidth", () => {
  it("the M2 Max CPU streams at 243 GB/s, its GPU at the SoC's 400 GB/s", () => {
    expect(deviceRoofs(findDevice("apple-m2-max-cpu")).bandwidth).toBe(243e9);
    expect(deviceRoofs(findDevice("apple-m2-max-gpu-38c")).bandwidth).toBe(400e9);
    // A CPU without the field: its memory's figure.
    const zen4 = findDevice("amd-ryzen-9-7950x");
    expect(unitBandwidthGBps(zen4)).toBe(zen4.bandwidthGBps.value);
  });
  it("bound and estimate of a stream: 243 MB / 243 GB/s = 1 ms (not 0.6075 ms at 400 GB/s); at fraction 0.5, 2 ms", () => {
    const r = evaluateOp(stream, deviceRoofs(findDevice("apple-m2-max-cpu")), eff);
    expect(r.timeBoundS).toBeCloseTo(1e-3, 12);
    expect(r.timeEstimateS).toBeCloseTo(2e-3, 12);
  });
  it("slower memory stated by a system caps it (min of the two)", () => {
    expect(unitBandwidthGBps(withStated(findDevice("apple-m2-max-cpu"), { bandwidthGBps: 200 }))).toBe(200);
  });
  it("the catalog refuses it on a GPU and above the memory's figure", () => {
    const gpu = findDevice("apple-m2-max-gpu-38c");
    const cpuBandwidthGBps = { value: 243, source: Object.keys(gpu.sources)[0]! };
    expect(DeviceSpec.safeParse({ ...gpu, cpuBandwidthGBps }).success).toBe(false);
    const cpu = findDevice("apple-m2-max-cpu");
    expect(
      DeviceSpec.safeParse({ ...cpu, cpuBandwidthGBps: { ...cpuBandwidthGBps, value: 500 } }).success,
    ).toBe(false);
    expect(DeviceSpec.safeParse(cpu).success).toBe(true);
  });
});
