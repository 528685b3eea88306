/** The row, RPC and expert-parallel splits, the pipeline's batches and the time line, against hand-worked references. */
import { describe, expect, it } from "vitest";
import {
  analyze,
  analyzeSplit,
  findDevice,
  findLink,
  findModel,
  fitSplit,
  InputError,
  RPC_TENSOR_BYTES,
  resolveWorkload,
  rpcGraphBytes,
  type SplitPhase,
} from "../../src/core/index.js";

const model = findModel("llama-3-8b");
const gpu = findDevice("nvidia-rtx-3090");
const pcie4 = findLink("pcie4x16");
const eth = findLink("eth2_5g");
const workload = resolveWorkload({ promptTokens: 512, contextTokens: 512, weights: "q4_k_m" });
const one = analyze({ model, device: gpu, workload }).decode!;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const layerS = sum(one.layerVariants.map((v) => v.count * v.totals.timeEstimateS)) / model.numLayers;
const modelS = sum(one.modelOps.map((o) => o.timeEstimateS));
const overhead = one.latencyEstimateS - layerS * model.numLayers - modelS;
const secs = (link: typeof eth, bytes: number, messages: number) =>
  messages * link.latencyUs.value * 1e-6 + bytes / (link.bandwidthGBps.value * 1e9);

/** The time line ends where the pass ends, and no lane overlaps itself. */
function checkTimeline(p: SplitPhase): void {
  const end = Math.max(...p.timeline.map((s) => s.startS + s.durationS));
  expect(end).toBeCloseTo(p.latencyS, 9);
  const lanes = new Map<number | null, { startS: number; durationS: number }[]>();
  for (const s of p.timeline) {
    expect(s.durationS).toBeGreaterThan(0);
    lanes.set(s.unit, [...(lanes.get(s.unit) ?? []), s]);
  }
  for (const segs of lanes.values()) {
    const sorted = [...segs].sort((a, b) => a.startS - b.startS);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]!.startS).toBeGreaterThanOrEqual(
        sorted[i - 1]!.startS + sorted[i - 1]!.durationS - 1e-12,
      );
  }
}

describe("RPC (llama.cpp's RPC backend)", () => {
  it("rpc_tensor is 296 bytes; a graph is 4 + 8 per node + 4 + 296 per tensor", () => {
    expect(RPC_TENSOR_BYTES).toBe(296);
    // 16 layers: 512 nodes, 512 + 176 tensors.
    expect(rpcGraphBytes(16)).toBe(4 + 8 * 512 + 4 + 296 * 688);
  });

  it("two hosts over 2.5 GbE, decode worked by hand: client's layers, hidden state + graph out, remote layers, logits back", () => {
    const s = analyzeSplit({ model, units: [gpu, gpu], link: eth, split: "rpc", workload });
    const into = secs(eth, model.hiddenSize * 4 + rpcGraphBytes(16), 1);
    const back = secs(eth, model.vocabSize * 4, 1);
    const byHand = 32 * layerS + modelS + into + back + overhead;
    expect(s.decode!.latencyS).toBeCloseTo(byHand, 9);
    expect(s.decode!.linkS).toBeCloseTo(into + back, 12);
    // Over the same link, RPC costs more than a plain layer hop: the graph and the logits travel too.
    const layer = analyzeSplit({ model, units: [gpu, gpu], link: eth, split: "layer", workload });
    expect(s.decode!.latencyS).toBeGreaterThan(layer.decode!.latencyS + 0.8 * back);
    checkTimeline(s.decode!);
  });

  it("two remote hosts: the hop between them goes through the client (a get and a set)", () => {
    const s = analyzeSplit({
      model,
      units: [gpu, gpu, gpu],
      link: eth,
      split: "rpc",
      workload,
      proportions: [2, 1, 1],
    });
    expect(s.units.map((u) => u.layers)).toEqual([16, 8, 8]);
    const into = secs(eth, model.hiddenSize * 4 + rpcGraphBytes(8), 1);
    const out = secs(eth, model.hiddenSize * 4, 1);
    const back = secs(eth, model.vocabSize * 4, 1);
    expect(s.decode!.linkS).toBeCloseTo(into + out + into + back, 12);
  });
});

describe("row split (llama.cpp -sm row)", () => {
  it("two units, decode by hand: matmul shares at once, the rest on the main unit, two copies per matmul", () => {
    const s = analyzeSplit({ model, units: [gpu, gpu], link: pcie4, split: "row", workload });
    const all = sum(one.layerOps.map((o) => o.timeEstimateS));
    const mm = one.layerOps.filter((o) => o.bytes.weights > 0 && o.kernel !== "elementwise");
    const w = sum(mm.map((o) => o.timeEstimateS)) / all;
    const act = sum(mm.map((o) => o.bytes.activations));
    const comm = secs(pcie4, act, 2 * mm.length);
    const perLayer = 0.5 * layerS * w + layerS * (1 - w);
    const byHand = 32 * (perLayer + comm) + 0.5 * modelS + overhead;
    expect(s.decode!.latencyS).toBeCloseTo(byHand, 9);
    // The KV cache stays on the main unit.
    expect(s.units[1]!.memory.kvCacheBytes).toBe(0);
    checkTimeline(s.decode!);
  });

  it("with more peers the copies grow and decode slows (latency-bound)", () => {
    const t = (n: number) =>
      analyzeSplit({ model, units: Array(n).fill(gpu), link: pcie4, split: "row", workload }).decode!
        .latencyS;
    expect(t(4)).toBeGreaterThan(t(2));
  });
});

describe("expert parallelism", () => {
  const moe = findModel("qwen3-30b-a3b");
  const wl = resolveWorkload({ promptTokens: 512, contextTokens: 512, weights: "q4_k_m" });

  it("spreads only the routed experts: each unit keeps the rest, and the experts add up", () => {
    const single = analyze({ model: moe, device: gpu, workload: wl });
    const s = analyzeSplit({ model: moe, units: [gpu, gpu], link: pcie4, split: "expert", workload: wl });
    const [a, b] = s.units.map((u) => u.memory.weightsBytes);
    const experts = 2 * (single.memory.weightsBytes - a!);
    // Each holds all but half the experts; together: the model plus one copy of the non-expert part.
    expect(a! + b!).toBeCloseTo(single.memory.weightsBytes + (single.memory.weightsBytes - experts), 0);
    expect(experts / single.memory.weightsBytes).toBeGreaterThan(0.8); // Qwen3-30B-A3B is mostly experts
    expect(s.units[0]!.memory.kvCacheBytes).toBe(single.memory.kvCacheBytes);
    checkTimeline(s.decode!);
  });

  it("pays a dispatch and a combine per layer: over 1 GbE the link dominates", () => {
    const fast = analyzeSplit({ model: moe, units: [gpu, gpu], link: pcie4, split: "expert", workload: wl });
    const slow = analyzeSplit({
      model: moe,
      units: [gpu, gpu],
      link: findLink("eth1g"),
      split: "expert",
      workload: wl,
    });
    // Per layer: 2 messages, each of tokens × 8 experts × hidden × 4 bytes × 1/2.
    const perLayer = 2 * secs(findLink("eth1g"), (8 * moe.hiddenSize * 4) / 2, 1);
    expect(slow.decode!.linkS).toBeCloseTo(moe.numLayers * perLayer, 12);
    expect(slow.decode!.latencyS).toBeGreaterThan(fast.decode!.latencyS);
    expect(slow.decode!.bottleneck).toMatch(/^the 1 GbE link/);
  });

  it("is refused for a dense model, naming the flag", () => {
    expect(() => analyzeSplit({ model, units: [gpu, gpu], link: pcie4, split: "expert", workload })).toThrow(
      InputError,
    );
    expect(() => analyzeSplit({ model, units: [gpu, gpu], link: pcie4, split: "expert", workload })).toThrow(
      /--split.*dense/,
    );
  });

  it("fitSplit tries it for a MoE model, never RPC", () => {
    const modes = fitSplit({ model: moe, units: [gpu, gpu], link: pcie4, workload: wl }).map(
      (c) => c.analysis.split,
    );
    expect(modes).toContain("expert");
    expect(modes).not.toContain("rpc");
  });
});

describe("pipeline batches and the time line", () => {
  it("prefill overlaps micro-batches only within n_batch = 2048: 4096 tokens on 2 units by hand", () => {
    const long = resolveWorkload({ promptTokens: 4096, contextTokens: 4096, weights: "q4_k_m" });
    const s = analyzeSplit({ model, units: [gpu, gpu], link: pcie4, split: "layer", workload: long });
    const [u0, u1] = s.prefill!.unitS;
    const hop = secs(pcie4, model.hiddenSize * 4096 * 4, 8);
    const stages = [u0! + hop, u1!];
    // k = 8 micro-batches of 512 in B = 2 batches: (B Σ + (k − B) max) / k.
    const p = analyze({ model, device: gpu, workload: long }).prefill!;
    const over =
      p.latencyEstimateS -
      sum(p.layerVariants.map((v) => v.count * v.totals.timeEstimateS)) -
      sum(p.modelOps.map((o) => o.timeEstimateS));
    expect(s.prefill!.latencyS).toBeCloseTo((2 * sum(stages) + 6 * Math.max(...stages)) / 8 + over, 9);
    expect(s.prefill!.timeline).toEqual([]);
  });

  it("decode's time line per mode: ends with the pass, units' busy time equals their time", () => {
    for (const split of ["layer", "row", "tensor", "rpc"] as const) {
      const s = analyzeSplit({
        model,
        units: [gpu, findDevice("nvidia-rtx-4090")],
        link: eth,
        split,
        workload,
      });
      checkTimeline(s.decode!);
      s.decode!.unitS.forEach((t, i) => {
        const busy = sum(
          s.decode!.timeline.filter((x) => x.unit === i && x.kind !== "host").map((x) => x.durationS),
        );
        expect(busy).toBeCloseTo(t, 12);
      });
      const link = sum(s.decode!.timeline.filter((x) => x.kind === "link").map((x) => x.durationS));
      expect(link).toBeCloseTo(s.decode!.linkS, 12);
    }
  });
});
