/**
 * GGUF import of the MLA and hybrid architectures without the engine: what is read from the
 * synthetic files (the real-engine comparison is test/engine/hybrid.test.ts), and hostile
 * metadata refused naming the key before anything per layer is built.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { modelFromGguf } from "../../src/core/models/import/gguf-model.js";
import { readGgufHeader } from "../../src/core/models/import/gguf-reader.js";
import { layerKindCounts } from "../../src/core/models/layers.js";
import { sourceOf, u32, writeGguf } from "../helpers/gguf-writer.js";
import { SMALL_DEEPSEEK2, SMALL_QWEN3NEXT } from "../helpers/small-shapes.js";
import { deepseek2Gguf, qwen3NextGguf } from "../helpers/synthetic-hybrid.js";

const DS = { ...SMALL_DEEPSEEK2, name: "ds", vocab: 512, ctxTrain: 4096 };

async function read(g: ReturnType<typeof deepseek2Gguf>) {
  return modelFromGguf(await readGgufHeader(sourceOf(writeGguf(g))));
}

function withKey(g: ReturnType<typeof deepseek2Gguf>, key: string, v: number) {
  return { ...g, metadata: g.metadata.map(([k, x]) => [k, k === key ? u32(v) : x] as [string, typeof x]) };
}

describe("deepseek2 GGUF", () => {
  it("absorbed and legacy layouts give the same parameters, their own MLA path", async () => {
    const a = await read(deepseek2Gguf({ ...DS, mla: "absorbed" }));
    const l = await read(deepseek2Gguf({ ...DS, mla: "decompressed" }));
    const mix = (m: typeof a) => layerKindCounts(m.spec).map((k) => k.kind.mixer);
    expect(mix(a)[0]).toMatchObject({
      kind: "mla",
      path: "absorbed",
      kvLoraRank: 128,
      nopeDim: 64,
      ropeDim: 32,
      vDim: 64,
    });
    expect(mix(l)[0]).toMatchObject({ kind: "mla", path: "decompressed" });
    expect(layerKindCounts(a.spec).map((k) => [k.name, k.count])).toEqual([
      ["dense", 1],
      ["moe", 3],
    ]);
    expect(a.spec.moe).toMatchObject({ sharedExperts: 1, routerBias: true, groups: { count: 4, used: 2 } });
    // The legacy attn_kv_b splits into W_UK and W_UV by rows: 64 of K and 64 of V per head.
    const t = (m: typeof a) => m.weights.layers[0]!.tensors;
    expect(t(l).attn_k_b.bytes + t(l).attn_v_b.bytes).toBe(2 * 128 * 8 * 128);
    expect(t(l).attn_k_b.bytes).toBe(t(l).attn_v_b.bytes);
  });

  it("a block_count beyond the file's layers is refused naming it (no per-layer allocation)", async () => {
    const g = withKey(deepseek2Gguf({ ...DS, mla: "absorbed" }), "deepseek2.block_count", 4_000_000_000);
    await expect(read(g)).rejects.toThrow(InputError);
    await expect(read(g)).rejects.toThrow(/deepseek2\.block_count.*tensors for 4 layers/);
  });
});

describe("qwen3next GGUF", () => {
  const Q = { ...SMALL_QWEN3NEXT, name: "q", vocab: 512, ctxTrain: 4096 };
  it("every fourth layer gated attention with partial rotary, the rest Gated DeltaNet", async () => {
    const m = await read(qwen3NextGguf(Q));
    expect(layerKindCounts(m.spec).map((k) => [k.name, k.count])).toEqual([
      ["linear", 6],
      ["full", 2],
    ]);
    expect(m.spec.rotaryFraction).toBe(0.25);
    expect(layerKindCounts(m.spec)[1]!.kind.mixer).toMatchObject({ kind: "attention", outputGate: true });
  });
  it("full_attention_interval 0 is refused naming it", async () => {
    await expect(read(withKey(qwen3NextGguf(Q), "qwen3next.full_attention_interval", 0))).rejects.toThrow(
      /full_attention_interval.*at least 1/,
    );
  });
});
