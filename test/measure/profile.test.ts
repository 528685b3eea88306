import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { DeviceSpec } from "../../src/core/hardware/schema.js";
import { type CpuMeasurement, measureCpu } from "../../src/core/measure/cpu.js";
import { cpuProfile, type HostInfo } from "../../src/core/measure/profile.js";
import { asciiRoofline, measureSummaryText } from "../../src/core/measure/summary.js";
import { KiB } from "../../src/core/units/quantities.js";

const host: HostInfo = {
  cpuModel: "Test CPU 9000",
  vendor: "Test",
  logicalCpus: 2,
  memoryBytes: 8 * 2 ** 30,
  isa: ["avx2", "fma", "avx512f"],
  runtime: `Node ${process.version}`,
};

/** A tiny in-process measurement (no workers): a few working sets, 2 ms samples. */
async function tiny(): Promise<CpuMeasurement> {
  return measureCpu({
    now: () => performance.now(),
    sizes: [16 * KiB, 64 * KiB, 256 * KiB, 1024 * KiB],
    caches: [
      { level: 1, bytes: 32 * KiB, sharedBy: 1 },
      { level: 2, bytes: 512 * KiB, sharedBy: 1 },
    ],
    sampleMs: 2,
    samples: 2,
    warmMs: 5,
  });
}

describe("a tiny measurement as a device profile", () => {
  it("measures, and its profile parses as a DeviceSpec with every number measured", async () => {
    const progress: number[] = [];
    const m = await measureCpu({
      now: () => performance.now(),
      sizes: [16 * KiB, 128 * KiB],
      sampleMs: 2,
      samples: 2,
      warmMs: 5,
      onProgress: (p) => progress.push(p.done / p.total),
    });
    expect(m.threads).toBe(1);
    expect(m.llcAssumed).toBe(true);
    expect(m.warnings.join(" ")).toMatch(/assuming a 32 MiB last-level cache/);
    expect(m.sweeps.map((s) => `${s.kernel}${s.threads}`)).toEqual(["read1", "triad1"]);
    for (const s of m.sweeps) for (const p of s.points) expect(p.stats.best).toBeGreaterThan(0);
    expect(m.compute.fp32.one.best).toBeGreaterThan(0);
    expect(m.compute.int8.one.best).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeLessThanOrEqual(1);

    const spec = cpuProfile(m, host, { date: "2025-01-02" });
    const r = DeviceSpec.safeParse(JSON.parse(JSON.stringify(spec)));
    expect(r.success, r.success ? "" : JSON.stringify(r.error.issues)).toBe(true);
    expect(spec.unit).toBe("cpu");
    expect(spec.class).toBe("cpu");
    expect(spec.id).toBe("measured-test-cpu-9000");
    for (const v of [spec.bandwidthGBps, spec.memoryGiB]) {
      expect(v).toBeDefined();
      expect(spec.sources[v!.source]!.kind).toBe("measured");
    }
    // The compute peaks are the native ones the ISA allows (derived), the portable ones beside them.
    for (const v of [spec.peakTflops.fp32!, spec.peakTflops.int8!]) {
      expect(spec.sources[v.source]!.kind).toBe("derived");
      expect(v.derivation?.formula).toBe("cores * clockGHz * opsPerCycle / 1000");
      const alt = v.alternatives![0]!;
      expect(spec.sources[alt.source]!.kind).toBe("measured");
      expect(alt.note).toMatch(/portable 128-bit SIMD peak, not the silicon's/);
      expect(alt.note).toMatch(/avx2 fma avx512f/);
      expect(alt.note).toMatch(/median .* spread/);
      // A native peak is never below what the portable kernels reached.
      expect(v.value).toBeGreaterThanOrEqual(alt.value);
    }
    expect(spec.sources["ridgeline-measure"]!.retrieved).toBe("2025-01-02");
    expect(spec.notes).toMatch(/FP64/);
    // A sweep that stops in the caches says so instead of passing a cache off as DRAM.
    expect(spec.bandwidthGBps.note).toMatch(/NO DRAM PLATEAU/);
  });

  it("prints a one-screen summary with ridge points and an ASCII roofline", async () => {
    const m = await tiny();
    const text = measureSummaryText(m, host);
    expect(text).toMatch(/portable 128-bit SIMD peak, not the silicon's \(CPU has avx2 fma avx512f\)/);
    expect(text).toMatch(/Ridge points/);
    expect(text).toMatch(/FLOP\/byte/);
    expect(text.split("\n").length).toBeLessThan(50);
    expect(m.levels.crossCheck.map((c) => c.label)).toEqual(["L1", "L2"]);
  });

  it("draws a roofline: the compute roof flat, the memory roof sloped", () => {
    const lines = asciiRoofline(100, [{ mark: "D", label: "DRAM", gbps: 10 }], 40, 9);
    expect(lines.some((l) => l.includes("="))).toBe(true);
    expect(lines.some((l) => l.includes("D"))).toBe(true);
    // The top plotted row holds the compute roof, right of the ridge point (10 FLOP/byte).
    const top = lines.find((l) => l.includes("="))!;
    expect(top.indexOf("=")).toBeGreaterThan(top.indexOf("|") + 20);
  });
});
