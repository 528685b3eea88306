/**
 * The real llama.cpp (node-llama-cpp's prebuilt CPU binary) against Ridgeline on the same
 * synthetic llama GGUFs: what llama.cpp reads (layers, heads, sizes, parameter count), the
 * weight bytes it loads, and the KV cache it allocates at two context lengths and two KV
 * types. Skips only when the binary cannot load on this platform (the reason is printed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFileSource } from "../../src/cli/io/file-source.js";
import { type GgufModel, modelFromGguf } from "../../src/core/models/import/gguf-model.js";
import { readGgufHeader } from "../../src/core/models/import/gguf-reader.js";
import { countParams } from "../../src/core/models/params.js";
import { storedWeightBytes } from "../../src/core/models/weights.js";
import { kvCacheBytes } from "../../src/core/predict/memory.js";
import {
  contextReport,
  type Engine,
  type LoadedModel,
  loadEngine,
  loadWithReport,
  mib,
  parseEngineLog,
} from "../helpers/llama-engine.js";
import { type LlamaShape, type MatrixType, writeLlamaGguf } from "../helpers/synthetic-llama.js";

const TIMEOUT = 60_000;
/** The logs print MiB to 2 decimals. */
const LOG_MIB = 0.005;
const pad256 = (n: number) => Math.ceil(n / 256) * 256;

const SHAPE: Omit<LlamaShape, "name" | "type"> = {
  embd: 256,
  layers: 4,
  heads: 4,
  kvHeads: 2,
  ff: 768,
  vocab: 1024,
  ctxTrain: 8192,
};
const TYPES: readonly MatrixType[] = ["F16", "Q8_0", "Q4_0"];

const { engine, reason } = await loadEngine();
if (!engine) console.warn(`test/engine/llama.test.ts skipped: ${reason}`);

async function ridgeline(path: string): Promise<GgufModel> {
  const src = await openFileSource(path);
  try {
    return modelFromGguf(await readGgufHeader(src));
  } finally {
    await src.close();
  }
}

describe.skipIf(!engine)("llama.cpp (node-llama-cpp) vs Ridgeline on synthetic llama GGUFs", () => {
  const e = engine as Engine;
  const dir = mkdtempSync(join(tmpdir(), "ridgeline-engine-"));
  const files = new Map<MatrixType, { path: string; rl: GgufModel; loaded: LoadedModel }>();

  beforeAll(async () => {
    for (const type of TYPES) {
      const path = join(dir, `llama-${type}.gguf`);
      writeLlamaGguf(path, { ...SHAPE, name: `synthetic llama ${type}`, type });
      const loaded = await loadWithReport(e, path, { contextSize: 512 });
      files.set(type, { path, rl: await ridgeline(path), loaded });
    }
  }, 4 * TIMEOUT);

  afterAll(async () => {
    for (const f of files.values()) {
      await f.loaded.context.dispose();
      await f.loaded.model.dispose();
    }
    await e.dispose();
    rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);

  const get = (t: MatrixType) => files.get(t)!;

  it.each(TYPES)("%s: llama.cpp reads the architecture Ridgeline reads", (type) => {
    const { loader } = get(type).loaded.report;
    const s = get(type).rl.spec;
    expect(loader).toMatchObject({
      arch: "llama",
      nLayer: s.numLayers,
      nHead: s.numHeads,
      nHeadKv: s.numKvHeads,
      nEmbd: s.hiddenSize,
      nEmbdHeadK: s.headDim,
      nEmbdHeadV: s.headDim,
      nFf: s.intermediateSize,
      nExpert: 0,
      nExpertUsed: 0,
      nSwa: 0,
      nVocab: s.vocabSize,
      nCtxTrain: s.maxContext,
      fileType: type === "F16" ? "F16" : type,
    });
    expect(loader.isSwa).toEqual(Array.from({ length: s.numLayers }, () => false));
  });

  it.each(TYPES)("%s: parameter count and tensor bytes equal Ridgeline's", (type) => {
    const { loaded, rl } = get(type);
    const params = countParams(rl.spec).total;
    expect(Math.abs(loaded.report.loader.modelParams - params)).toBeLessThanOrEqual(
      loaded.report.loader.modelParamsTolerance,
    );
    // llama_model_size: the sum of ggml_nbytes over all tensors, exact.
    expect(loaded.report.modelSizeBytes).toBe(storedWeightBytes(rl.weights, rl.spec));
  });

  it.each(TYPES)("%s: model buffers hold Ridgeline's weight bytes (Q4_0: plus a repacked copy)", (type) => {
    const { loaded, rl } = get(type);
    const buffers = loaded.report.modelBuffersMiB;
    const w = rl.weights;
    const weights = mib(storedWeightBytes(w, rl.spec));
    if ("AMX" in buffers) {
      // An AMX CPU (Sapphire Rapids and later): llama.cpp's AMX extra buffer type takes the
      // matrices it has kernels for, in its own layout, while CPU_Mapped still spans the file
      // (at most the lm_head short of it). The AMX layout's size is not modelled yet (issue 17).
      expect(Object.keys(buffers).sort()).toEqual(["AMX", "CPU_Mapped"]);
      expect(buffers.CPU_Mapped!).toBeLessThanOrEqual(weights + LOG_MIB);
      expect(buffers.CPU_Mapped!).toBeGreaterThanOrEqual(weights - mib(w.lmHead.bytes) - LOG_MIB);
      expect(buffers.AMX!).toBeGreaterThan(0.5 * weights);
      return;
    }
    if (type !== "Q4_0") {
      // mmap: one CPU_Mapped buffer spanning the file's tensor data (every tensor here is a
      // multiple of the 32-byte alignment, so no padding).
      expect(Object.keys(buffers)).toEqual(["CPU_Mapped"]);
      expect(Math.abs(buffers["CPU_Mapped"]! - weights)).toBeLessThanOrEqual(LOG_MIB);
      return;
    }
    // Q4_0 on an AVX2 CPU: every matrix but token_embd (read by get_rows) is repacked to
    // q4_0_8x8 (same bytes) into CPU_REPACK, while CPU_Mapped still spans the file from
    // token_embd to the last tensor left in place (output_norm): llama.cpp holds about
    // twice Ridgeline's weight bytes (the mapped pages of repacked tensors are clean and
    // reclaimable, but counted in the mapping).
    const small = w.finalNormBytes + w.layers.reduce((a, l) => a + l.smallBytes, 0);
    const repacked = mib(storedWeightBytes(w, rl.spec) - w.embedding.bytes - small);
    expect(Math.abs(buffers["CPU_REPACK"]! - repacked)).toBeLessThanOrEqual(LOG_MIB);
    expect(Math.abs(buffers["CPU_Mapped"]! - (weights - mib(w.lmHead.bytes)))).toBeLessThanOrEqual(LOG_MIB);
    expect(buffers["CPU_Mapped"]! + buffers["CPU_REPACK"]!).toBeGreaterThan(1.8 * weights);
  });

  describe.each([
    ["F16", "fp16"],
    ["Q8_0", "q8_0"],
  ] as const)("KV cache %s", (kvType, format) => {
    it.each([512, 1000, 4096])(
      "at n_ctx %i: llama.cpp's KV buffer equals Ridgeline's kvCacheBytes at the padded cell count",
      async (n) => {
        const f = get("F16");
        const { context, report } = await contextReport(e, f.loaded, { contextSize: n, kvType });
        try {
          const cells = pad256(n);
          expect(report.context.nCtx).toBe(cells);
          expect(report.kvCaches).toHaveLength(1);
          expect(report.kvCaches[0]).toMatchObject({
            cells,
            layers: f.rl.spec.numLayers,
            typeK: kvType.toLowerCase(),
            typeV: kvType.toLowerCase(),
          });
          expect(report.kvLayers).toEqual([0, 1, 2, 3]);
          const rl = kvCacheBytes(f.rl.spec, 1, cells, format);
          expect(Math.abs(report.kvBuffersMiB["CPU"]! - mib(rl.bytes))).toBeLessThanOrEqual(LOG_MIB);
          expect(Math.abs(report.kvCaches[0]!.totalMiB - mib(rl.bytes))).toBeLessThanOrEqual(LOG_MIB);
          // Output (logits of n_outputs_max rows, f32) and compute buffers are reported too.
          expect(report.outputBuffersMiB["CPU"]).toBeGreaterThanOrEqual(0);
          expect(report.computeBuffersMiB["CPU"]).toBeGreaterThan(0);
        } finally {
          await context.dispose();
        }
      },
      TIMEOUT,
    );
  });
});

describe("parseEngineLog: the line kinds of the bundled llama.cpp", () => {
  const LOG = [
    "print_info: file format = GGUF V3 (latest)",
    "print_info: file type   = Q4_0",
    "print_info: file size   = 1.23 GiB (4.51 BPW) ",
    "print_info: arch                  = gemma3",
    "print_info: n_ctx_train           = 131072",
    "print_info: n_embd                = 2560",
    "print_info: n_layer               = 3",
    "print_info: n_head                = 8",
    "print_info: n_head_kv             = [4, 4, 2]",
    "print_info: n_swa                 = 1024",
    "print_info: n_embd_head_k         = 256",
    "print_info: n_embd_head_v         = 256",
    "print_info: n_ff                  = 10240",
    "print_info: n_expert              = 0",
    "print_info: n_expert_used         = 0",
    "print_info: model type            = 4B",
    "print_info: model params          = 3.88 B",
    "print_info: n_vocab               = 262144",
    "load_tensors: layer   0 assigned to device CPU, is_swa = 1",
    "load_tensors: layer   1 assigned to device CPU, is_swa = 1",
    "load_tensors: layer   2 assigned to device CPU, is_swa = 0",
    "load_tensors: layer   3 assigned to device CPU, is_swa = 0",
    "load_tensors:   CPU_Mapped model buffer size =  1262.50 MiB",
    "load_tensors:   CPU_REPACK model buffer size =   900.00 MiB",
    "llama_context: n_seq_max             = 1",
    "llama_context: n_ctx                 = 4096",
    "llama_context: n_ctx_seq             = 4096",
    "llama_context: n_batch               = 512",
    "llama_context: n_ubatch              = 512",
    "llama_context: flash_attn            = enabled",
    "llama_context:        CPU  output buffer size =     1.00 MiB",
    "llama_kv_cache_iswa: creating non-SWA KV cache, size = 4096 cells",
    "llama_kv_cache:        CPU KV buffer size =    16.00 MiB",
    "llama_kv_cache: size =   16.00 MiB (  4096 cells,   1 layers,  1/1 seqs), K (f16):    8.00 MiB, V (f16):    8.00 MiB",
    "llama_kv_cache:        CPU KV buffer size =     8.00 MiB",
    "llama_kv_cache: size =    8.00 MiB (  1024 cells,   2 layers,  1/1 seqs), K (q8_0):    4.00 MiB, V (q8_0):    4.00 MiB",
    "sched_reserve:        CPU compute buffer size =   517.12 MiB",
  ];

  it("reads every field", () => {
    const r = parseEngineLog(LOG);
    expect(r.loader).toMatchObject({
      arch: "gemma3",
      nLayer: 3,
      nHead: 8,
      nHeadKv: [4, 4, 2],
      nSwa: 1024,
      isSwa: [true, true, false],
      modelParams: 3.88e9,
      modelParamsTolerance: 0.005e9,
      fileType: "Q4_0",
      fileSizeMiB: 1.23 * 1024,
      bpw: 4.51,
      modelType: "4B",
      nVocab: 262144,
    });
    expect(r.modelBuffersMiB).toEqual({ CPU_Mapped: 1262.5, CPU_REPACK: 900 });
    expect(r.kvBuffersMiB).toEqual({ CPU: 24 });
    expect(r.kvCaches.map((c) => [c.cells, c.layers, c.typeK, c.kMiB])).toEqual([
      [4096, 1, "f16", 8],
      [1024, 2, "q8_0", 4],
    ]);
    expect(r.outputBuffersMiB).toEqual({ CPU: 1 });
    expect(r.computeBuffersMiB).toEqual({ CPU: 517.12 });
    expect(r.context).toEqual({
      nSeqMax: 1,
      nCtx: 4096,
      nCtxSeq: 4096,
      nBatch: 512,
      nUbatch: 512,
      flashAttn: "enabled",
    });
  });

  it("names the missing line", () => {
    expect(() => parseEngineLog(LOG.filter((l) => !l.includes("model params")))).toThrow(/model params/);
  });
});
