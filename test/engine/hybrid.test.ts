/**
 * The real llama.cpp (node-llama-cpp's prebuilt CPU binary) against Ridgeline on synthetic
 * GGUFs of the latent-attention and hybrid architectures: DeepSeek MLA (absorbed and legacy
 * decompressed layouts, dense lead layer, routed + shared experts, expert groups), Granite
 * 4.0 H (Mamba-2 + attention, MoE with a shared expert), Qwen3-Next (Gated DeltaNet + gated
 * attention) and LFM2 (short convolutions + attention). For each: what llama.cpp reads
 * (layers, heads, per-layer KV heads, experts, latent ranks, SSM sizes), its parameter count
 * and tensor bytes, and at two context lengths its KV-cache buffer (only the attention
 * layers; the latent cache for MLA) and its recurrent-state buffers (conv windows R and SSM
 * states S, the same at both lengths) — against what Ridgeline reads and computes from the
 * same file. Skips only when the binary cannot load on this platform (the reason is printed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFileSource } from "../../src/cli/io/file-source.js";
import { type GgufModel, modelFromGguf } from "../../src/core/models/import/gguf-model.js";
import { readGgufHeader } from "../../src/core/models/import/gguf-reader.js";
import {
  layerKindCounts,
  layerKindOf,
  recurrentStateValues,
  resolveAttention,
} from "../../src/core/models/layers.js";
import { countParams } from "../../src/core/models/params.js";
import type { ModelSpec } from "../../src/core/models/schema.js";
import { storedWeightBytes } from "../../src/core/models/weights.js";
import { kvCacheByKind } from "../../src/core/predict/memory.js";
import type { WTensor, WValue } from "../helpers/gguf-writer.js";
import {
  contextReport,
  type Engine,
  type LoadedModel,
  loadEngine,
  loadWithReport,
  mib,
} from "../helpers/llama-engine.js";
import { SMALL_DEEPSEEK2, SMALL_QWEN3NEXT } from "../helpers/small-shapes.js";
import {
  deepseek2Gguf,
  graniteHybridGguf,
  lfm2Gguf,
  qwen3NextGguf,
  writeSynthetic,
} from "../helpers/synthetic-hybrid.js";

const TIMEOUT = 60_000;
/** The logs print MiB to 2 decimals (%.2f: an exact half, e.g. 0.625, may round either way). */
const LOG_MIB = 0.005 + 1e-9;
const pad256 = (n: number) => Math.ceil(n / 256) * 256;
const CONTEXTS = [512, 4096] as const;

const DEEPSEEK = SMALL_DEEPSEEK2;

interface Case {
  readonly key: string;
  readonly arch: string;
  readonly gguf: { metadata: [string, WValue][]; tensors: WTensor[] };
  /** KV heads llama.cpp prints for layer i of the spec. */
  readonly kvHeadsOf: (m: ModelSpec, i: number) => number;
}

const attnKv = (m: ModelSpec, i: number) => {
  const k = layerKindOf(m, i);
  return k.mixer.kind === "attention" ? resolveAttention(m, k.mixer).kvHeads : 0;
};

const CASES: readonly Case[] = [
  {
    key: "deepseek2-mla",
    arch: "deepseek2",
    gguf: deepseek2Gguf({ ...DEEPSEEK, name: "synthetic deepseek2 mla", mla: "absorbed" }),
    kvHeadsOf: () => 1, // absorbed: one shared latent "head"
  },
  {
    key: "deepseek2-legacy",
    arch: "deepseek2",
    gguf: deepseek2Gguf({ ...DEEPSEEK, name: "synthetic deepseek2 legacy", mla: "decompressed" }),
    kvHeadsOf: (m) => m.numHeads,
  },
  {
    key: "granitehybrid",
    arch: "granitehybrid",
    gguf: graniteHybridGguf({
      name: "synthetic granite hybrid",
      embd: 512,
      layout: "MMMAMMMA",
      heads: 8,
      kvHeads: 2,
      ff: 128,
      ssmState: 128,
      ssmHeads: 16,
      ssmGroups: 2,
      convKernel: 4,
      experts: 8,
      expertsUsed: 2,
      sharedFf: 256,
      vocab: 1024,
      ctxTrain: 8192,
    }),
    kvHeadsOf: attnKv,
  },
  {
    key: "qwen3next",
    arch: "qwen3next",
    gguf: qwen3NextGguf({ ...SMALL_QWEN3NEXT, name: "synthetic qwen3next" }),
    kvHeadsOf: (m) => m.numKvHeads, // qwen3next prints the attention layers' count for every layer
  },
  {
    key: "lfm2",
    arch: "lfm2",
    gguf: lfm2Gguf({
      name: "synthetic lfm2",
      embd: 1024,
      layout: "CCACCACC",
      heads: 16,
      kvHeads: 8,
      ff: 512,
      convCache: 3,
      vocab: 1024,
      ctxTrain: 8192,
    }),
    kvHeadsOf: attnKv,
  },
];

const { engine, reason } = await loadEngine();
if (!engine) console.warn(`test/engine/hybrid.test.ts skipped: ${reason}`);

async function ridgeline(path: string): Promise<GgufModel> {
  const src = await openFileSource(path);
  try {
    return modelFromGguf(await readGgufHeader(src));
  } finally {
    await src.close();
  }
}

const isRecurrent = (k: string) => k === "mamba2" || k === "gated_deltanet" || k === "short_conv";

describe.skipIf(!engine)("llama.cpp (node-llama-cpp) vs Ridgeline on synthetic MLA and hybrid GGUFs", () => {
  const e = engine as Engine;
  const dir = mkdtempSync(join(tmpdir(), "ridgeline-hybrid-"));
  const files = new Map<string, { rl: GgufModel; loaded: LoadedModel }>();

  beforeAll(async () => {
    for (const c of CASES) {
      const path = join(dir, `${c.key}.gguf`);
      writeSynthetic(path, c.gguf);
      const loaded = await loadWithReport(e, path, { contextSize: 512 });
      files.set(c.key, { rl: await ridgeline(path), loaded });
    }
  }, 5 * TIMEOUT);

  afterAll(async () => {
    for (const f of files.values()) {
      await f.loaded.context.dispose();
      await f.loaded.model.dispose();
    }
    await e.dispose();
    rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);

  const get = (key: string) => files.get(key)!;

  it.each(CASES.map((c) => [c.key, c] as const))(
    "%s: llama.cpp reads the architecture Ridgeline reads",
    (key, c) => {
      const { loader } = get(key).loaded.report;
      const s = get(key).rl.spec;
      expect(loader.arch).toBe(c.arch);
      expect(loader.nLayer).toBe(s.numLayers);
      expect(loader.nEmbd).toBe(s.hiddenSize);
      expect(loader.nCtxTrain).toBe(s.maxContext);
      const kv = Array.from({ length: s.numLayers }, (_, i) => c.kvHeadsOf(s, i));
      expect(loader.nHeadKv).toEqual(kv.every((x) => x === kv[0]) ? kv[0] : kv);
      expect(loader.nExpert).toBe(s.moe?.numExperts ?? 0);
      expect(loader.nExpertUsed).toBe(s.moe?.expertsPerToken ?? 0);
      expect(Number(loader.raw.n_expert_groups)).toBe(s.moe?.groups?.count ?? 0);
      expect(Number(loader.raw.n_group_used)).toBe(s.moe?.groups?.used ?? 0);
      const kinds = layerKindCounts(s);
      const mixers = kinds.map((k) => k.kind.mixer);
      const mla = mixers.find((x) => x.kind === "mla");
      if (mla?.kind === "mla") {
        expect(Number(loader.raw.n_lora_q)).toBe(mla.qLoraRank);
        expect(Number(loader.raw.n_lora_kv)).toBe(mla.kvLoraRank);
        expect(Number(loader.raw.n_rot)).toBe(mla.ropeDim);
        expect(Number(loader.raw.n_embd_head_k_mla)).toBe(mla.nopeDim + mla.ropeDim);
        expect(Number(loader.raw.n_embd_head_v_mla)).toBe(mla.vDim);
        expect(Number(loader.raw.n_layer_dense_lead)).toBe(s.layers?.first?.length ?? 0);
        expect(Number(loader.raw.n_expert_shared)).toBe(s.moe?.sharedExperts);
        expect(Number(loader.raw.n_ff_exp)).toBe(s.moe?.expertIntermediateSize);
      }
      for (const x of mixers) {
        if (x.kind === "mamba2") {
          expect([loader.raw.ssm_d_conv, loader.raw.ssm_d_inner, loader.raw.ssm_d_state].map(Number)).toEqual(
            [x.convKernel, x.dInner, x.dState],
          );
          expect([loader.raw.ssm_dt_rank, loader.raw.ssm_n_group].map(Number)).toEqual([x.nHeads, x.nGroups]);
        }
        if (x.kind === "gated_deltanet") {
          expect(Number(loader.raw.ssm_n_group)).toBe(x.kHeads);
          expect(Number(loader.raw.ssm_dt_rank)).toBe(x.vHeads);
          expect(Number(loader.raw.ssm_d_state)).toBe(x.kDim);
          expect(Number(loader.raw.ssm_d_inner)).toBe(x.vHeads * x.vDim);
          expect(Number(loader.raw.ssm_d_conv)).toBe(x.convKernel);
        }
      }
    },
  );

  it.each(CASES.map((c) => c.key))("%s: parameter count and tensor bytes equal Ridgeline's", (key) => {
    const { loaded, rl } = get(key);
    const params = countParams(rl.spec).total;
    expect(Math.abs(loaded.report.loader.modelParams - params)).toBeLessThanOrEqual(
      loaded.report.loader.modelParamsTolerance,
    );
    // llama_model_size: the sum of ggml_nbytes over all tensors, exact.
    expect(loaded.report.modelSizeBytes).toBe(storedWeightBytes(rl.weights, rl.spec));
    expect(rl.warnings).toEqual([]);
  });

  describe.each(CONTEXTS.map((n) => [n] as const))("at n_ctx %i", (n) => {
    it.each(CASES.map((c) => c.key))(
      "%s: the KV cache holds Ridgeline's attention/latent bytes, the recurrent state Ridgeline's conv and SSM state",
      async (key) => {
        const f = get(key);
        const { context, report } = await contextReport(e, f.loaded, { contextSize: n });
        try {
          const cells = pad256(n);
          expect(report.context.nCtx).toBe(cells);
          const s = f.rl.spec;
          const byKind = kvCacheByKind(s, 1, cells, "fp16");
          const counts = layerKindCounts(s);
          const cached = counts.filter(
            (k) => !isRecurrent(k.kind.mixer.kind) && k.kind.mixer.kind !== "none",
          );
          const kvBytes = byKind
            .filter((b) => cached.some((k) => k.name === b.kind))
            .reduce((a, b) => a + b.bytes, 0);
          expect(report.kvCaches).toHaveLength(1);
          expect(report.kvCaches[0]).toMatchObject({
            cells,
            layers: cached.reduce((a, k) => a + k.count, 0),
          });
          expect(Math.abs(report.kvCaches[0]!.totalMiB - mib(kvBytes))).toBeLessThanOrEqual(LOG_MIB);
          expect(Math.abs(report.kvBuffersMiB.CPU! - mib(kvBytes))).toBeLessThanOrEqual(LOG_MIB);
          if (key === "deepseek2-mla") expect(report.kvCaches[0]!.vMiB).toBe(0); // V is the latent: no V tensor

          let conv = 0;
          let ssm = 0;
          for (const k of counts) {
            const v = recurrentStateValues(s, k.kind);
            conv += k.count * v.conv * 4;
            ssm += k.count * v.ssm * 4;
          }
          if (conv + ssm === 0) {
            expect(report.recurrent).toEqual([]);
            return;
          }
          expect(report.recurrent).toHaveLength(1);
          const r = report.recurrent[0]!;
          expect(r).toMatchObject({ cells: 1, seqs: 1, typeR: "f32", typeS: "f32" });
          expect(Math.abs(r.rMiB - mib(conv))).toBeLessThanOrEqual(LOG_MIB);
          expect(Math.abs(r.sMiB - mib(ssm))).toBeLessThanOrEqual(LOG_MIB);
          expect(Math.abs(report.rsBuffersMiB.CPU! - mib(conv + ssm))).toBeLessThanOrEqual(LOG_MIB);
        } finally {
          await context.dispose();
        }
      },
      TIMEOUT,
    );
  });
});
