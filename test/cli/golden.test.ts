/**
 * Golden files: the exact text reports of a few commands, committed under test/cli/golden/.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/cli/golden.test.ts`, then read the
 * diff, and check the numbers by hand (the second describe block pins some of them, so a
 * wrong regeneration still fails).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, it } from "vitest";
import { assertBuilt, describeResult, runCli } from "../helpers/run-cli.js";

beforeAll(assertBuilt);

const GOLDEN_DIR = fileURLToPath(new URL("./golden/", import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const CASES: readonly { file: string; args: readonly string[] }[] = [
  {
    file: "analyze-tinyllama-1.1b-apple-m2-gpu.txt",
    args: ["analyze", "--model", "tinyllama-1.1b", "--device", "apple-m2-gpu"],
  },
  {
    file: "gemm-1x4096x4096-fp32-apple-m2-gpu.txt",
    args: ["gemm", "--m", "1", "--k", "4096", "--n", "4096", "--dtype", "fp32", "--device", "apple-m2-gpu"],
  },
  { file: "models-show-llama-2-7b.txt", args: ["models", "show", "llama-2-7b"] },
];

const goldenPath = (file: string) => join(GOLDEN_DIR, file);

describe.concurrent("golden reports", () => {
  for (const c of CASES) {
    it(`ridgeline ${c.args.join(" ")}`, async ({ expect }) => {
      const r = await runCli(c.args);
      expect(r.code, describeResult(r)).toBe(0);
      expect(r.stderr).toBe("");
      const path = goldenPath(c.file);
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(path, r.stdout);
        return;
      }
      if (!existsSync(path))
        throw new Error(`golden file ${path} is missing: create it with UPDATE_GOLDEN=1`);
      const golden = readFileSync(path, "utf8");
      // Line by line first: a failing diff then points at the first changed line.
      expect(r.stdout.split("\n"), `output differs from ${c.file} (UPDATE_GOLDEN=1 regenerates it)`).toEqual(
        golden.split("\n"),
      );
      expect(r.stdout).toBe(golden);
    }, 30_000);
  }
});

/** Numbers in the golden files, worked out by hand. */
describe.skipIf(UPDATE)("golden files hold hand-checked numbers", () => {
  const read = (file: string) => readFileSync(goldenPath(file), "utf8");
  const row = (text: string, section: "PREFILL" | "DECODE", op: string) => {
    const part = text.slice(text.indexOf(section));
    const l = part.split("\n").find((x) => x.startsWith(`${op} `));
    if (!l) throw new Error(`no ${op} row in ${section}`);
    return l.trim().split(/\s{2,}/);
  };

  it("TinyLlama 1.1B on the Apple M2 GPU", ({ expect }) => {
    const t = read("analyze-tinyllama-1.1b-apple-m2-gpu.txt");
    // TinyLlama: d 2048, 22 layers, 32 heads / 4 KV heads of 64, d_ff 5632, vocab 32000, untied.
    // Parameters: per layer 2·2048² + 2·2048·256 + 3·2048·5632 + 2·2048 = 44,044,288; ×22 = 968,974,336;
    // + 2·32000·2048 = 131,072,000 + 2,048 → 1,100,048,384 = "1.10 G".
    expect(t.split("\n")[1]).toBe(
      "weights fp16, activations fp16, KV cache fp16, naive attention, batch 1; 1.10 G parameters",
    );
    // Decode weights read per step = 2 B × parameters minus the untouched embedding rows:
    // 2 · (1,100,048,384 − 31,999 · 2048) = 2 · 1,034,514,432 = 2,069,028,864 B → "2.07 GB".
    expect(row(t, "DECODE", "= model (22 layers + head)")[2]).toBe("2.07 GB");
    // One layer: 44,044,288 params · 2 B = 88,088,576 → "88.1 MB" in both phases.
    expect(row(t, "DECODE", "= one layer")[2]).toBe("88.1 MB");
    expect(row(t, "PREFILL", "= one layer")[2]).toBe("88.1 MB");
    // q_proj at decode: 2·2048² = 8,388,608 FLOP, 2048² · 2 B = 8,388,608 B of weights → I ≈ 1 → "0.999"
    // (8,388,608 / 8,396,800, with the 8 kB of activations in and out), memory-bound: 8,396,800 B / 100 GB/s
    // = 84.0 µs; the estimate with the apple-gpu calibration (src/core/efficiency/fitted.json: 91.68% of
    // bandwidth for dense mat-vec, 11.87 µs per op): 8,396,800 B / 91.68 GB/s + 11.87 µs = 91.59 + 11.87 = 103 µs.
    expect(row(t, "DECODE", "q_proj")).toEqual([
      "q_proj",
      "[1×2048]·[2048×2048]",
      "8.39 MFLOP",
      "8.39 MB",
      "8.19 kB",
      "-",
      "-",
      "0.999",
      "fp16",
      "memory",
      "memory-extreme",
      "84.0 µs",
      "103 µs",
    ]);
    // Prefill q_proj: 2·2048·2048·2048 = 17,179,869,184 FLOP → "17.2 GFLOP"; compute-bound at 3.58 TFLOP/s: 4.80 ms;
    // the estimate at the calibrated 90.36% of compute, plus the vector-unit share 0.358 of the FLOPs at the
    // fp32 peak (also 3.58 TFLOP/s on this GPU), plus 11.87 µs: 4.799 / 0.9036 + 0.358 · 4.799 + 0.012
    // = 5.311 + 1.718 + 0.012 = 7.04 ms.
    expect(row(t, "PREFILL", "q_proj").slice(2, 3)).toEqual(["17.2 GFLOP"]);
    expect(row(t, "PREFILL", "q_proj").slice(-4)).toEqual(["compute", "compute", "4.80 ms", "7.04 ms"]);
    // KV cache at 2048 tokens: 22 · 2 · 4 · 64 · 2048 · 2 B = 46,137,344 B = 44.0 MiB; weights 2 · 1,100,048,384 B = 2.05 GiB;
    // activations: the prefill softmax, 32 · 2048² · 2 B read and written = 512 MiB. llama.cpp keeps the GPU's
    // 1.93 GiB of layers and lm_head (the 125 MiB embedding table stays on the host), the 44.0 MiB KV cache and a
    // 156 MiB compute buffer, plus 129 MiB on the host: 2.25 GiB.
    expect(t).toMatch(
      /^Memory: weights 2\.05 GiB \+ KV cache 44\.0 MiB \(2048 tokens\) \+ activations 512 MiB; llama\.cpp keeps 2\.25 GiB resident of 24\.0 GiB {2}✓ fits$/m,
    );
    expect(t).toMatch(
      /^ {2}MTL0 KV buffer\s+44\.0 MiB\s+full cache: 22 layers × 2048 cells × 1 sequences, fp16$/m,
    );
    // Decode KV read: 46,137,344 B = "46.1 MB"; write of one token: 22 · 2 · 4 · 64 · 2 = 22,528 B = "22.5 kB".
    expect(row(t, "DECODE", "= model (22 layers + head)").slice(4, 6)).toEqual(["46.1 MB", "22.5 kB"]);
  });

  it("the GEMM report", ({ expect }) => {
    const t = read("gemm-1x4096x4096-fp32-apple-m2-gpu.txt");
    // 2·4096·4096 = 33,554,432 FLOP; (4096 + 4096² + 4096) · 4 = 67,141,632 B; I = 0.49976.
    expect(t).toMatch(/^FLOPs: 2·B·m·n·k = 33\.6 MFLOP$/m);
    expect(t).toMatch(/^Traffic with each operand moved once: 67\.1 MB → I = 0\.500 FLOP\/B$/m);
    // 0.49976 · 100 GB/s = 49.98 GFLOP/s; 33,554,432 / 49.98e9 = 671 µs.
    expect(t).toMatch(/= 50\.0 GFLOP\/s → memory-bound/);
    expect(t).toMatch(/time at the bound: 671 µs/);
  });

  it("models show llama-2-7b", ({ expect }) => {
    const t = read("models-show-llama-2-7b.txt");
    // 32 · (4·4096² + 3·4096·11008 + 2·4096) + 2·32000·4096 + 4096 = 6,738,415,616.
    expect(t).toMatch(/^ {2}parameters: 6,738,415,616 \(6\.74 G\)$/m);
    // KV per token at fp16: 2 · 32 · 32 · 128 · 2 B = 524,288 B → "524 kB".
    expect(t).toMatch(/^ {2}KV cache per token at fp16: 524 kB \(2 × 32 layers × 32 × 128 × 2 B\)$/m);
    expect(t).toMatch(/^ {2}layers 32, hidden 4096, heads 32 \(KV heads 32, MHA\), head dim 128$/m);
  });
});
