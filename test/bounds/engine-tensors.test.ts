/**
 * The engine's weight buffers cost runs of identical layers, not layers (issue 16): a recipe's
 * tensor table holds each run once with its count and stride. Checked against a reference
 * that expands every run into one tensor per layer and places each tensor on its own, as
 * llama.cpp does (the plain loop the run arithmetic replaced).
 */
import { describe, expect, it } from "vitest";
import {
  BUILTIN_MODELS,
  CPU_KERNELS,
  cpuWeightBuffer,
  type EngineTensor,
  engineTensors,
  findModel,
  type ModelSpec,
  type Placement,
  weightBuffers,
  weightsOf,
} from "../../src/core/index.js";

/** One tensor per block, in file order: what a run of copies stands for. */
function expand(tensors: readonly EngineTensor[]): EngineTensor[] {
  const out: EngineTensor[] = [];
  for (const t of tensors)
    for (let i = 0; i < t.blocks; i++)
      out.push({
        ...t,
        block: t.block + i,
        blocks: 1,
        stride: 0,
        offset: t.offset === null ? null : t.offset + i * t.stride,
      });
  return out.sort((a, b) => (a.offset ?? Number.POSITIVE_INFINITY) - (b.offset ?? Number.POSITIVE_INFINITY));
}

/** llama.cpp's placement tensor by tensor (llama-model.cpp load_tensors, get_mapping_range). */
function reference(tensors: readonly EngineTensor[], p: Placement, gpuName: string) {
  const sums = new Map<string, number>();
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let resident = 0;
  for (const t of tensors) {
    const host = t.block < 0 || t.block < p.firstGpuBlock || (t.expert && t.block < p.cpuMoeBlocks);
    if (!host) {
      sums.set(gpuName, (sums.get(gpuName) ?? 0) + t.bytes);
      continue;
    }
    const buf = p.hasGpu
      ? { buffer: "CPU_Mapped", bytes: t.bytes }
      : cpuWeightBuffer(p.cpuKernels, t.format, t.use, t.bytes);
    if (buf.buffer !== "CPU_Mapped") sums.set(buf.buffer, (sums.get(buf.buffer) ?? 0) + buf.bytes);
    else if (t.offset !== null) {
      first = Math.min(first, t.offset);
      last = Math.max(last, t.offset + t.bytes);
      resident += t.bytes;
    }
  }
  const out: Record<string, [number, number]> = {};
  if (last > first) out.CPU_Mapped = [last - first, resident];
  for (const [name, bytes] of sums) out[name] = [bytes, bytes];
  return out;
}

const byName = (bs: ReturnType<typeof weightBuffers>) =>
  Object.fromEntries(bs.map((b) => [b.name, [b.bytes, b.residentBytes]]));

describe("engine weight tensors", () => {
  it("a 4,096-layer model's table has as many entries as a 32-layer one's", () => {
    const llama = findModel("llama-2-7b");
    const deep: ModelSpec = { ...llama, id: "test-llama-4096", numLayers: 4096 };
    const w = (m: ModelSpec) => weightsOf(m, "fp16", "fp16");
    expect(engineTensors(deep, w(deep)).length).toBe(engineTensors(llama, w(llama)).length);
    const buffers = byName(
      weightBuffers(
        engineTensors(deep, w(deep)),
        { firstGpuBlock: 0, cpuMoeBlocks: 0, hasGpu: true, cpuKernels: "arm-dotprod" },
        "MTL0",
      ),
    );
    // fp16: q, k, v, o 4096²; gate, up, down 4096 × 11,008; two norms of 4096 — per layer.
    const perLayer = 2 * (4 * 4096 * 4096 + 3 * 4096 * 11_008 + 2 * 4096);
    // token_embd stays on the CPU (mapped); output and output_norm go with the last layer.
    expect(buffers).toEqual({
      CPU_Mapped: [2 * 32_000 * 4096, 2 * 32_000 * 4096],
      MTL0: [4096 * perLayer + 2 * 32_000 * 4096 + 2 * 4096, 4096 * perLayer + 2 * 32_000 * 4096 + 2 * 4096],
    });
  });

  it.each(["fp16", "q4_k_m", "q2_k"])(
    "every preset in %s: runs placed at once equal every layer placed on its own",
    (recipe) => {
      for (const m of BUILTIN_MODELS) {
        const tensors = engineTensors(m, weightsOf(m, recipe, "fp16"));
        const flat = expand(tensors);
        const n = m.numLayers;
        const placements: Placement[] = [
          { firstGpuBlock: 0, cpuMoeBlocks: 0, hasGpu: true, cpuKernels: "x86-avx2" },
          { firstGpuBlock: Math.floor(n / 3), cpuMoeBlocks: 0, hasGpu: true, cpuKernels: "x86-avx2" },
          { firstGpuBlock: 2, cpuMoeBlocks: n - 1, hasGpu: true, cpuKernels: "x86-avx2" },
          { firstGpuBlock: n - 2, cpuMoeBlocks: Math.floor(n / 2), hasGpu: true, cpuKernels: "x86-avx2" },
          ...CPU_KERNELS.map((k) => ({
            firstGpuBlock: n + 1,
            cpuMoeBlocks: 0,
            hasGpu: false,
            cpuKernels: k,
          })),
        ];
        for (const p of placements)
          expect(byName(weightBuffers(tensors, p, "CUDA0")), `${m.id} ${JSON.stringify(p)}`).toEqual(
            reference(flat, p, "CUDA0"),
          );
      }
    },
  );
});
