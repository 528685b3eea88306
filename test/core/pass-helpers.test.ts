/** The pass helpers the CLI's advisor and the web app share (by-kind sums, layer count, plottable ops), file-name ids, and measureThisDevice. */
import { describe, expect, it } from "vitest";
import {
  advise,
  analyze,
  byKind,
  findDevice,
  findModel,
  type GpuLike,
  ID_PATTERN,
  isPlottableOp,
  layerCount,
  measureThisDevice,
  modelIdFromFileName,
  resolveWorkload,
} from "../../src/core/index.js";

const a = analyze({
  model: findModel("llama-2-7b"),
  device: findDevice("apple-m2-gpu"),
  workload: resolveWorkload({}),
});

describe("pass helpers", () => {
  it("counts the layers of every variant", () => {
    expect(layerCount(a.decode!)).toBe(32);
  });

  it("sums a pass by op kind, lm_head with the GEMMs, to the pass's totals", () => {
    for (const p of [a.prefill!, a.decode!]) {
      const kinds = byKind(p);
      expect(new Set(kinds.map((k) => k.kind)).size).toBe(kinds.length);
      const gemm = kinds.find((k) => k.kind === "gemm")!;
      const lmHead = p.modelOps.find((o) => o.name === "lm_head")!;
      const layerGemm = p.layerOps.filter((o) => o.kind === "gemm").reduce((s, o) => s + o.flops, 0);
      expect(gemm.flops).toBeCloseTo(layerGemm * 32 + lmHead.flops, -3);
      const time = kinds.reduce((s, k) => s + k.timeEstimateS, 0);
      expect(time / p.totals.timeEstimateS).toBeCloseTo(1, 9);
      expect(kinds.reduce((s, k) => s + k.flops, 0) / p.totals.flops).toBeCloseTo(1, 9);
    }
  });

  it("keys the advisor's op classes by the same rule", () => {
    const adv = advise({
      model: findModel("llama-2-7b"),
      device: findDevice("apple-m2-gpu"),
      workload: resolveWorkload({}),
      generate: 16,
    });
    const decode = adv.opClasses.filter((o) => o.phase === "decode").map((o) => o.kind);
    expect(decode).toEqual(byKind(a.decode!).map((k) => k.kind));
    expect(decode).not.toContain("lm_head");
  });

  it("plots ops with arithmetic, a positive intensity and time", () => {
    expect(isPlottableOp({ flops: 10, intensity: 2, timeEstimateS: 1e-6 })).toBe(true);
    expect(isPlottableOp({ flops: 0, intensity: 0, timeEstimateS: 1e-6 })).toBe(false);
    expect(isPlottableOp({ flops: 10, intensity: null, timeEstimateS: 1e-6 })).toBe(false);
    expect(isPlottableOp({ flops: 10, intensity: 2, timeEstimateS: 0 })).toBe(false);
  });
});

describe("ids", () => {
  it("names a file's model as the CLI and the page do", () => {
    expect(modelIdFromFileName("Meta-Llama-3-8B-Instruct.Q4_K_M.gguf")).toBe(
      "meta-llama-3-8b-instruct.q4-k-m",
    );
    expect(modelIdFromFileName("/models/config.json")).toBe("config");
    expect(modelIdFromFileName("__.json")).toBe("custom");
    for (const n of ["A B.gguf", "_x.json", "ok.v2.json"])
      expect(ID_PATTERN.test(modelIdFromFileName(n))).toBe(true);
    expect(ID_PATTERN.test("Not An Id")).toBe(false);
  });
});

describe("measureThisDevice", () => {
  const host = { cpuModel: "test CPU", vendor: "unknown", logicalCpus: 1, isa: [], runtime: "test" };
  const cpu = { sizes: [16384, 65536], sampleMs: 2, samples: 2, warmMs: 5 };

  it("measures the CPU, adds the caller's warnings, and skips an absent GPU", async () => {
    const m = await measureThisDevice({
      now: () => performance.now(),
      host,
      cpu,
      date: "2026-01-02",
      warnings: ["a caller's warning"],
      cpuProfile: () => ({ id: "t-cpu" }),
    });
    expect(m.cpu.warnings).toContain("a caller's warning");
    expect(m.cpuProfile.id).toBe("t-cpu");
    expect(m.profiles).toEqual([m.cpuProfile]);
    expect(m.gpu).toEqual({ kind: "absent" });
  }, 30_000);

  it("reports a GPU that cannot be measured, with no GPU profile", async () => {
    const gpu: GpuLike = { requestAdapter: async () => null };
    const m = await measureThisDevice({ now: () => performance.now(), host, cpu, gpu });
    expect(m.gpu.kind).toBe("measured");
    expect(m.profiles).toHaveLength(1);
  }, 30_000);
});
