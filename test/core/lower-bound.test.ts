/**
 * A device without a compute peak usable for the arithmetic (not even by fallback) must never get a
 * memory-only "estimate": the pass is marked a lower bound in JSON (`lowerBound: true`) and every
 * time in the text is printed with "≥" (tokens/s with "≤"), naming the missing peak; the warning
 * names the device.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EFFICIENCY } from "../../src/core/efficiency/defaults.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { BUILTIN_DEVICES } from "../../src/core/hardware/devices/index.js";
import type { DeviceSpec } from "../../src/core/hardware/schema.js";
import { AnalysisSchema } from "../../src/core/predict/analysis-types.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { analysisText } from "../../src/core/report/analysis-text.js";
import { DEVICE_100GBPS, LLAMA2_7B } from "../helpers/fixtures.js";
import { assertBuilt, runCli } from "../helpers/run-cli.js";

const INT8_ONLY: DeviceSpec = {
  ...DEVICE_100GBPS,
  id: "int8-only-npu",
  name: "INT8-only NPU",
  unit: "npu",
  class: "npu",
  peakTflops: { int8: { value: 40, source: "s" } },
};
const run = (device: DeviceSpec) =>
  analyze({
    model: LLAMA2_7B,
    device,
    workload: resolveWorkload({ phase: "both", promptTokens: 2048, contextTokens: 2048 }),
    efficiency: DEFAULT_EFFICIENCY,
  });

describe("prefill on a device lacking the needed peak", () => {
  it("marks both passes as lower bounds in the analysis (and the schema accepts it)", () => {
    const a = run(INT8_ONLY);
    expect(a.prefill?.lowerBound).toBe(true);
    expect(a.decode?.lowerBound).toBe(true);
    expect(AnalysisSchema.safeParse(a).success).toBe(true);
    const w = a.diagnostics.find((d) => d.code === "device.peak-missing");
    expect(w?.message).toMatch(
      /^int8-only-npu lists no compute peak usable for fp16 arithmetic.*lower bounds/,
    );
  });

  it("prints every affected time with ≥ and every rate with ≤, and says it is not an estimate", () => {
    const t = analysisText(run(INT8_ONLY));
    expect(t).toMatch(
      /Time to first token: bound ≥ [\d.]+ \S+, estimate ≥ [\d.]+ \S+ {2}\(≤ [\d.]+ prompt tokens\/s estimated, ≤ [\d.]+ at the bound\)/,
    );
    expect(t).toMatch(/Per-token latency: bound ≥ .*estimate ≥ /);
    expect(t).toMatch(/LOWER BOUND: the device lists no compute peak for fp16 arithmetic/);
    expect(t).toMatch(/= model \(32 layers \+ head\).*≥ [\d.]+ \S+ +≥ [\d.]+ \S+$/m);
  });

  it("a device with the peak is not marked", () => {
    const a = run(DEVICE_100GBPS);
    expect(a.prefill?.lowerBound).toBeUndefined();
    expect(a.decode?.lowerBound).toBeUndefined();
    expect(analysisText(a)).not.toMatch(/≥|LOWER BOUND/);
  });

  it("every catalog device either has an fp16-or-fp32 peak or is an NPU whose prefill is marked", () => {
    for (const d of BUILTIN_DEVICES) {
      const a = run(d);
      const has = d.peakTflops.fp16 !== undefined || d.peakTflops.fp32 !== undefined;
      expect(a.prefill?.lowerBound === true, d.id).toBe(!has);
      if (!has) expect(d.unit, d.id).toBe("npu");
    }
  });
});

describe("ridgeline analyze on such a device (CLI)", () => {
  beforeAll(assertBuilt);
  it("--json carries prefill.lowerBound and the text prints ≥", async () => {
    const j = await runCli(["analyze", "--model", "llama-2-7b", "--device", "apple-m4-npu", "--json"]);
    expect(j.code, j.stderr).toBe(0);
    const a = JSON.parse(j.stdout) as { prefill: { lowerBound?: boolean } };
    expect(a.prefill.lowerBound).toBe(true);
    const t = await runCli(["analyze", "--model", "llama-2-7b", "--device", "apple-m4-npu"]);
    expect(t.stdout).toMatch(/Time to first token: bound ≥/);
    expect(t.stdout).toMatch(/WARNING: apple-m4-npu lists no compute peak usable for fp16/);
  }, 30_000);
});
