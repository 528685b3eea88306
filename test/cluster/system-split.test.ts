/** A split read off a system description: units, memory, per-hop routes. */
import { describe, expect, it } from "vitest";
import {
  analyzeSplit,
  findLink,
  findModel,
  InputError,
  readSystem,
  resolveWorkload,
  routeLink,
  splitPlanOf,
  transferSeconds,
} from "../../src/core/index.js";

const system = readSystem({
  units: [
    { id: "host", kind: "host", device: "amd-ryzen-9-7950x", memoryGiB: 64 },
    { id: "gpu0", kind: "gpu", device: "nvidia-rtx-3090" },
    { id: "gpu1", kind: "gpu", device: "nvidia-rtx-3090", memoryGiB: 12 },
    { id: "mac", kind: "host", device: "apple-m3-ultra-gpu-80c" },
    { id: "island", kind: "host", device: "apple-m3-ultra-gpu-80c" },
  ],
  links: [
    { between: ["host", "gpu0"], link: "pcie4x16" },
    { between: ["host", "gpu1"], link: "pcie4x8" },
    { between: ["host", "mac"], link: "eth10g" },
  ],
});
const model = findModel("llama-3-8b");
const workload = resolveWorkload({ promptTokens: 512, contextTokens: 512, weights: "q4_k_m" });

describe("splitPlanOf", () => {
  it("takes the GPUs by default, with the system's memory where it states one", () => {
    const p = splitPlanOf(system);
    expect(p.unitIds).toEqual(["gpu0", "gpu1"]);
    expect(p.capacitiesBytes).toEqual([24 * 2 ** 30, 12 * 2 ** 30]);
  });

  it("GPUs without a direct link go through the host: lowest bandwidth, latencies added", () => {
    const p = splitPlanOf(system);
    const [a, b] = [findLink("pcie4x16"), findLink("pcie4x8")];
    expect(p.boundaryLinks[0]!.bandwidthGBps.value).toBe(b.bandwidthGBps.value);
    expect(p.boundaryLinks[0]!.latencyUs.value).toBe(a.latencyUs.value + b.latencyUs.value);
    expect(routeLink([a])).toBe(a);
  });

  it("per-hop links drive the pipeline: the slow hop costs what its link costs", () => {
    const p = splitPlanOf(system, ["gpu0", "gpu1", "mac"]);
    const s = analyzeSplit({
      model,
      units: p.units,
      link: p.link,
      boundaryLinks: p.boundaryLinks,
      capacitiesBytes: p.capacitiesBytes,
      unitNames: p.unitIds,
      split: "layer",
      workload,
      proportions: [1, 1, 2],
    });
    const stream = model.hiddenSize * 4;
    const byHand = p.boundaryLinks.reduce((a, l) => a + transferSeconds(l, stream), 0);
    expect(s.decode!.linkS).toBeCloseTo(byHand, 12);
    expect(s.hops.map((h) => h.name)).toEqual(p.boundaryLinks.map((l) => l.name));
    expect(s.units.map((u) => u.name)).toEqual(["gpu0", "gpu1", "mac"]);
    expect(s.units[1]!.memory.capacityBytes).toBe(12 * 2 ** 30);
    // The slowest link of the ring names the split.
    expect(p.link.name).toMatch(/10 GbE/);
  });

  it("units with no path between them, or unknown ids, are input errors naming the field", () => {
    expect(() => splitPlanOf(system, ["gpu0", "island"])).toThrow(InputError);
    expect(() => splitPlanOf(system, ["gpu0", "island"])).toThrow(/--system.*no link/);
    expect(() => splitPlanOf(system, ["gpu0", "nope"])).toThrow(/--units.*nope/);
  });

  it("a system without GPUs splits over its hosts; units sharing one memory copy at memory speed", () => {
    const soc = readSystem({
      units: [
        { id: "cpu", kind: "host", device: "apple-m3-ultra-cpu-32c" },
        { id: "gpu", kind: "host", device: "apple-m3-ultra-gpu-80c" },
      ],
      links: [{ between: ["cpu", "gpu"], link: "unified" }],
    });
    const p = splitPlanOf(soc);
    expect(p.unitIds).toEqual(["cpu", "gpu"]);
    expect(p.boundaryLinks[0]!.latencyUs.value).toBe(0);
  });
});
