/**
 * The commands on latent-attention and hybrid models (DeepSeek-V3, Qwen3-Next, LFM2, and a
 * synthetic Granite 4.0 H GGUF), run as a child process. Expected cache sizes are worked out
 * by hand from the configs in the comments.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, type ExpectStatic, it } from "vitest";
import { writeGguf } from "../helpers/gguf-writer.js";
import { assertBuilt, type CliResult, describeResult, runCli } from "../helpers/run-cli.js";
import { graniteHybridGguf, writeSynthetic } from "../helpers/synthetic-hybrid.js";

beforeAll(assertBuilt);
const TIMEOUT = 30_000;

/** The fields of `--json` outputs these tests read (analyze, timeline, fit). */
interface CliJson {
  memory: { kvCacheBytes: number };
  decode: { layerOps: { name: string; flops: number }[] };
  model: { params: number };
  recurrentStateBytes: number;
  recurrentLayers: number;
  steps: { kvCacheBytes: number }[];
}

async function json(expect: ExpectStatic, args: string[]): Promise<CliJson> {
  const r: CliResult = await runCli([...args, "--json"]);
  expect(r.code, describeResult(r)).toBe(0);
  expect(r.stderr, describeResult(r)).toBe("");
  return JSON.parse(r.stdout);
}

const dir = mkdtempSync(join(tmpdir(), "ridgeline-cli-hybrid-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent("commands on MLA and hybrid models", () => {
  it(
    "analyze DeepSeek-V3 decode at 32768: the cache holds the 512-value latent and the 64-value rope key per token and layer",
    async ({ expect }) => {
      const d = await json(expect, [
        "analyze",
        "--model",
        "deepseek-v3",
        "--phase",
        "decode",
        "--prompt",
        "32768",
        "--context",
        "32768",
        "--weights",
        "q4_k_m",
      ]);
      // 61 layers · (512 + 64) values · 2 bytes · 32768 tokens = 2,302,672,896 bytes.
      expect(d.memory.kvCacheBytes).toBe(2_302_672_896);
      const names = d.decode.layerOps.map((o) => o.name);
      expect(names).toEqual(
        expect.arrayContaining(["q_a_proj", "kv_a_proj", "q_absorb", "attn_scores", "v_absorb", "o_proj"]),
      );
      const scores = d.decode.layerOps.find((o) => o.name === "attn_scores");
      // 128 heads · 32768 keys · 576 dims · 2 FLOPs
      expect(scores?.flops).toBe(2 * 128 * 32768 * 576);
    },
    TIMEOUT,
  );

  it(
    "--mla decompressed: DeepSeek-V3 caches every head's K (128 · 192) and V (128 · 128) instead of the latent",
    async ({ expect }) => {
      const args = [
        "analyze",
        "--model",
        "deepseek-v3",
        "--phase",
        "decode",
        "--prompt",
        "4096",
        "--context",
        "4096",
      ];
      const d = await json(expect, [...args, "--mla", "decompressed"]);
      // 61 layers · (24,576 + 16,384) values · 2 bytes · 4096 tokens
      expect(d.memory.kvCacheBytes).toBe(61 * 40_960 * 2 * 4096);
      const names = d.decode.layerOps.map((o) => o.name);
      expect(names).toContain("kv_b_proj");
      expect(names).not.toContain("q_absorb");
      const bad = await runCli([...args.slice(0, 1), "--model", "lfm2-350m", "--mla", "decompressed"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--mla: lfm2-350m has no multi-head latent attention layers/);
    },
    TIMEOUT,
  );

  it(
    "analyze Qwen3-Next: only the 12 attention layers' KV grows; the 36 Gated DeltaNet layers add a fixed state",
    async ({ expect }) => {
      const at = async (n: number) =>
        (
          await json(expect, [
            "analyze",
            "--model",
            "qwen3-next-80b-a3b",
            "--phase",
            "decode",
            "--prompt",
            String(n),
            "--context",
            String(n),
          ])
        ).memory.kvCacheBytes;
      // KV: 12 layers · 2 (K, V) · 2 heads · 256 dims · 2 bytes = 24,576 bytes per token.
      // State: 36 layers · (3 · 8192 conv + 32 · 128 · 128 SSM) · 4 bytes = 79,036,416 bytes.
      const state = 36 * (3 * 8192 + 32 * 128 * 128) * 4;
      expect(await at(1024)).toBe(1024 * 24_576 + state);
      expect(await at(65536)).toBe(65536 * 24_576 + state);
    },
    TIMEOUT,
  );

  it(
    "timeline LFM2-1.2B: the cache grows by the 6 attention layers only; the 10 convolution layers' state stays flat",
    async ({ expect }) => {
      const t = await json(expect, [
        "timeline",
        "--model",
        "lfm2-1.2b",
        "--prompt",
        "1024",
        "--generate",
        "50",
      ]);
      // State: 10 layers · (3 − 1) · 2048 channels · 4 bytes = 163,840 bytes.
      expect(t.recurrentStateBytes).toBe(163_840);
      expect(t.recurrentLayers).toBe(10);
      // Per token: 6 layers · 2 · 8 KV heads · 64 dims · 2 bytes = 12,288 bytes.
      const steps = t.steps;
      expect(steps[1]!.kvCacheBytes - steps[0]!.kvCacheBytes).toBe(12_288);
      expect(steps[49]!.kvCacheBytes).toBe(1073 * 12_288 + 163_840);
      const text = await runCli(["timeline", "--model", "lfm2-1.2b", "--prompt", "1024", "--generate", "50"]);
      expect(text.stdout).toMatch(
        /of which 160 KiB is the fixed state of 10 recurrent layers, the same at every step/,
      );
    },
    TIMEOUT,
  );

  it(
    "advise and fit on Qwen3-Next and LFM2",
    async ({ expect }) => {
      const a = await runCli(["advise", "--model", "qwen3-next-80b-a3b", "--device", "apple-m3-max-gpu-40c"]);
      expect(a.code, describeResult(a)).toBe(0);
      expect(a.stdout).toMatch(/delta_rule/);
      expect(a.stdout).toMatch(/quantize-weights/);
      const f = await json(expect, [
        "fit",
        "--model",
        "lfm2-350m,qwen3-next-80b-a3b",
        "--device",
        "apple-m2-gpu",
        "--latency",
        "100ms",
      ]);
      const rows = JSON.stringify(f);
      expect(rows).toMatch(/lfm2-350m/);
      expect(rows).toMatch(/qwen3-next-80b-a3b/);
    },
    TIMEOUT,
  );

  it(
    "analyze --model-config DeepSeek-V3's config.json: the latent cache, 576 values per token and layer",
    async ({ expect }) => {
      const d = await json(expect, [
        "analyze",
        "--model-config",
        "test/fixtures/hf/deepseek-v3.json",
        "--phase",
        "decode",
        "--prompt",
        "4096",
        "--context",
        "4096",
      ]);
      expect(d.memory.kvCacheBytes).toBe(61 * 576 * 2 * 4096);
      expect(d.model.params).toBe(671_026_419_200);
    },
    TIMEOUT,
  );

  it(
    "analyze --gguf a Granite 4.0 H (Mamba-2 + attention) file: SSM ops in the layer, state counted in memory",
    async ({ expect }) => {
      const path = join(dir, "granite.gguf");
      const g = graniteHybridGguf({
        name: "granite cli",
        embd: 256,
        layout: "MMMA",
        heads: 4,
        kvHeads: 2,
        ff: 128,
        ssmState: 64,
        ssmHeads: 8,
        ssmGroups: 1,
        convKernel: 4,
        experts: 4,
        expertsUsed: 2,
        sharedFf: 128,
        vocab: 512,
        ctxTrain: 4096,
      });
      writeSynthetic(path, g);
      expect(writeGguf(g).fileSize).toBeGreaterThan(0);
      const d = await json(expect, [
        "analyze",
        "--gguf",
        path,
        "--phase",
        "decode",
        "--prompt",
        "1000",
        "--context",
        "1000",
      ]);
      const names = d.decode.layerOps.map((o) => o.name);
      expect(names).toEqual(expect.arrayContaining(["ssm_in_proj", "ssm_conv", "ssm_scan", "ssm_out_proj"]));
      // KV: 1 attention layer · 2 · 2 heads · 64 dims · 2 bytes · 1000 = 512,000; state: 3 layers ·
      // (3 · (512 + 2·64) conv + 512 · 64 SSM) · 4 bytes = 3 · (1920 + 32,768) · 4 = 416,256.
      expect(d.memory.kvCacheBytes).toBe(512_000 + 416_256);
    },
    TIMEOUT,
  );
});
