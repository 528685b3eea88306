/**
 * `analyze`'s memory as llama.cpp allocates it, end to end, and two bugs it used to have:
 * a Q4_0 GGUF was reported as "weights fp16" (the workload's default, not the file's), and a
 * decode analysis kept the default prompt's KV cache (2048 entries) under `--context 64`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Analysis, AnalysisSchema } from "../../src/core/predict/analysis-types.js";
import { writeGguf } from "../helpers/gguf-writer.js";
import { assertBuilt, describeResult, runCli } from "../helpers/run-cli.js";
import { llamaGguf } from "../helpers/synthetic-llama.js";

let dir = "";
const Q4 = () => join(dir, "llama-q4_0.gguf");

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), "ridgeline-memory-"));
  const f = writeGguf(
    llamaGguf({
      name: "q4",
      embd: 256,
      layers: 4,
      heads: 4,
      kvHeads: 2,
      ff: 768,
      vocab: 1024,
      ctxTrain: 8192,
      type: "Q4_0",
    }),
  );
  // the header is enough: the CLI reads no tensor data (a sparse file of the full size)
  const bytes = new Uint8Array(f.fileSize);
  bytes.set(f.header);
  await writeFile(Q4(), bytes);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function json(args: string[]): Promise<Analysis> {
  const r = await runCli([...args, "--json"]);
  expect(r.code, describeResult(r)).toBe(0);
  return AnalysisSchema.parse(JSON.parse(r.stdout));
}

describe("analyze: memory", () => {
  it("a Q4_0 GGUF says q4_0, in text and JSON (was: fp16)", async () => {
    const r = await runCli(["analyze", "--gguf", Q4(), "--device", "amd-ryzen-9-7950x"]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(/^weights q4_0, activations/m);
    expect(r.stdout).not.toMatch(/weights fp16/);
    const a = await json(["analyze", "--gguf", Q4(), "--device", "amd-ryzen-9-7950x"]);
    expect(a.model.weightsFormat).toBe("q4_0");
  });

  it("--context 64 sizes the decode KV cache (was: the default prompt's 2048 entries)", async () => {
    const both = await json(["analyze", "--model", "llama-3.2-1b", "--context", "64"]);
    expect(both.workload.promptTokens).toBe(64);
    expect(both.memory.kvCacheTokens).toBe(64);
    const decode = await json([
      "analyze",
      "--model",
      "llama-3.2-1b",
      "--phase",
      "decode",
      "--prompt",
      "2048",
      "--context",
      "64",
    ]);
    expect(decode.memory.kvCacheTokens).toBe(64);
    expect(decode.decode?.keys).toBe(64);
    // llama.cpp pads the 64-token context to 256 cells: Llama 3.2 1B keeps 16 layers × 2 × 512 values × 2 bytes per cell
    const kv = decode.memory.plan.units.flatMap((u) => u.buffers).find((b) => b.kind === "kv");
    expect(decode.memory.plan.engine.nCtx).toBe(256);
    expect(kv?.bytes).toBe(256 * 16 * 2 * 512 * 2);
  });

  it("shows llama.cpp's buffers per unit, under the engine's names, in text and JSON", async () => {
    const r = await runCli(["analyze", "--gguf", Q4(), "--device", "amd-ryzen-9-7950x", "--prompt", "300"]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(/Memory as llama\.cpp allocates it: n_ctx 512/);
    for (const name of [
      "CPU_Mapped model buffer",
      "CPU_REPACK model buffer",
      "CPU KV buffer",
      "CPU output buffer",
      "CPU compute buffer",
    ])
      expect(r.stdout).toContain(name);
    const a = await json(["analyze", "--gguf", Q4(), "--device", "amd-ryzen-9-7950x", "--prompt", "300"]);
    const names = a.memory.plan.units[0]!.buffers.map((b) => b.name);
    expect(names).toContain("CPU_REPACK model buffer");
    expect(a.memory.totalBytes).toBe(a.memory.plan.totalBytes);
  });
});
