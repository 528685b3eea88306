/**
 * analyze, timeline, advise and fit on the 2025 architectures, as a user runs them: each
 * exits 0 with valid JSON; import notes appear in --json output; sliding-window layers'
 * KV stays flat at long context.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { SMALL_GPT_OSS } from "../helpers/small-shapes.js";
import { type Arch, type ArchShape, writeArchGguf } from "../helpers/synthetic-arch.js";

const TIMEOUT = 60_000;
const MODELS = [
  "gpt-oss-20b",
  "gemma-3-4b",
  "llama-4-scout",
  "glm-4.5-air",
  "smollm3-3b",
  "olmo-2-7b",
  "mistral-small-3.1-24b",
  "phi-4-mini",
];

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await runCli(args, { timeoutMs: 50_000 });
  expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe.concurrent("every command on every new architecture", () => {
  for (const id of MODELS) {
    it(
      `${id}: analyze, timeline, advise, fit`,
      async () => {
        const a = await json([
          "analyze",
          "--model",
          id,
          "--device",
          "nvidia-rtx-4090",
          "--prompt",
          "4096",
          "--json",
        ]);
        expect((a.model as { id: string }).id).toBe(id);
        const t = await json([
          "timeline",
          "--model",
          id,
          "--device",
          "nvidia-rtx-4090",
          "--prompt",
          "512",
          "--generate",
          "16",
          "--json",
        ]);
        expect((t.steps as unknown[]).length).toBe(16);
        const adv = await json([
          "advise",
          "--model",
          id,
          "--device",
          "nvidia-rtx-4090",
          "--prompt",
          "512",
          "--generate",
          "16",
          "--json",
        ]);
        expect(adv).toHaveProperty("model");
        const f = await json([
          "fit",
          "--model",
          id,
          "--device",
          "nvidia-rtx-4090",
          "--latency",
          "1s",
          "--json",
        ]);
        expect(JSON.stringify(f)).toContain(id);
        // No NaN or Infinity reaches the JSON (it would not parse), and times are positive.
        const decode = a.decode as { latencyEstimateS: number };
        expect(decode.latencyEstimateS).toBeGreaterThan(0);
      },
      TIMEOUT,
    );
  }
});

describe("import notes and sliding windows in --json", () => {
  it(
    "analyze --model-config gpt-oss --json carries the import notes as diagnostics",
    async () => {
      const a = await json(["analyze", "--model-config", "test/fixtures/hf/gpt-oss-20b.json", "--json"]);
      const notes = (a.diagnostics as { code: string; message: string }[]).filter(
        (d) => d.code === "model.import-note",
      );
      expect(notes.map((n) => n.message).join("\n")).toMatch(/clamped SwiGLU/);
    },
    TIMEOUT,
  );

  it(
    "timeline --model-config gemma 3 --json carries notes; the vision tower is said to be not modelled",
    async () => {
      const t = await json([
        "timeline",
        "--model-config",
        "test/fixtures/hf/gemma-3-4b-it.json",
        "--generate",
        "4",
        "--json",
      ]);
      expect((t.notes as string[]).join("\n")).toMatch(/vision tower and projector .* not modelled/);
      const adv = await json([
        "advise",
        "--model-config",
        "test/fixtures/hf/gemma-3-4b-it.json",
        "--generate",
        "4",
        "--json",
      ]);
      expect((adv.notes as string[]).join("\n")).toMatch(/transformers' gemma3_text defaults/);
      const a = await json(["analyze", "--model", "gemma-3-4b", "--json"]);
      expect((a.diagnostics as { code: string }[]).map((d) => d.code)).toContain("model.vision-not-modelled");
    },
    TIMEOUT,
  );

  it(
    "gpt-oss decode at 32k and 64k: the sliding layers read the same 128 entries, the full layers twice as many",
    async () => {
      const at = async (ctx: number) => {
        const a = await json([
          "analyze",
          "--model",
          "gpt-oss-20b",
          "--phase",
          "decode",
          "--prompt",
          String(ctx),
          "--json",
        ]);
        return (a.decode as { layerVariants: { count: number; totals: { bytes: { kvRead: number } } }[] })
          .layerVariants;
      };
      const [a, b] = await Promise.all([at(32768), at(65536)]);
      // sliding: 128 entries × 8 KV heads × 64 × 2 (K and V) × 2 bytes = 262,144 bytes, at any context.
      expect(a[0]?.totals.bytes.kvRead).toBe(262_144);
      expect(b[0]?.totals.bytes.kvRead).toBe(262_144);
      expect(a[1]?.totals.bytes.kvRead).toBe(32768 * 2048);
      expect(b[1]?.totals.bytes.kvRead).toBe(65536 * 2048);
    },
    TIMEOUT,
  );
});

describe("GGUF files of the new architectures through the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "ridgeline-cli-arch-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const shapes: Record<Arch, ArchShape> = {
    "gpt-oss": { ...SMALL_GPT_OSS, name: "cli gpt-oss" },
    gemma3: {
      name: "cli gemma3",
      embd: 256,
      layers: 6,
      heads: 4,
      kvHeads: 2,
      headDim: 64,
      ff: 512,
      vocab: 1024,
      ctxTrain: 8192,
      swa: 64,
    },
    llama4: {
      name: "cli llama4",
      embd: 256,
      layers: 4,
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
    glm4moe: {
      name: "cli glm4moe",
      embd: 256,
      layers: 3,
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
    },
  };
  for (const [arch, shape] of Object.entries(shapes) as [Arch, ArchShape][]) {
    it(
      `${arch}: analyze --gguf and timeline --gguf at 16k`,
      async () => {
        const path = join(dir, `${arch}.gguf`);
        writeArchGguf(path, arch, shape);
        const a = await json(["analyze", "--gguf", path, "--prompt", "16384", "--json"]);
        expect((a.model as { weightsOrigin: string }).weightsOrigin).toBe("gguf");
        const t = await json(["timeline", "--gguf", path, "--prompt", "16384", "--generate", "3", "--json"]);
        const steps = t.steps as { kvCacheBytes: number }[];
        expect(steps[2]!.kvCacheBytes).toBeGreaterThan(steps[1]!.kvCacheBytes);
      },
      TIMEOUT,
    );
  }
});
