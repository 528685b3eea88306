import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allReduceSeconds,
  analyze,
  analyzeSplit,
  apportion,
  findDevice,
  findLink,
  findModel,
  fitSplit,
  InputError,
  LINK_TYPES,
  resolveWorkload,
  transferSeconds,
} from "../../src/core/index.js";

const model = findModel("llama-3-8b");
const gpu = findDevice("nvidia-rtx-3090");
const pcie4 = findLink("pcie4x16");
// PCIe 4.0 ×16 per direction, bytes/s: 16 GT/s × 16 lanes × 128/130 ÷ 8.
const PCIE4_BPS = ((16 * 16 * 128) / 130 / 8) * 1e9;
// The link's one-way latency (a measured figure with its source in links.ts).
const LAT = pcie4.latencyUs.value * 1e-6;
const workload = resolveWorkload({ promptTokens: 512, contextTokens: 512, weights: "q4_k_m" });

describe("links", () => {
  it("PCIe 4.0 ×16 is 16 GT/s × 16 lanes × 128/130 ÷ 8 = 31.5 GB/s per direction", () => {
    expect(pcie4.bandwidthGBps.value).toBeCloseTo(31.508, 3);
    expect(findLink("pcie3x16").bandwidthGBps.value).toBeCloseTo(15.754, 3);
    expect(findLink("eth2_5g").bandwidthGBps.value).toBe(0.3125);
  });

  it("every link type has a positive bandwidth and latency, each with a source", () => {
    for (const l of LINK_TYPES) {
      expect(l.bandwidthGBps.value).toBeGreaterThan(0);
      expect(l.latencyUs.value).toBeGreaterThan(0);
      expect(l.bandwidthGBps.source.length).toBeGreaterThan(10);
      expect(l.latencyUs.source.length).toBeGreaterThan(10);
      if (l.bandwidthGBps.kind === "derived") expect(l.bandwidthGBps.formula).toBeDefined();
    }
    expect(new Set(LINK_TYPES.map((l) => l.id)).size).toBe(LINK_TYPES.length);
  });

  it("a ring all-reduce of B bytes over 2 units: 2 steps of B/2 bytes and one latency each (worked by hand)", () => {
    const bytes = 4096 * 4;
    const byHand = 2 * (LAT + bytes / 2 / PCIE4_BPS);
    expect(allReduceSeconds(pcie4, bytes, 2)).toBeCloseTo(byHand, 12);
    expect(allReduceSeconds(pcie4, bytes, 1)).toBe(0);
    expect(transferSeconds(pcie4, bytes)).toBeCloseTo(LAT + bytes / PCIE4_BPS, 12);
  });

  it("an unknown link is an input error naming the flag and listing the types", () => {
    expect(() => findLink("pcie9x16")).toThrow(InputError);
    expect(() => findLink("pcie9x16")).toThrow(/--link.*pcie4x16/);
  });
});

describe("apportion", () => {
  it("layer counts sum to the total and follow the proportions within one layer", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (total, raw) => {
          const sum = raw.reduce((a, b) => a + b, 0);
          const shares = raw.map((x) => x / sum);
          const n = apportion(total, shares);
          expect(n.reduce((a, b) => a + b, 0)).toBe(total);
          n.forEach((k, i) => expect(Math.abs(k - shares[i]! * total)).toBeLessThan(1));
        },
      ),
    );
  });
});

describe("layer split", () => {
  const one = analyze({ model, device: gpu, workload });

  it("on one unit it is the single-device analysis (no link)", () => {
    const s = analyzeSplit({ model, units: [gpu], link: pcie4, split: "layer", workload });
    expect(s.decode!.latencyS).toBeCloseTo(one.decode!.latencyEstimateS, 12);
    expect(s.prefill!.latencyS).toBeCloseTo(one.prefill!.latencyEstimateS, 12);
    expect(s.decode!.linkS).toBe(0);
  });

  it("two identical units take turns: decode = one device's step + one hop of the f32 residual stream", () => {
    const s = analyzeSplit({ model, units: [gpu, gpu], link: pcie4, split: "layer", workload });
    const hop = LAT + (model.hiddenSize * 1 * 4) / PCIE4_BPS;
    expect(s.units.map((u) => u.layers)).toEqual([16, 16]);
    expect(s.decode!.latencyS).toBeCloseTo(one.decode!.latencyEstimateS + hop, 9);
    // pp512 is one micro-batch of 512: no pipelining, so prefill also adds one hop.
    const hopPrefill = LAT + (model.hiddenSize * 512 * 4) / PCIE4_BPS;
    expect(s.prefill!.latencyS).toBeCloseTo(one.prefill!.latencyEstimateS + hopPrefill, 9);
  });

  it("prefill of several micro-batches overlaps the stages (pipeline), never faster than the slowest stage", () => {
    const long = resolveWorkload({ promptTokens: 4096, contextTokens: 4096, weights: "q4_k_m" });
    const s = analyzeSplit({ model, units: [gpu, gpu], link: pcie4, split: "layer", workload: long });
    const whole = analyze({ model, device: gpu, workload: long }).prefill!.latencyEstimateS;
    expect(s.prefill!.latencyS).toBeLessThan(whole);
    expect(s.prefill!.latencyS).toBeGreaterThan(Math.max(...s.prefill!.unitS));
  });

  it("memory: the units' weights and KV add up to the whole model's", () => {
    const s = analyzeSplit({
      model,
      units: [gpu, gpu, gpu],
      link: pcie4,
      split: "layer",
      workload,
      proportions: [3, 2, 1],
    });
    const w = s.units.reduce((a, u) => a + u.memory.weightsBytes, 0);
    const kv = s.units.reduce((a, u) => a + u.memory.kvCacheBytes, 0);
    expect(w).toBeCloseTo(one.memory.weightsBytes, 0);
    expect(kv).toBeCloseTo(one.memory.kvCacheBytes, 0);
    expect(s.units.map((u) => u.layers)).toEqual([16, 11, 5]);
  });

  it("a 70B model that fits on no single 24 GB card fits on two", () => {
    const big = findModel("llama-3-70b");
    const s = analyzeSplit({ model: big, units: [gpu, gpu], link: pcie4, split: "layer", workload });
    expect(analyze({ model: big, device: gpu, workload }).memory.fits).toBe(false);
    expect(s.fits).toBe(true);
  });
});

describe("tensor split", () => {
  it("decode on two identical units: layers' matmuls halve, element-wise ops stay, two all-reduces per layer", () => {
    const s = analyzeSplit({ model, units: [gpu, gpu], link: pcie4, split: "tensor", workload });
    const one = analyze({ model, device: gpu, workload }).decode!;
    const layerS =
      one.layerVariants.reduce((a, v) => a + v.count * v.totals.timeEstimateS, 0) / model.numLayers;
    const rep = one.layerOps.reduce((a, o) => a + o.timeEstimateS, 0);
    const split = one.layerOps
      .filter((o) => o.kernel !== "elementwise")
      .reduce((a, o) => a + o.timeEstimateS, 0);
    const perLayer = 0.5 * layerS * (split / rep) + layerS * (1 - split / rep);
    const reduce = 2 * 2 * (LAT + (model.hiddenSize * 4) / 2 / PCIE4_BPS);
    const modelS = one.modelOps.reduce((a, o) => a + o.timeEstimateS, 0);
    const overhead = one.latencyEstimateS - layerS * model.numLayers - modelS;
    const byHand = model.numLayers * (perLayer + reduce) + 0.5 * modelS + overhead;
    expect(s.decode!.latencyS).toBeCloseTo(byHand, 9);
    expect(s.decode!.latencyS).toBeLessThan(one.latencyEstimateS);
  });

  it("over a slow network the all-reduces dominate and the link is named as the bottleneck", () => {
    const s = analyzeSplit({ model, units: [gpu, gpu], link: findLink("eth1g"), split: "tensor", workload });
    expect(s.decode!.bottleneck).toMatch(/^the 1 GbE link: \d+% of each pass/);
  });
});

describe("fitSplit", () => {
  it("ranks fitting splits first, fastest first, and tries each distinct proportion once", () => {
    const big = findModel("llama-3-70b");
    const units = [findDevice("nvidia-rtx-4090"), gpu];
    const ranked = fitSplit({ model: big, units, link: pcie4, workload });
    expect(ranked.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < ranked.length; i++) {
      const [a, b] = [ranked[i - 1]!, ranked[i]!];
      if (a.analysis.fits === b.analysis.fits) expect(a.tokensPerS).toBeGreaterThanOrEqual(b.tokensPerS);
    }
    const identical = fitSplit({ model, units: [gpu, gpu], link: pcie4, workload });
    expect(identical.map((c) => c.analysis.split)).toEqual(
      expect.arrayContaining(["layer", "row", "tensor"]),
    );
    expect(identical).toHaveLength(3); // layer, row and tensor, each with 50/50 (a dense model: no expert split)
  });

  it("refuses proportions that do not match the units", () => {
    expect(() =>
      analyzeSplit({ model, units: [gpu, gpu], link: pcie4, split: "layer", workload, proportions: [1] }),
    ).toThrow(/one proportion per unit/);
  });
});
