import { describe, expect, it } from "vitest";
import { efficiencyForClass, efficiencyForDevice } from "../../src/core/efficiency/calibrated.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import type { DeviceSpec } from "../../src/core/hardware/schema.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { DEVICE_100GBPS, LLAMA2_7B } from "../helpers/fixtures.js";

// A profile as `ridgeline measure` writes it: the bandwidth's source is of kind "measured".
const MEASURED: DeviceSpec = {
  ...DEVICE_100GBPS,
  id: "measured-test",
  // An x86 profile (F16 weights are converted to fp32; an Arm CPU with fp16 would run them in fp16).
  vendor: "AMD",
  class: "cpu",
  unit: "cpu",
  bandwidthGBps: { value: 100, source: "m" },
  sources: { ...DEVICE_100GBPS.sources, m: { title: "ridgeline measure", kind: "measured" } },
};

describe("a measured bandwidth is achievable as it is", () => {
  it("the default efficiency keeps the class's compute and overheads but a bandwidth fraction of 1", () => {
    const e = efficiencyForDevice(MEASURED);
    const cls = efficiencyForClass("cpu");
    for (const f of Object.values(e.bandwidth)) expect(f).toBe(1);
    expect(e.compute).toEqual(cls.compute);
    expect(e.perOpOverheadS).toBe(cls.perOpOverheadS);
    // A spec-sheet device of the same class keeps the class's fractions.
    expect(
      efficiencyForDevice({
        ...MEASURED,
        sources: DEVICE_100GBPS.sources,
        bandwidthGBps: DEVICE_100GBPS.bandwidthGBps,
      }),
    ).toBe(cls);
  });

  it("a decode step is then estimated at bytes / measured bandwidth plus the kernels' compute time plus the per-op overheads", () => {
    const a = analyze({
      model: LLAMA2_7B,
      device: MEASURED,
      workload: resolveWorkload({ phase: "decode", promptTokens: 2048 }),
    });
    const d = a.decode!;
    const ops = d.layerOps.length * 32 + d.modelOps.length;
    const flops = (kind: (k: string) => boolean) =>
      d.layerOps.filter((o) => kind(o.kind)).reduce((s, o) => s + o.flops, 0) * 32 +
      d.modelOps.filter((o) => kind(o.kind)).reduce((s, o) => s + o.flops, 0);
    // On a CPU compute and memory time add. FP16 weights: ggml_vec_dot_f16 issues 3 vector
    // instructions per FMA on 2× the FMA pipes, so 3.6 TFLOP/s × 2 / 3 = 2.4; the rest runs at the fp32 peak.
    const computeS =
      (flops((k) => k === "gemm") / 2.4e12 + flops((k) => k !== "gemm") / 3.6e12) /
      a.efficiency.compute.matvec;
    expect(d.latencyEstimateS).toBeCloseTo(
      d.totals.bytesTotal / 100e9 + computeS + ops * a.efficiency.perOpOverheadS,
      9,
    );
  });
});
