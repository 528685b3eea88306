/**
 * Per-layer kinds in the cost model, hand-worked: sliding-window and chunked KV, NoPE
 * layers, sinks, partial rotary, the mxfp4_moe recipe against gpt-oss's published
 * checkpoint sizes, and the closed-form kind counts against a layer-by-layer count.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDevice, findModel } from "../../src/core/catalog/lookup.js";
import { buildLayerOps } from "../../src/core/graph/build-ops.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { layerKindCounts, layerKindName } from "../../src/core/models/layers.js";
import type { ModelSpec } from "../../src/core/models/schema.js";
import { storedWeightBytes } from "../../src/core/models/weights.js";
import { chunkedPairs, keysRead } from "../../src/core/ops/attention.js";
import { weightsOf } from "../../src/core/predict/caches.js";
import { kvCacheByKind, kvCacheBytes } from "../../src/core/predict/memory.js";
import { timeline } from "../../src/core/predict/timeline.js";

const GiB = 2 ** 30;
const pass = (queries: number, keys: number) =>
  ({ batch: 1, queries, keys, attention: "naive", activations: "fp16", kv: "fp16" }) as const;

describe("KV memory per layer kind", () => {
  it("Gemma 3 27B at 32k: 52 sliding layers hold 1024 entries, 10 global layers 32,768 (8,192 B per entry and layer)", () => {
    const m = findModel("gemma-3-27b");
    // 2 (K, V) × 16 KV heads × 128 × 2 bytes = 8,192 bytes per entry per layer.
    // 52 × 1,024 × 8,192 + 10 × 32,768 × 8,192 = 436,207,616 + 2,684,354,560 = 3,120,562,176.
    expect(kvCacheBytes(m, 1, 32768, "fp16").bytes).toBe(3_120_562_176);
    expect(kvCacheByKind(m, 1, 32768, "fp16").map((k) => [k.kind, k.layers, k.tokens])).toEqual([
      ["sliding", 52, 1024],
      ["full", 10, 32768],
    ]);
  });

  it("Llama 4 Scout: the chunked layers hold one chunk (8,192 entries), the NoPE layers everything", () => {
    const m = findModel("llama-4-scout");
    expect(kvCacheByKind(m, 1, 65536, "fp16").map((k) => [k.layers, k.tokens])).toEqual([
      [36, 8192],
      [12, 65536],
    ]);
  });

  it("the timeline's KV grows by the global layers only once the window is full", () => {
    const m = findModel("gpt-oss-20b");
    const t = timeline({
      model: m,
      device: findDevice("nvidia-rtx-4090"),
      workload: resolveWorkload({ promptTokens: 1000 }),
      generateTokens: 3,
    });
    const s = t.steps.map((x) => x.kvCacheBytes);
    // 12 full layers × 8 KV heads × 64 × 2 × 2 bytes = 24,576 bytes per new token; sliding layers flat at 128.
    expect(s[2]! - s[1]!).toBe(24_576);
    expect(s[0]).toBe(12 * 1000 * 2048 + 12 * 128 * 2048);
  });
});

describe("attention kinds in the ops", () => {
  it("chunked pairs: position j sees (j mod C) + 1 keys", () => {
    // 10 positions, chunk 4: 1+2+3+4 + 1+2+3+4 + 1+2 = 23.
    expect(chunkedPairs(10, 10, 4)).toBe(23);
    // The last 3 queries of 10 (positions 7, 8, 9): 4 + 1 + 2 = 7.
    expect(chunkedPairs(3, 10, 4)).toBe(7);
    const s = {
      batch: 1,
      heads: 1,
      kvHeads: 1,
      headDim: 1,
      activationBytes: 2,
      kvBytes: 2,
      precision: "fp16",
    } as const;
    expect(keysRead({ ...s, queries: 1, keys: 8193, chunk: 8192 })).toBe(1);
    expect(keysRead({ ...s, queries: 1, keys: 16384, chunk: 8192 })).toBe(8192);
    expect(keysRead({ ...s, queries: 1, keys: 5000, window: 128 })).toBe(128);
  });

  it("a NoPE layer has no rope op and writes K to the cache from its projection", () => {
    const m = findModel("smollm3-3b");
    const w = weightsOf(m, "fp16", "fp16");
    const nope = w.layers.find((l) => l.kind === "nope")!;
    const rope = w.layers.find((l) => l.kind === "rope")!;
    const opsNope = buildLayerOps(m, nope, pass(1, 100));
    const opsRope = buildLayerOps(m, rope, pass(1, 100));
    expect(opsNope.some((o) => o.kind === "rope")).toBe(false);
    expect(opsRope.some((o) => o.kind === "rope")).toBe(true);
    const kWrite = (ops: typeof opsNope) => ops.reduce((a, o) => a + o.bytes.kvWrite, 0);
    // K and V of one token: 2 × 4 KV heads × 128 × 2 bytes = 2,048 bytes either way.
    expect(kWrite(opsNope)).toBe(2048);
    expect(kWrite(opsRope)).toBe(2048);
  });

  it("sinks add one exp and one add per softmax row; partial rotary scales rope FLOPs", () => {
    const m = findModel("gpt-oss-20b");
    const w = weightsOf(m, "fp16", "fp16");
    const sliding = w.layers[0]!;
    const noSinks: ModelSpec = {
      ...m,
      layers: {
        ...m.layers!,
        kinds: { ...m.layers!.kinds, sliding: { mixer: { kind: "attention", window: 128 }, ffn: "moe" } },
      },
    };
    const soft = (mm: ModelSpec) =>
      buildLayerOps(mm, sliding, pass(1, 100)).find((o) => o.kind === "softmax")!.flops;
    // 64 heads × 1 query: 2 × 64 = 128 FLOPs.
    expect(soft(m) - soft(noSinks)).toBe(128);
    const phi = findModel("phi-4-mini");
    const r = buildLayerOps(phi, weightsOf(phi, "fp16", "fp16").layers[0]!, pass(1, 10)).find(
      (o) => o.kind === "rope",
    )!;
    // 3 FLOPs × (3072 + 1024) × 0.75 = 9,216.
    expect(r.flops).toBe(9216);
  });
});

describe("experts in another format", () => {
  it("gpt-oss under mxfp4_moe: 12.8 and 60.8 GiB, the checkpoint sizes of the model card", () => {
    // OpenAI's model card (arXiv:2508.10925), Table 1: checkpoint size 12.8 GiB (20b), 60.8 GiB (120b).
    const size = (id: string) => {
      const m = findModel(id);
      return storedWeightBytes(weightsOf(m, "mxfp4_moe", "fp16"), m) / GiB;
    };
    expect(size("gpt-oss-20b")).toBeCloseTo(12.8, 1);
    expect(size("gpt-oss-120b")).toBeCloseTo(60.8, 1);
    const w = weightsOf(findModel("gpt-oss-20b"), "mxfp4_moe", "fp16").layers[0]!.tensors;
    expect([w.ffn_up.format, w.attn_q.format, w.router.format]).toEqual(["mxfp4", "bf16", "fp16"]);
  });
});

describe("kind counts in closed form", () => {
  it("first + repeat counts equal a layer-by-layer count", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 4 }),
        fc.array(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 7 }),
        (numLayers, first, repeat) => {
          const kind = { mixer: { kind: "attention" as const }, ffn: "dense" as const };
          const m = {
            ...findModel("llama-3.2-1b"),
            numLayers,
            layers: { kinds: { a: kind, b: kind, c: kind }, first, repeat },
          } as ModelSpec;
          const byLoop = new Map<string, number>();
          for (let i = 0; i < numLayers; i++)
            byLoop.set(layerKindName(m, i), (byLoop.get(layerKindName(m, i)) ?? 0) + 1);
          expect(new Map(layerKindCounts(m).map((k) => [k.name, k.count]))).toEqual(byLoop);
        },
      ),
    );
  });
});
