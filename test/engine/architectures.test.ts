/**
 * The real llama.cpp (node-llama-cpp's CPU build) against Ridgeline on synthetic GGUFs of
 * gpt-oss, Gemma 3 and Llama 4: what llama.cpp reads (layers, heads, KV heads, experts, the
 * sliding-window pattern layer by layer), its parameter count and tensor bytes, and the two
 * KV caches of an iSWA model at two context lengths — the global layers' cache grows with
 * the context, the sliding (or chunked) layers' cache stays flat.
 *
 * llama.cpp's SWA cache holds n_swa + n_ubatch cells padded to 256 (llama-kv-cache-iswa.cpp:
 * the window plus room for one micro-batch); Ridgeline's model holds the window. The test
 * compares bytes per cell exactly and the cell counts through that formula.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFileSource } from "../../src/cli/io/file-source.js";
import { type GgufModel, modelFromGguf } from "../../src/core/models/import/gguf-model.js";
import { readGgufHeader } from "../../src/core/models/import/gguf-reader.js";
import {
  cachedEntries,
  layerCacheBytes,
  layerKindCounts,
  layerKindOf,
} from "../../src/core/models/layers.js";
import { countParams } from "../../src/core/models/params.js";
import { storedWeightBytes } from "../../src/core/models/weights.js";
import { kvCacheByKind, kvCacheBytes } from "../../src/core/predict/memory.js";
import {
  contextReport,
  type Engine,
  type LoadedModel,
  loadEngine,
  loadWithReport,
  mib,
} from "../helpers/llama-engine.js";
import { SMALL_GPT_OSS } from "../helpers/small-shapes.js";
import { type ArchShape, writeArchGguf } from "../helpers/synthetic-arch.js";

const TIMEOUT = 120_000;
const LOG_MIB = 0.005;
const UBATCH = 512;
const pad256 = (n: number) => Math.ceil(n / 256) * 256;

type Arch = "gpt-oss" | "gemma3" | "llama4";
const CASES: { arch: Arch; shape: ArchShape; window: number; contexts: [number, number] }[] = [
  {
    arch: "gpt-oss",
    shape: { ...SMALL_GPT_OSS, name: "synthetic gpt-oss" },
    window: 32,
    contexts: [1024, 4096],
  },
  {
    arch: "gemma3",
    shape: {
      name: "synthetic gemma3",
      embd: 256,
      layers: 7,
      heads: 4,
      kvHeads: 2,
      headDim: 64,
      ff: 512,
      vocab: 1024,
      ctxTrain: 8192,
      swa: 64,
    },
    window: 64,
    contexts: [1024, 4096],
  },
  {
    arch: "llama4",
    shape: {
      name: "synthetic llama4",
      embd: 256,
      layers: 8,
      heads: 4,
      kvHeads: 2,
      headDim: 64,
      ff: 512,
      vocab: 1024,
      ctxTrain: 32768,
      experts: 4,
      expertsUsed: 1,
      expertFf: 256,
      moeStep: 2,
    },
    // llama.cpp's chunk for Llama 4 is 8192 (n_swa), so flatness shows past 8192 + n_ubatch.
    window: 8192,
    contexts: [4096, 16384],
  },
];

const { engine, reason } = await loadEngine();
if (!engine) console.warn(`test/engine/architectures.test.ts skipped: ${reason}`);

async function ridgeline(path: string): Promise<GgufModel> {
  const src = await openFileSource(path);
  try {
    return modelFromGguf(await readGgufHeader(src));
  } finally {
    await src.close();
  }
}

afterAll(async () => {
  await engine?.dispose();
}, TIMEOUT);

describe.skipIf(!engine)("llama.cpp vs Ridgeline on synthetic gpt-oss, Gemma 3 and Llama 4 GGUFs", () => {
  const e = engine as Engine;
  const dir = mkdtempSync(join(tmpdir(), "ridgeline-arch-"));
  const files = new Map<Arch, { rl: GgufModel; loaded: LoadedModel }>();

  beforeAll(async () => {
    for (const c of CASES) {
      const path = join(dir, `${c.arch}.gguf`);
      writeArchGguf(path, c.arch, c.shape);
      const rl = await ridgeline(path);
      const loaded = await loadWithReport(e, path, { contextSize: 512 });
      files.set(c.arch, { rl, loaded });
    }
  }, 3 * TIMEOUT);

  afterAll(async () => {
    for (const f of files.values()) {
      await f.loaded.context.dispose();
      await f.loaded.model.dispose();
    }
    rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);

  const get = (a: Arch) => files.get(a)!;

  it.each(CASES)(
    "$arch: llama.cpp reads the layers, heads, experts and window pattern Ridgeline reads",
    ({ arch, shape, window }) => {
      const { loader } = get(arch).loaded.report;
      const s = get(arch).rl.spec;
      expect(loader).toMatchObject({
        arch,
        nLayer: s.numLayers,
        nHead: s.numHeads,
        nHeadKv: s.numKvHeads,
        nEmbd: s.hiddenSize,
        nEmbdHeadK: s.headDim,
        nExpert: s.moe?.numExperts ?? 0,
        nExpertUsed: s.moe?.expertsPerToken ?? 0,
        nSwa: window,
        nVocab: s.vocabSize,
      });
      // is_swa per layer = Ridgeline's kind of each layer (sliding window or chunk).
      const ours = Array.from({ length: s.numLayers }, (_, i) => {
        const m = layerKindOf(s, i).mixer;
        return m.kind === "attention" && (m.window !== undefined || m.chunk !== undefined);
      });
      expect(loader.isSwa).toEqual(ours);
      expect(ours.filter(Boolean).length).toBeGreaterThan(0);
      expect(ours.filter((x) => !x).length).toBeGreaterThan(0);
      expect(shape.layers).toBe(s.numLayers);
    },
  );

  it.each(CASES)("$arch: parameter count and tensor bytes equal Ridgeline's", ({ arch }) => {
    const { loaded, rl } = get(arch);
    const params = countParams(rl.spec).total;
    expect(Math.abs(loaded.report.loader.modelParams - params)).toBeLessThanOrEqual(
      loaded.report.loader.modelParamsTolerance,
    );
    expect(loaded.report.modelSizeBytes).toBe(storedWeightBytes(rl.weights, rl.spec));
  });

  it("gpt-oss: the experts are MXFP4 (4.25 bits per weight) and costed so", () => {
    const { rl } = get("gpt-oss");
    const l = rl.weights.layers[0]!;
    expect(l.tensors.ffn_up.format).toBe("mxfp4");
    // 256 × 256 values per expert in blocks of 32 at 17 bytes: 2048 blocks × 17 = 34,816 bytes.
    expect(l.tensors.ffn_up.bytes).toBe(34_816);
    expect(l.tensors.attn_q.format).toBe("fp16");
  });

  describe.each(CASES)("$arch KV caches", ({ arch, window, contexts }) => {
    it.each(contexts)(
      "at n_ctx %i: llama.cpp's global and SWA caches hold Ridgeline's bytes per cell for its layers",
      async (n) => {
        const f = get(arch);
        const { context, report } = await contextReport(e, f.loaded, { contextSize: n });
        try {
          const s = f.rl.spec;
          const cells = pad256(n);
          const swaCells = Math.min(cells, pad256(window + UBATCH));
          const kinds = layerKindCounts(s);
          const swaKinds = kinds.filter(
            (k) =>
              k.kind.mixer.kind === "attention" && (k.kind.mixer.window ?? k.kind.mixer.chunk) !== undefined,
          );
          const fullKinds = kinds.filter((k) => !swaKinds.includes(k));
          const perCell = (ks: typeof kinds) =>
            ks.reduce((a, k) => a + k.count * layerCacheBytes(s, k.kind, 1, 2), 0);
          const fullLayers = fullKinds.reduce((a, k) => a + k.count, 0);
          const swaLayers = swaKinds.reduce((a, k) => a + k.count, 0);
          const full = report.kvCaches.find((c) => c.layers === fullLayers && c.cells === cells);
          const swa = report.kvCaches.find((c) => c.layers === swaLayers && c.cells === swaCells);
          expect(full, JSON.stringify(report.kvCaches)).toBeDefined();
          expect(swa, JSON.stringify(report.kvCaches)).toBeDefined();
          expect(Math.abs(full!.totalMiB - mib(perCell(fullKinds) * cells))).toBeLessThanOrEqual(LOG_MIB);
          expect(Math.abs(swa!.totalMiB - mib(perCell(swaKinds) * swaCells))).toBeLessThanOrEqual(LOG_MIB);
          // Ridgeline's own footprint: the global layers hold every entry, the sliding ones the window.
          const rl = kvCacheByKind(s, 1, cells, "fp16");
          for (const k of rl) {
            const kind = kinds.find((x) => x.name === k.kind)!;
            expect(k.tokens).toBe(swaKinds.includes(kind) ? Math.min(cells, window) : cells);
            expect(k.tokens).toBe(cachedEntries(kind.kind, cells));
          }
        } finally {
          await context.dispose();
        }
      },
      TIMEOUT,
    );
  });
});

describe.skipIf(!engine)(
  "llama.cpp vs Ridgeline on a synthetic GLM-4.5 (glm4moe) GGUF: dense first layer, shared expert, partial rotary",
  () => {
    const e = engine as Engine;
    const dir = mkdtempSync(join(tmpdir(), "ridgeline-glm-"));
    const shape: ArchShape = {
      name: "synthetic glm4moe",
      embd: 256,
      layers: 4,
      heads: 8,
      kvHeads: 2,
      headDim: 64,
      ropeDim: 32,
      ff: 512,
      vocab: 1024,
      ctxTrain: 8192,
      experts: 8,
      expertsUsed: 2,
      expertFf: 128,
      denseLead: 1,
      sharedExperts: 1,
    };
    let rl: GgufModel;
    let loaded: LoadedModel;

    beforeAll(async () => {
      const path = join(dir, "glm4moe.gguf");
      writeArchGguf(path, "glm4moe", shape);
      rl = await ridgeline(path);
      loaded = await loadWithReport(e, path, { contextSize: 1024 });
    }, TIMEOUT);

    afterAll(async () => {
      await loaded.context.dispose();
      await loaded.model.dispose();
      rmSync(dir, { recursive: true, force: true });
    }, TIMEOUT);

    it("reads the layers, experts, dense first layer and rotary fraction llama.cpp reads", () => {
      const s = rl.spec;
      expect(loaded.report.loader).toMatchObject({
        arch: "glm4moe",
        nLayer: 4,
        nHead: 8,
        nHeadKv: 2,
        nExpert: 8,
        nExpertUsed: 2,
        nSwa: 0,
      });
      expect(loaded.report.loader.raw.n_rot).toBe("32");
      expect(s.rotaryFraction).toBe(0.5);
      expect(layerKindCounts(s).map((k) => [k.name, k.count])).toEqual([
        ["dense", 1],
        ["moe", 3],
      ]);
      expect(s.moe).toMatchObject({ sharedExperts: 1, sharedIntermediateSize: 128, routerBias: true });
    });

    it("parameter count, tensor bytes and KV cache equal Ridgeline's", () => {
      const params = countParams(rl.spec).total;
      expect(Math.abs(loaded.report.loader.modelParams - params)).toBeLessThanOrEqual(
        loaded.report.loader.modelParamsTolerance,
      );
      expect(loaded.report.modelSizeBytes).toBe(storedWeightBytes(rl.weights, rl.spec));
      expect(loaded.report.kvCaches).toHaveLength(1);
      expect(
        Math.abs(loaded.report.kvCaches[0]!.totalMiB - mib(kvCacheBytes(rl.spec, 1, 1024, "fp16").bytes)),
      ).toBeLessThanOrEqual(LOG_MIB);
    });
  },
);
