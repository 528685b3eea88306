/**
 * "Make it fit" and the advisor on a host + GPU machine (issue 17): every option is a single
 * change re-analysed independently here with analyzeOffload, fits on every unit, and is the
 * extreme of its kind (one more GPU layer, one expert layer fewer on the CPU, 256 more
 * context tokens would not fit); the advisor ranks no change whose placed memory misses.
 */
import { describe, expect, it } from "vitest";
import { advise } from "../../src/core/advisor/advise.js";
import { findDevice, findModel } from "../../src/core/catalog/lookup.js";
import { systemFromFlags } from "../../src/core/cluster/system.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import type { ResolvedWorkload } from "../../src/core/graph/workload.js";
import type { ModelSpec } from "../../src/core/models/schema.js";
import { analyzeOffload } from "../../src/core/offload/analyze-offload.js";
import { type FitOption, makeItFit } from "../../src/core/offload/make-it-fit.js";
import type { PlacementInput } from "../../src/core/offload/placement.js";

const system = systemFromFlags({ gpus: ["nvidia-rtx-4090"], host: "amd-ryzen-9-7950x", ramGiB: 64 });
const qwen = findModel("qwen3-30b-a3b");
const llama3 = findModel("llama-3-8b");
const q8 = resolveWorkload({ weights: "q8_0" });
const longCtx = resolveWorkload({ weights: "q4_k_m", promptTokens: 2048, contextTokens: 131072 });

const run = (model: ModelSpec, workload: ResolvedWorkload, placement: PlacementInput = {}) =>
  analyzeOffload({ model, system, workload, placement });

/** The placement and workload an option describes, applied to the inputs. */
function applied(o: FitOption, wl: ResolvedWorkload): { p: PlacementInput; wl: ResolvedWorkload } {
  const c = o.change;
  switch (c.kind) {
    case "gpu-layers":
      return { p: { gpuLayers: c.gpuLayers }, wl };
    case "cpu-moe":
      return { p: { cpuMoeLayers: c.cpuMoeLayers }, wl };
    case "kv-on-cpu":
      return { p: { kvOn: "cpu" }, wl };
    case "kv-format":
      return { p: {}, wl: { ...wl, kv: c.kv } };
    case "context":
      return {
        p: {},
        wl: {
          ...wl,
          promptTokens: Math.min(wl.promptTokens, c.contextTokens),
          contextTokens: c.contextTokens,
        },
      };
  }
}

describe("makeItFit", () => {
  it("Qwen3-30B-A3B Q8_0 on a 24 GB GPU + 64 GiB: experts on the CPU (all, or the fewest layers) and fewer layers, fastest first", () => {
    const r = makeItFit({ model: qwen, system, workload: q8 });
    expect(r.fits).toBe(false);
    const kinds = r.options.map((o) => o.change);
    expect(kinds).toContainEqual({ kind: "cpu-moe", cpuMoeLayers: qwen.numLayers, all: true });
    const speeds = r.options.map((o) => o.tokensPerS);
    expect(speeds).toEqual([...speeds].sort((a, b) => b - a));
    for (const o of r.options) {
      const { p, wl } = applied(o, q8);
      const a = run(qwen, wl, p);
      expect(a.fits, o.flags).toBe(true);
      expect(o.tokensPerS).toBe(a.decode!.tokensPerS);
      expect(o.flags).toBe(a.placement.flags);
    }
    // --cpu-moe as the CLI gives it (every layer: 100000 clamped) is the "all" option.
    const all = r.options.find((o) => o.change.kind === "cpu-moe" && o.change.all)!;
    expect(all.tokensPerS).toBe(run(qwen, q8, { cpuMoeLayers: 100000 }).decode!.tokensPerS);
    // Extremes: one more GPU layer, or one expert layer fewer on the CPU, would not fit.
    const ngl = r.options.find((o) => o.change.kind === "gpu-layers")!.change as { gpuLayers: number };
    expect(run(qwen, q8, { gpuLayers: ngl.gpuLayers + 1 }).fits).toBe(false);
    const few = r.options.find((o) => o.change.kind === "cpu-moe" && !o.change.all)!.change as {
      cpuMoeLayers: number;
    };
    expect(run(qwen, q8, { cpuMoeLayers: few.cpuMoeLayers - 1 }).fits).toBe(false);
  });

  it("a dense model at a 128k context: a shorter context (the longest that fits), a smaller KV format, the KV on the CPU", () => {
    expect(run(llama3, longCtx).fits).toBe(false);
    const r = makeItFit({ model: llama3, system, workload: longCtx });
    const byKind = new Map(r.options.map((o) => [o.change.kind, o]));
    expect([...byKind.keys()].sort()).toEqual(["context", "gpu-layers", "kv-format", "kv-on-cpu"]);
    const ctx = (byKind.get("context")!.change as { contextTokens: number }).contextTokens;
    expect(ctx % 256).toBe(0);
    expect(run(llama3, { ...longCtx, contextTokens: ctx }).fits).toBe(true);
    expect(run(llama3, { ...longCtx, contextTokens: ctx + 256 }).fits).toBe(false);
    for (const o of r.options) {
      const { p, wl } = applied(o, longCtx);
      expect(run(llama3, wl, p).fits, o.flags).toBe(true);
    }
    const kv = r.options.filter((o) => o.change.kind === "kv-format");
    expect(kv[0]!.flags).toMatch(/-fa on -ctk q\d_0 -ctv q\d_0$/);
  });

  it("nothing to change when it fits", () => {
    expect(makeItFit({ model: llama3, system, workload: resolveWorkload({}) })).toEqual({
      fits: true,
      options: [],
    });
  });
});

describe("the advisor on a placement", () => {
  const device = findDevice("nvidia-rtx-4090");
  it("before and after are the placement's (speed and every unit's memory); nothing it ranks misses", () => {
    const placement = { cpuMoeLayers: 20 };
    const adv = advise({ model: qwen, device, workload: q8, generate: 64, offload: { system, placement } });
    const base = run(qwen, { ...q8, phase: "both", contextTokens: q8.promptTokens + 32 }, placement);
    expect(adv.baseline.fits).toBe(base.fits);
    expect(adv.baseline.tokensPerSEstimate).toBe(base.decode!.tokensPerS);
    expect(adv.baseline.memoryBytes).toBe(base.memory.units.reduce((s, u) => s + u.totalBytes, 0));
    expect(adv.recommendations.length).toBeGreaterThan(0);
    for (const r of adv.recommendations) expect(r.after.fits, r.title).not.toBe(false);
    for (const r of adv.doesNotFit) expect(r.after.fits, r.title).toBe(false);
  });

  it("a model that misses whole on the GPU: quantizing the weights makes it fit; the KV-only changes do not", () => {
    const adv = advise({
      model: qwen,
      device,
      workload: q8,
      generate: 64,
      offload: { system, placement: {} },
    });
    expect(adv.baseline.fits).toBe(false);
    expect(adv.recommendations.map((r) => r.code)).toContain("quantize-weights");
    expect(adv.doesNotFit.map((r) => r.code)).toContain("quantize-kv");
  });
});
