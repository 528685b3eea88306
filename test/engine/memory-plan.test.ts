/**
 * planMemory against the real llama.cpp (node-llama-cpp's CPU build): synthetic GGUFs of seven
 * architectures (llama, Gemma 3, gpt-oss, DeepSeek-2 MLA, Qwen3-Next, LFM2, Granite-hybrid),
 * each with F16 and Q4_0 matrices, at three context lengths. Every buffer llama.cpp logs is
 * compared with the plan's: the caches (KV, recurrent state) and the output buffer exactly
 * (to the log's 0.01 MiB), the model buffers within 1%, the whole within 3%; the compute
 * buffer, the plan's fitted part, within 15% (its error is printed per case).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFileSource } from "../../src/cli/io/file-source.js";
import {
  type CpuKernels,
  type GgufModel,
  type MemoryPlan,
  modelFromGguf,
  planMemory,
  readGgufHeader,
  resolveWorkload,
} from "../../src/core/index.js";
import type { WTensor, WValue } from "../helpers/gguf-writer.js";
import { writeGgufFile } from "../helpers/gguf-writer.js";
import {
  contextReport,
  type Engine,
  type EngineReport,
  type LoadedModel,
  loadEngine,
  loadWithReport,
  mib,
} from "../helpers/llama-engine.js";
import { SMALL_DEEPSEEK2, SMALL_GPT_OSS, SMALL_QWEN3NEXT } from "../helpers/small-shapes.js";
import { archGguf } from "../helpers/synthetic-arch.js";
import { deepseek2Gguf, graniteHybridGguf, lfm2Gguf, qwen3NextGguf } from "../helpers/synthetic-hybrid.js";
import { GGML, llamaGguf } from "../helpers/synthetic-llama.js";

const TIMEOUT = 120_000;
const LOG_MIB = 0.005 + 1e-9;
const CONTEXTS = [300, 1000, 2048] as const;
type Gguf = { metadata: [string, WValue][]; tensors: WTensor[] };

/** The same file with every F16 matrix whose rows are whole 32-blocks in Q4_0 (norms, convs, routers stay). */
function asQ4_0(g: Gguf): Gguf {
  return {
    metadata: g.metadata,
    tensors: g.tensors.map((t) =>
      t.type === GGML.F16 && t.dims.length >= 2 && t.dims[0]! % 32 === 0 ? { ...t, type: GGML.Q4_0 } : t,
    ),
  };
}

const ARCHS: readonly { key: string; gguf: Gguf }[] = [
  {
    key: "llama",
    gguf: llamaGguf({
      name: "l",
      embd: 256,
      layers: 4,
      heads: 4,
      kvHeads: 2,
      ff: 768,
      vocab: 1024,
      ctxTrain: 8192,
      type: "F16",
    }),
  },
  {
    key: "gemma3",
    gguf: archGguf("gemma3", {
      name: "g",
      embd: 256,
      layers: 7,
      heads: 4,
      kvHeads: 2,
      headDim: 64,
      ff: 1024,
      vocab: 1024,
      ctxTrain: 8192,
      swa: 64,
    }),
  },
  {
    key: "gpt-oss",
    gguf: archGguf("gpt-oss", { ...SMALL_GPT_OSS, name: "o" }),
  },
  {
    key: "deepseek2",
    gguf: deepseek2Gguf({ ...SMALL_DEEPSEEK2, name: "d", ff: 768, mla: "absorbed" }),
  },
  {
    key: "qwen3next",
    gguf: qwen3NextGguf({ ...SMALL_QWEN3NEXT, name: "q" }),
  },
  {
    key: "lfm2",
    gguf: lfm2Gguf({
      name: "f",
      embd: 512,
      layout: "CCACCACC",
      heads: 8,
      kvHeads: 4,
      ff: 1536,
      convCache: 3,
      vocab: 1024,
      ctxTrain: 8192,
    }),
  },
  {
    key: "granitehybrid",
    gguf: graniteHybridGguf({
      name: "h",
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
  },
];
const FORMATS = ["F16", "Q4_0"] as const;

/** The kernels of this machine's CPU, from /proc/cpuinfo (llama.cpp loads its best CPU variant for them). */
function cpuKernels(): CpuKernels {
  let flags = "";
  try {
    flags = readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return "x86-avx2";
  }
  if (/\bamx_int8\b/.test(flags) && /\bavx512_vnni\b/.test(flags)) return "x86-amx";
  if (/\bavx512f\b/.test(flags)) return "x86-avx512";
  if (/\bavx2\b/.test(flags)) return "x86-avx2";
  if (/\basimddp\b/.test(flags)) return /\bi8mm\b/.test(flags) ? "arm-i8mm" : "arm-dotprod";
  return "generic";
}

/** The engine's buffers, MiB by "<kind>:<buffer name>" (the names the plan uses). */
function engineBuffers(r: EngineReport): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (kind: string, rec: Record<string, number>) => {
    for (const [k, v] of Object.entries(rec)) out[`${kind}:${k}`] = v;
  };
  put("model", r.modelBuffersMiB);
  put("kv", r.kvBuffersMiB);
  put("recurrent", r.rsBuffersMiB);
  put("output", r.outputBuffersMiB);
  put("compute", r.computeBuffersMiB);
  return out;
}

function planBuffers(p: MemoryPlan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const u of p.units)
    for (const b of u.buffers) {
      const dev = b.name.split(" ")[0]!;
      out[`${b.kind}:${dev}`] = (out[`${b.kind}:${dev}`] ?? 0) + mib(b.bytes);
    }
  return out;
}

const { engine, reason } = await loadEngine();
if (!engine) console.warn(`test/engine/memory-plan.test.ts skipped: ${reason}`);

describe.skipIf(!engine)(
  "planMemory vs llama.cpp's logged buffers (7 architectures × F16, Q4_0 × 3 contexts)",
  () => {
    const e = engine as Engine;
    const dir = mkdtempSync(join(tmpdir(), "ridgeline-memplan-"));
    const kernels = cpuKernels();
    const loaded = new Map<string, { rl: GgufModel; engine: LoadedModel }>();
    const rows: string[] = [];

    beforeAll(async () => {
      for (const a of ARCHS)
        for (const f of FORMATS) {
          const path = join(dir, `${a.key}-${f}.gguf`);
          writeGgufFile(path, f === "F16" ? a.gguf : asQ4_0(a.gguf));
          const src = await openFileSource(path);
          let rl: GgufModel;
          try {
            rl = modelFromGguf(await readGgufHeader(src));
          } finally {
            await src.close();
          }
          loaded.set(`${a.key}-${f}`, { rl, engine: await loadWithReport(e, path, { contextSize: 256 }) });
        }
    }, 10 * TIMEOUT);

    afterAll(async () => {
      console.log(`planMemory vs llama.cpp (CPU kernels ${kernels}), MiB engine / plan:\n${rows.join("\n")}`);
      for (const l of loaded.values()) {
        await l.engine.context.dispose();
        await l.engine.model.dispose();
      }
      await e.dispose();
      rmSync(dir, { recursive: true, force: true });
    }, TIMEOUT);

    const cases = ARCHS.flatMap((a) =>
      FORMATS.flatMap((f) => CONTEXTS.map((n) => ({ key: `${a.key}-${f}`, n }))),
    );
    it.each(cases)(
      "$key at n_ctx $n: every buffer",
      async ({ key, n }) => {
        const l = loaded.get(key)!;
        const { context, report } = await contextReport(e, l.engine, { contextSize: n });
        try {
          const plan = planMemory({
            model: l.rl.spec,
            weights: l.rl.weights,
            workload: resolveWorkload({ phase: "prefill", promptTokens: n }),
            engine: { cpuKernels: kernels, ubatch: 512, flashAttention: false },
          });
          expect(plan.engine.nCtx).toBe(report.context.nCtx);
          const got = engineBuffers(report);
          const want = planBuffers(plan);
          expect(Object.keys(want).sort()).toEqual(Object.keys(got).sort());
          let engineTotal = 0;
          let planTotal = 0;
          const cells: string[] = [];
          for (const [name, g] of Object.entries(got)) {
            const p = want[name]!;
            engineTotal += g;
            planTotal += p;
            cells.push(`${name} ${g.toFixed(2)}/${p.toFixed(2)}`);
            const kind = name.split(":")[0];
            if (kind === "kv" || kind === "recurrent" || kind === "output")
              expect(Math.abs(g - p), name).toBeLessThanOrEqual(LOG_MIB);
            else if (kind === "model")
              expect(Math.abs(g - p), name).toBeLessThanOrEqual(Math.max(LOG_MIB, 0.01 * g));
            else expect(Math.abs(p - g) / g, name).toBeLessThanOrEqual(0.15);
          }
          const err = (planTotal - engineTotal) / engineTotal;
          rows.push(
            `${key} n_ctx ${n}: total ${engineTotal.toFixed(2)}/${planTotal.toFixed(2)} (${(err * 100).toFixed(1)}%) | ${cells.join(", ")}`,
          );
          expect(Math.abs(err)).toBeLessThanOrEqual(0.03);
        } finally {
          await context.dispose();
        }
      },
      TIMEOUT,
    );
  },
);
