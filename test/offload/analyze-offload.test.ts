import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDevice, findModel } from "../../src/core/catalog/lookup.js";
import { transferSeconds } from "../../src/core/cluster/links.js";
import { readSystem, systemFromFlags } from "../../src/core/cluster/system.js";
import { InputError } from "../../src/core/errors.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { storedWeightBytes } from "../../src/core/models/weights.js";
import { analyzeOffload, OP_OFFLOAD_MIN_BATCH } from "../../src/core/offload/analyze-offload.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { weightsOf } from "../../src/core/predict/caches.js";
import { kvCacheBytes } from "../../src/core/predict/memory.js";
import { GiB } from "../../src/core/units/quantities.js";

const system = systemFromFlags({
  gpus: ["nvidia-rtx-4070"],
  host: "amd-ryzen-9-7950x",
  ramGiB: 64,
  link: "pcie4x16",
});
const link = system.links[0]!.type!;
const gpu = findDevice("nvidia-rtx-4070");
const cpu = findDevice("amd-ryzen-9-7950x");
const llama = findModel("llama-2-7b");
const qwenMoe = findModel("qwen3-30b-a3b");
const wl = resolveWorkload({ weights: "q4_k_m", promptTokens: 512, contextTokens: 512 });
const hidden = (m: typeof llama, tokens: number) => m.hiddenSize * tokens * 4;

describe("a placement at its extremes is the single-device analysis plus the link", () => {
  it("everything on the GPU (-ngl 33): the GPU's decode, with the embedding looked up on the CPU and sent over once", () => {
    const a = analyzeOffload({ model: llama, system, workload: wl, placement: { gpuLayers: 33 } });
    const g = analyze({ model: llama, device: gpu, workload: wl }).decode!;
    const c = analyze({ model: llama, device: cpu, workload: wl }).decode!;
    const expected =
      g.latencyEstimateS -
      g.modelOps[0]!.timeEstimateS +
      c.modelOps[0]!.timeEstimateS +
      transferSeconds(link, hidden(llama, 1));
    expect(a.decode!.latencyS).toBeCloseTo(expected, 12);
    expect(a.decode!.crossings).toBe(1);
    expect(a.decode!.hostS).toBeCloseTo(c.modelOps[0]!.timeEstimateS, 15);
  });

  it("everything on the CPU (-ngl 0): the CPU's decode, nothing crosses", () => {
    const a = analyzeOffload({ model: llama, system, workload: wl, placement: { gpuLayers: 0 } });
    const c = analyze({ model: llama, device: cpu, workload: wl }).decode!;
    expect(a.decode!.latencyS).toBeCloseTo(c.latencyEstimateS, 12);
    expect(a.decode!.crossings).toBe(0);
    expect(a.decode!.gpuS).toBe(0);
  });

  it("-ngl 0 prefill with op offload: every CPU weight of a layer crosses once per micro-batch (llama.cpp's ≥32-row rule)", () => {
    const w = weightsOf(llama, "q4_k_m", "fp16");
    const prompt = 2048;
    const wl2 = resolveWorkload({ weights: "q4_k_m", promptTokens: prompt });
    const a = analyzeOffload({ model: llama, system, workload: wl2, placement: { gpuLayers: 0 } });
    const k = prompt / 512;
    // The output's matmul has one logit row (< 32): it stays on the CPU; the embedding is a lookup.
    const layerBytes = storedWeightBytes(w, llama) - w.embedding.bytes - w.lmHead.bytes - w.finalNormBytes;
    const copyBandwidthS = (k * layerBytes) / (link.bandwidthGBps.value * 1e9);
    expect(a.prefill!.cacheCopyS).toBeGreaterThan(0); // attention on the GPU reads the CPU's cache
    const latencyTerms = a.prefill!.weightCopyS - copyBandwidthS;
    expect(latencyTerms).toBeGreaterThan(0);
    // Per micro-batch, one latency per weight tensor copied (7 matrices + 2 norms per layer).
    expect(latencyTerms).toBeCloseTo(k * 32 * 9 * link.latencyUs.value * 1e-6, 9);
    const off = analyzeOffload({
      model: llama,
      system,
      workload: wl2,
      placement: { gpuLayers: 0, opOffload: false },
    });
    expect(off.prefill!.weightCopyS).toBe(0);
    expect(off.prefill!.latencyS).toBeCloseTo(
      analyze({ model: llama, device: cpu, workload: wl2 }).prefill!.latencyEstimateS,
      9,
    );
  });

  it("micro-batches under 32 rows keep CPU weights on the CPU", () => {
    const a = analyzeOffload({
      model: llama,
      system,
      workload: wl,
      placement: { gpuLayers: 0, ubatch: OP_OFFLOAD_MIN_BATCH - 1 },
    });
    expect(a.prefill!.weightCopyS).toBe(0);
    expect(a.prefill!.gpuS).toBe(0);
  });
});

describe("layers and experts between the units", () => {
  it("decode speeds up with every layer moved to the GPU (dense model, property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 32 }), (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const t = (n: number) =>
          analyzeOffload({ model: llama, system, workload: wl, placement: { gpuLayers: n } }).decode!
            .tokensPerS;
        expect(t(hi)).toBeGreaterThanOrEqual(t(lo) - 1e-9);
      }),
      { numRuns: 25 },
    );
  });

  it("-ngl N: the output layer and the last N − 1 layers on the GPU (llama.cpp's i_gpu_start = n_layer + 1 − N)", () => {
    const a = analyzeOffload({ model: llama, system, workload: wl, placement: { gpuLayers: 20 } });
    expect(a.placement.gpuRepeatingLayers).toBe(19);
    expect(a.placement.outputOnGpu).toBe(true);
    expect(a.decode!.crossings).toBe(1); // CPU embedding and layers 0–12 → GPU layers 13–31 and the output
    const one = analyzeOffload({ model: llama, system, workload: wl, placement: { gpuLayers: 1 } });
    expect([one.placement.gpuRepeatingLayers, one.placement.outputOnGpu]).toEqual([0, true]);
    expect(one.decode!.crossings).toBe(1);
  });

  it("--cpu-moe: the host runs the experts of every layer (decode); memory splits the expert tensors off", () => {
    // q8_0 everywhere: one layer variant, so one layer's ops stand for all.
    const wl8 = resolveWorkload({ weights: "q8_0", promptTokens: 512 });
    const a = analyzeOffload({ model: qwenMoe, system, workload: wl8, placement: { cpuMoeLayers: 1000 } });
    const c = analyze({ model: qwenMoe, device: cpu, workload: wl8 }).decode!;
    expect(c.layerVariants).toHaveLength(1);
    const expertOps = c.layerOps.filter((o) => o.name.startsWith("expert_"));
    const perLayer = expertOps.reduce((s, o) => s + o.timeEstimateS, 0);
    expect(a.decode!.hostS).toBeCloseTo(c.modelOps[0]!.timeEstimateS + qwenMoe.numLayers * perLayer, 12);
    expect(a.decode!.crossings).toBe(1 + 2 * qwenMoe.numLayers);
    const w = weightsOf(qwenMoe, "q8_0", "fp16");
    const [g, h] = a.memory.units;
    expect(g!.weightsBytes + h!.weightsBytes).toBeCloseTo(storedWeightBytes(w, qwenMoe), 0);
    const t = w.layers[0]!.tensors;
    const experts =
      (t.ffn_gate.bytes + t.ffn_up.bytes + t.ffn_down.bytes) * qwenMoe.moe!.numExperts * qwenMoe.numLayers;
    expect(h!.weightsBytes).toBeCloseTo(experts + w.embedding.bytes, 0);
  });

  it("--cpu-moe-layers on a dense model, --gpu-layers without a GPU: one clear error", () => {
    expect(() =>
      analyzeOffload({ model: llama, system, workload: wl, placement: { cpuMoeLayers: 2 } }),
    ).toThrow(InputError);
    const cpuOnly = systemFromFlags({ gpus: [], host: "amd-ryzen-9-7950x" });
    expect(() =>
      analyzeOffload({ model: llama, system: cpuOnly, workload: wl, placement: { gpuLayers: 3 } }),
    ).toThrow(/no GPU/);
  });
});

describe("memory per unit", () => {
  it("the KV cache follows its layers, or all goes to the host with --kv-on cpu", () => {
    const kv = kvCacheBytes(llama, 1, 512, "fp16").bytes;
    const a = analyzeOffload({ model: llama, system, workload: wl, placement: { gpuLayers: 25 } });
    expect(a.memory.units[0]!.kvCacheBytes).toBeCloseTo((kv * 24) / 32, 0);
    expect(a.memory.units[1]!.kvCacheBytes).toBeCloseTo((kv * 8) / 32, 0);
    const b = analyzeOffload({
      model: llama,
      system,
      workload: wl,
      placement: { gpuLayers: 25, kvOn: "cpu" },
    });
    expect(b.memory.units[0]!.kvCacheBytes).toBe(0);
    expect(b.memory.units[1]!.kvCacheBytes).toBeCloseTo(kv, 0);
    expect(b.decode!.crossings).toBeGreaterThan(a.decode!.crossings);
  });

  it("a 20 GB model on a 12 GB card does not fit on the GPU; weights beyond RAM need --mmap-from", () => {
    const big = findModel("qwen3-30b-a3b");
    const small = systemFromFlags({
      gpus: ["nvidia-rtx-4070"],
      host: "amd-ryzen-9-7950x",
      ramGiB: 8,
      storage: "samsung-990-pro",
    });
    const all = analyzeOffload({ model: big, system: small, workload: wl });
    expect(all.fits).toBe(false);
    expect(all.memory.units[0]!.fits).toBe(false);
    const moe = analyzeOffload({ model: big, system: small, workload: wl, placement: { cpuMoeLayers: 48 } });
    expect(moe.memory.units[1]!.fits).toBe(false);
    const mm = analyzeOffload({
      model: big,
      system: small,
      workload: wl,
      placement: { cpuMoeLayers: 48, mmapFromStorage: true },
    });
    expect(mm.fits).toBe(true);
    const host = mm.memory.units[1]!;
    expect(mm.memory.streamedBytes).toBeCloseTo(host.totalBytes - 8 * GiB, 0);
    expect(mm.decode!.storageS).toBeGreaterThan(0);
    expect(mm.decode!.tokensPerS).toBeLessThan(moe.decode!.tokensPerS);
  });

  it("a SoC: one memory pool, no link time", () => {
    const soc = readSystem({
      units: [
        { id: "cpu", kind: "host", device: "apple-m2-max-cpu", memoryGiB: 32 },
        { id: "gpu", kind: "gpu", device: "apple-m2-max-gpu-38c" },
      ],
      links: [{ between: ["cpu", "gpu"], link: "unified" }],
    });
    const a = analyzeOffload({ model: llama, system: soc, workload: wl, placement: { gpuLayers: 16 } });
    expect(a.memory.shared).toBe(true);
    expect(a.decode!.linkS).toBe(0);
    const [g, h] = a.memory.units;
    // Metal's working set: 2/3 of a 32 GiB pool for the GPU; the host gets what the GPU leaves.
    expect(g!.capacityBytes).toBeCloseTo((32 * GiB * 2) / 3, 0);
    expect(h!.capacityBytes).toBeCloseTo(32 * GiB - g!.totalBytes, 0);
  });
});
