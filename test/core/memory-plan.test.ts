/**
 * planMemory against hand-worked llama.cpp buffers of a small synthetic llama (the numbers
 * are worked from llama.cpp's rules below; node-llama-cpp's llama.cpp logged the same
 * for this file: CPU_Mapped 1.84 MiB, CPU_REPACK 1.83 MiB, KV 1.00 MiB at n_ctx 512, compute 8.01 MiB).
 */
import { describe, expect, it } from "vitest";
import {
  engineContext,
  findDevice,
  modelFromGguf,
  planMemory,
  readGgufHeader,
  resolveWorkload,
  swaCells,
} from "../../src/core/index.js";
import { sourceOf, writeGguf } from "../helpers/gguf-writer.js";
import { llamaGguf, type MatrixType } from "../helpers/synthetic-llama.js";

const SHAPE = { name: "t", embd: 256, layers: 4, heads: 4, kvHeads: 2, ff: 768, vocab: 1024, ctxTrain: 8192 };
const MiB = 2 ** 20;

async function model(type: MatrixType) {
  const f = writeGguf(llamaGguf({ ...SHAPE, type }));
  return modelFromGguf(await readGgufHeader(sourceOf(f)));
}

/** Q4_0 bytes of a matrix of n values: 18 bytes per 32. */
const q4 = (n: number) => (n / 32) * 18;
const d = 256;
const kv = 128;
const layerMatrices = d * d * 2 + d * kv * 2 + 3 * d * 768;
const norms = 2 * d * 4;

describe("planMemory on a CPU (llama.cpp rules, hand-worked)", () => {
  it("context: n_ctx padded to 256, per sequence too", () => {
    expect(engineContext(300, 1)).toEqual({ nCtx: 512, nCtxSeq: 512 });
    expect(engineContext(1000, 1)).toEqual({ nCtx: 1024, nCtxSeq: 1024 });
    // 600 → 768; 768 / 2 = 384 → 512 per sequence; n_ctx reset to 2 × 512
    expect(engineContext(2 * 300, 2)).toEqual({ nCtx: 1024, nCtxSeq: 512 });
    expect(engineContext(3 * 1000, 3)).toEqual({ nCtx: 3 * 1024, nCtxSeq: 1024 });
    // the SWA cache: window + micro-batch, padded, at most the base cache
    expect(swaCells(4096, 64, 512)).toBe(768);
    expect(swaCells(512, 64, 512)).toBe(512);
  });

  it("Q4_0 on x86 AVX2: layer and output matrices repacked, the embedding mapped; the mapped span stops before output.weight", async () => {
    const g = await model("Q4_0");
    const plan = planMemory({
      model: g.spec,
      weights: g.weights,
      workload: resolveWorkload({ promptTokens: 300, phase: "prefill" }),
      device: findDevice("amd-ryzen-9-7950x"),
      engine: { cpuKernels: "x86-avx2" },
    });
    expect(plan.units.map((u) => u.unit)).toEqual(["host"]);
    const byName = Object.fromEntries(plan.units[0]!.buffers.map((b) => [b.name, b]));
    const embd = q4(d * 1024);
    const repack = 4 * q4(layerMatrices) + q4(d * 1024);
    const mappedSpan = embd + 4 * (q4(layerMatrices) + norms) + d * 4; // token_embd … output_norm
    expect(byName["CPU_REPACK model buffer"]!.bytes).toBe(repack);
    expect(byName["CPU_Mapped model buffer"]!.bytes).toBe(mappedSpan);
    expect(byName["CPU_Mapped model buffer"]!.residentBytes).toBe(embd + 4 * norms + d * 4);
    expect(byName["CPU_REPACK model buffer"]!.bytes / MiB).toBeCloseTo(1.83, 2);
    expect(byName["CPU_Mapped model buffer"]!.bytes / MiB).toBeCloseTo(1.84, 2);
    // KV: 512 cells × 4 layers × (K + V) 128 values × 2 bytes
    expect(byName["CPU KV buffer"]!.bytes).toBe(512 * 4 * 2 * kv * 2);
    expect(byName["CPU output buffer"]!.bytes).toBe(1024 * 4);
    expect(plan.engine).toMatchObject({ nCtx: 512, ubatch: 512, flashAttention: false });
    expect(byName["CPU compute buffer"]!.bytes / MiB).toBeCloseTo(8.0, 1);
  });

  it("F16 is never repacked: one mapped buffer spanning the whole file", async () => {
    const g = await model("F16");
    const plan = planMemory({
      model: g.spec,
      weights: g.weights,
      workload: resolveWorkload({ promptTokens: 512, phase: "prefill" }),
      engine: { cpuKernels: "x86-avx2" },
    });
    const weights = plan.units[0]!.buffers.filter((b) => b.kind === "model");
    expect(weights.map((b) => b.name)).toEqual(["CPU_Mapped model buffer"]);
    expect(weights[0]!.bytes).toBe(2 * (d * 1024 * 2 + 4 * layerMatrices) + 4 * norms + d * 4);
    expect(weights[0]!.bytes / MiB).toBeCloseTo(7.01, 2);
  });

  it("-ngl: the output layer counts first, the token embeddings stay on the host", async () => {
    const g = await model("F16");
    const wl = resolveWorkload({ promptTokens: 512, phase: "prefill" });
    const gpu = findDevice("nvidia-rtx-4090");
    const at = (gpuLayers: number) =>
      planMemory({ model: g.spec, weights: g.weights, workload: wl, device: gpu, placement: { gpuLayers } });
    const gpuModel = (n: number) =>
      at(n)
        .units.find((u) => u.unit === "gpu")
        ?.buffers.find((b) => b.kind === "model")?.bytes ?? 0;
    const layer = 2 * layerMatrices + norms;
    const output = 2 * d * 1024 + d * 4;
    expect(gpuModel(0)).toBe(0);
    expect(gpuModel(1)).toBe(output);
    expect(gpuModel(3)).toBe(output + 2 * layer);
    expect(gpuModel(5)).toBe(output + 4 * layer);
    const host = at(5).units.find((u) => u.unit === "host")!;
    expect(host.buffers.find((b) => b.kind === "model")!.bytes).toBe(2 * d * 1024);
    // KV follows its layer; --no-kv-offload keeps it on the host
    const kvGpu = at(3)
      .units.find((u) => u.unit === "gpu")!
      .buffers.find((b) => b.kind === "kv")!.bytes;
    expect(kvGpu).toBe(512 * 2 * 2 * kv * 2);
    const cpuKv = planMemory({
      model: g.spec,
      weights: g.weights,
      workload: wl,
      device: gpu,
      placement: { kvOn: "cpu" },
    });
    expect(cpuKv.units.find((u) => u.unit === "gpu")!.buffers.some((b) => b.kind === "kv")).toBe(false);
  });
});
