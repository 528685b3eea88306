/**
 * Happy paths of every `ridgeline` command, run as a child process. Expected numbers are
 * worked out by hand from the model configs and device figures, in the comments.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, type ExpectStatic, it } from "vitest";
import { assertBuilt, type CliResult, describeResult, REPO_ROOT, runCli } from "../helpers/run-cli.js";

beforeAll(assertBuilt);

const TIMEOUT = 30_000;

/** Exit 0, nothing on stderr, output ending in a newline (one, for reports; help text ends in a blank line). */
async function ok(expect: ExpectStatic, args: string[]): Promise<CliResult> {
  const r = await runCli(args);
  expect(r.code, describeResult(r)).toBe(0);
  expect(r.stderr, describeResult(r)).toBe("");
  expect(r.stdout.endsWith("\n"), describeResult(r)).toBe(true);
  if (!args.includes("--help")) expect(r.stdout.endsWith("\n\n"), describeResult(r)).toBe(false);
  return r;
}

/** The line of `text` that starts with `prefix` (exactly one). */
function line(expect: ExpectStatic, text: string, prefix: string | RegExp): string {
  const hits = text
    .split("\n")
    .filter((l) => (typeof prefix === "string" ? l.startsWith(prefix) : prefix.test(l)));
  expect(hits, `one line starting with ${String(prefix)} in:\n${text}`).toHaveLength(1);
  return hits[0]!;
}

/** Table cells of a row (columns are separated by two or more spaces). */
const cells = (row: string) => row.trim().split(/\s{2,}/);

const jsonFilesIn = (dir: string) => readdirSync(join(REPO_ROOT, dir)).filter((f) => f.endsWith(".json"));

describe.concurrent("ridgeline analyze", () => {
  it(
    "--device and --model take labels the resolver reads unambiguously",
    async ({ expect }) => {
      const { stdout } = await ok(expect, [
        "analyze",
        "--device",
        "RTX 4090",
        "--model",
        "meta-llama/Llama-3.1-8B-Instruct",
        "--phase",
        "decode",
      ]);
      expect(stdout.split("\n")[0]).toBe("Llama 3.1 8B on NVIDIA GeForce RTX 4090");
    },
    TIMEOUT,
  );
  it(
    "defaults: Llama 2 7B on the Apple M2 GPU, prompt 2048, fp16, both phases",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["analyze"]);
      const lines = stdout.split("\n");
      expect(lines[0]).toBe("Llama 2 7B on Apple M2 GPU (10-core)");
      // Llama 2 7B parameters: per layer q,k,v,o 4·4096² = 67,108,864 + FFN 3·4096·11008 = 135,266,304
      // + 2 norms 8,192 = 202,383,360; ×32 = 6,476,267,520; + embedding and lm_head 2·32000·4096
      // = 262,144,000 + final norm 4,096 = 6,738,415,616 → "6.74 G".
      expect(lines[1]).toBe(
        "weights fp16, activations fp16, KV cache fp16, naive attention, batch 1; 6.74 G parameters",
      );
      // Ridge of fp16 on the M2 GPU: 3.58e12 / 100e9 = 35.8 FLOP/B.
      expect(lines[2]).toBe("device: 100 GB/s; fp16 3.58 TFLOP/s, ridge 35.8 FLOP/B");
      line(expect, stdout, "PREFILL: 2048 prompt tokens × batch 1");
      line(expect, stdout, "DECODE: one step at context 2048 × batch 1");
      // Decode: every op has I ≈ 1 FLOP/B, far below the ridge, so the step is memory-extreme.
      expect(
        line(expect, stdout, /^Whole pass: .* FLOP\/B \(ridge 35\.8 FLOP\/B\) → memory-extreme$/),
      ).toBeTruthy();
      // Decode step bytes: weights 13,214,695,424 (32 layers · (404,750,336 + 16,384 norm bytes) + one embedding row
      // 8,192 + final norm 8,192 + lm_head 262,144,000) + KV read 2048·32·2·4096·2 = 1,073,741,824 + ~28 MB of
      // activations ≈ 14.3 GB; at 100 GB/s that is 143 ms at the bound → 1 / 0.143 s ≈ 6.98 tokens/s.
      expect(line(expect, stdout, "Per-token latency:")).toMatch(
        /^Per-token latency: bound 143 ms, estimate \S+ ms {2}\(\S+ tokens\/s estimated, likely \S+–\S+, 6\.98 at the bound\)$/,
      );
      // Memory: weights 2·6,738,415,616 = 13,476,831,232 B = 12.55 GiB → "12.6 GiB"; KV cache
      // 2048 tokens · 32 layers · 2 · 4096 · 2 B = 1,073,741,824 = 1.00 GiB; the largest activation is the prefill
      // softmax, 32 heads · 2048² scores · 2 B, read and written = 536,870,912 B = 512 MiB. What llama.cpp keeps
      // resident: on the GPU the layers and lm_head 13,214,687,232 + KV 1,073,741,824 + the compute buffer (attention
      // stage: 512 · 32 · 2048 f32 scores + the 512 × 2048 mask + 512 · 6 · 4096 activations, all f32) 188,743,680;
      // on the host the embedding table 262,144,000 + logits 128,000 + 512 embeddings 8,388,608 → 14,747,833,344 B =
      // 13.73 GiB → "13.7 GiB" of the M2's 24 GiB.
      expect(line(expect, stdout, "Memory:")).toBe(
        "Memory: weights 12.6 GiB + KV cache 1.00 GiB (2048 tokens) + activations 512 MiB; llama.cpp keeps 13.7 GiB resident of 24.0 GiB  ✓ fits",
      );
      // the GPU may use two thirds of the 24 GiB (Metal's working set): 16 GiB; it holds 14,477,172,736 B = 13.5 GiB
      expect(stdout).toMatch(/^gpu \(apple-m2-gpu\)\s+13\.5 GiB\s+of 16\.0 GiB usable .* ✓ fits$/m);
      expect(stdout).not.toMatch(/WARNING/);
    },
    TIMEOUT,
  );

  it(
    "--model llama-3-8b --device nvidia-rtx-4090",
    async ({ expect }) => {
      const { stdout } = await ok(expect, [
        "analyze",
        "--model",
        "llama-3-8b",
        "--device",
        "nvidia-rtx-4090",
      ]);
      const lines = stdout.split("\n");
      expect(lines[0]).toBe("Llama 3 8B on NVIDIA GeForce RTX 4090");
      // Llama 3 8B: per layer q,o 2·4096² = 33,554,432 + k,v 2·4096·1024 = 8,388,608 + FFN 3·4096·14336 =
      // 176,160,768 + norms 8,192 = 218,112,000; ×32 = 6,979,584,000; + 2·128256·4096 = 1,050,673,152
      // + 4,096 = 8,030,261,248 → "8.03 G".
      expect(lines[1]).toMatch(/; 8\.03 G parameters$/);
      // 16 GB weights + 256 MiB KV cache + 512 MiB softmax scores fit in the 4090's 24 GiB.
      expect(line(expect, stdout, "Memory:")).toMatch(
        /^Memory: weights 15\.0 GiB \+ KV cache 256 MiB \(2048 tokens\) .* of 24\.0 GiB {2}✓ fits$/,
      );
    },
    TIMEOUT,
  );

  it(
    "--attention flash --weights q4_k_m --kv q8_0 --batch 4 --prompt 512 --context 4096",
    async ({ expect }) => {
      const args = [
        "analyze",
        "--attention",
        "flash",
        "--weights",
        "q4_k_m",
        "--kv",
        "q8_0",
        "--batch",
        "4",
        "--prompt",
        "512",
        "--context",
        "4096",
      ];
      const { stdout } = await ok(expect, args);
      expect(stdout.split("\n")[1]).toBe(
        "weights q4_k_m, activations fp16, KV cache q8_0, flash attention, batch 4; 6.74 G parameters",
      );
      line(expect, stdout, "PREFILL: 512 prompt tokens × batch 4");
      line(expect, stdout, "DECODE: one step at context 4096 × batch 4");
      // Flash attention is one fused op: no separate score/softmax rows.
      expect(stdout).not.toMatch(/^softmax /m);
      expect(stdout).not.toMatch(/^attn_scores /m);
      expect(stdout).toMatch(/^attention +32h\/32kv q1 k4096 d128 /m);
      // q4_k_m mixes Q4_K and Q6_K tensors (llama.cpp gives half the layers Q6_K for v/down): two layer
      // variants of 16 layers, reported for each phase.
      expect(
        stdout
          .split("\n")
          .filter((l) => /^Layer variants \(mixed weight formats\): 16 × \S+ \S+, 16 × \S+ \S+$/.test(l)),
      ).toHaveLength(2);
      // KV cache at q8_0 (34 bytes per 32 values = 1.0625 B): 4 sequences · 4096 tokens · 32 layers · 2 · 4096
      // · 1.0625 = 4,563,402,752 B = 4.25 GiB.
      expect(line(expect, stdout, "Memory:")).toMatch(
        /^Memory: weights \S+ GiB \+ KV cache 4\.25 GiB \(4096 tokens\) /,
      );
      // q_proj at Q4_K (144 bytes per 256 values): 4096² · 144/256 = 9,437,184 B → "9.44 MB" in both phases.
      const qProj = stdout.split("\n").filter((l) => l.startsWith("q_proj "));
      expect(qProj).toHaveLength(2);
      for (const row of qProj) expect(cells(row)[3]).toBe("9.44 MB");
    },
    TIMEOUT,
  );

  it(
    "--phase decode prints only the decode pass",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["analyze", "--phase", "decode"]);
      expect(stdout).not.toMatch(/PREFILL/);
      expect(stdout).not.toMatch(/Time to first token/);
      line(expect, stdout, "DECODE: one step at context 2048 × batch 1");
      // Without prefill the largest activation is the decode lm_head logits etc., not the 512 MiB of scores;
      // the KV cache still holds the 2048-token context.
      expect(line(expect, stdout, "Memory:")).toMatch(
        /^Memory: weights 12\.6 GiB \+ KV cache 1\.00 GiB \(2048 tokens\) \+ activations \d+(\.\d+)? KiB; llama\.cpp keeps 13\.7 GiB resident/,
      );
    },
    TIMEOUT,
  );
});

describe.concurrent("ridgeline analyze --model-config", () => {
  it(
    "a config.json: report on stdout, the importer's notes on stderr",
    async ({ expect }) => {
      const r = await runCli([
        "analyze",
        "--model-config",
        "test/fixtures/cli/config-no-kv-heads.json",
        "--phase",
        "decode",
      ]);
      expect(r.code, describeResult(r)).toBe(0);
      // The id comes from the file name.
      expect(r.stdout.split("\n")[0]).toBe("config-no-kv-heads on Apple M2 GPU (10-core)");
      // d 256, 2 layers, 4 heads (MHA: num_key_value_heads absent), d_ff 688, vocab 1000:
      // per layer 4·256² + 3·256·688 + 2·256 = 791,040; ×2 = 1,582,080; + 2·1000·256 + 256 = 2,094,336 → "2.09 M".
      expect(r.stdout.split("\n")[1]).toMatch(/; 2\.09 M parameters$/);
      expect(r.stderr).toBe(
        "note: num_key_value_heads is absent: assumed equal to num_attention_heads (plain multi-head attention).\n",
      );
    },
    TIMEOUT,
  );
});

describe.concurrent("ridgeline timeline / gemm", () => {
  it(
    "timeline --generate 200",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["timeline", "--generate", "200"]);
      const lines = stdout.split("\n");
      expect(lines[0]).toBe(
        "Llama 2 7B on Apple M2 GPU (10-core): prompt 2048, generate 200, batch 1, weights fp16, KV fp16, naive attention",
      );
      // Default steps 1, 2, 5, 10, 20, 50, 100, 200: step t attends 2048 + t − 1 entries.
      const rows = lines.filter((l) => /^\s+\d+ {2}(prefill|decode) /.test(l)).map(cells);
      expect(rows.map((r) => r[0])).toEqual(["1", "2", "5", "10", "20", "50", "100", "200"]);
      expect(rows.map((r) => r[1])).toEqual(["prefill", ...Array(7).fill("decode")]);
      expect(rows.map((r) => r[2])).toEqual(["2048", "2049", "2052", "2057", "2067", "2097", "2147", "2247"]);
      // KV cache: 524,288 B per token (32 layers · 2 · 4096 · 2 B); 2048 → 1.00 GiB, 2247 → 1,178,075,136 B = 1.097 GiB.
      expect(rows[0]![5]).toBe("1.00 GiB");
      expect(rows[7]![5]).toBe("1.10 GiB");
      // Growth 2247 / 2048 − 1 = 9.72 %.
      expect(line(expect, stdout, "KV cache grows")).toBe("KV cache grows 9.7%: 1.00 GiB → 1.10 GiB");
      expect(line(expect, stdout, "Decode:")).toMatch(/ over 199 steps$/);
      // The decode step bound is ~143 ms (see the analyze test) and grows slowly with the context.
      expect(rows[1]![3]).toBe("143 ms");
    },
    TIMEOUT,
  );

  it(
    "gemm --m 1 --k 4096 --n 4096 --dtype fp32 --device apple-m2-gpu",
    async ({ expect }) => {
      const { stdout } = await ok(expect, [
        "gemm",
        "--m",
        "1",
        "--k",
        "4096",
        "--n",
        "4096",
        "--dtype",
        "fp32",
        "--device",
        "apple-m2-gpu",
      ]);
      // FLOPs: 2·m·n·k = 2·4096·4096 = 33,554,432 → "33.6 MFLOP".
      // Compulsory bytes: (m·k + k·n + m·n)·4 = (4096 + 4096² + 4096)·4 = 67,141,632 → "67.1 MB";
      // I = 33,554,432 / 67,141,632 = 0.49976 → "0.500".
      // No cache: both operands loaded for each of the m·n·k multiply-adds, plus the output written once:
      // (2·4096² + 4096)·4 = 134,234,112 B → "134 MB", I = 33,554,432 / 134,234,112 = 0.24997 → "0.250".
      // On the M2 GPU: fp32 peak 3.58 TFLOP/s, 100 GB/s, ridge 35.8; attainable = 0.49976 · 100 GB/s = 50.0 GFLOP/s;
      // I / ridge = 0.49976 / 35.8 = 0.01396 (memory-extreme: < 0.1); time 33,554,432 / 49.976e9 = 671 µs.
      expect(stdout).toBe(
        [
          "GEMM [1×4096]·[4096×4096] (the [4096×4096] operand shared), fp32",
          "FLOPs: 2·B·m·n·k = 33.6 MFLOP",
          "Traffic with each operand moved once: 67.1 MB → I = 0.500 FLOP/B",
          "Traffic with no cache at all (operands loaded per multiply-add): 134 MB → I = 0.250 FLOP/B",
          "",
          "On apple-m2-gpu: fp32 peak 3.58 TFLOP/s, 100 GB/s, ridge 35.8 FLOP/B",
          "  attainable = min(peak, I × BW) = 50.0 GFLOP/s → memory-bound (memory-extreme, I / I_ridge = 0.0140)",
          "  time at the bound: 671 µs",
          "",
        ].join("\n"),
      );
    },
    TIMEOUT,
  );

  it(
    "gemm without a device prints no device section; a large square fp16 GEMM has high intensity",
    async ({ expect }) => {
      const { stdout } = await ok(expect, [
        "gemm",
        "--m",
        "4096",
        "--k",
        "4096",
        "--n",
        "4096",
        "--dtype",
        "fp16",
      ]);
      // 2·4096³ = 137,438,953,472 → "137 GFLOP"; compulsory bytes 3·4096²·2 = 100,663,296 → "101 MB",
      // I = 4096/3 = 1365.3 → "1365". No cache: (2·m·n·k + m·n)·2 = (2·4096³ + 4096²)·2 = 274,911,461,376 B →
      // "275 GB", I = 137,438,953,472 / 274,911,461,376 = 0.49994 → "0.500".
      expect(stdout).toBe(
        [
          "GEMM [4096×4096]·[4096×4096] (the [4096×4096] operand shared), fp16",
          "FLOPs: 2·B·m·n·k = 137 GFLOP",
          "Traffic with each operand moved once: 101 MB → I = 1365 FLOP/B",
          "Traffic with no cache at all (operands loaded per multiply-add): 275 GB → I = 0.500 FLOP/B",
          "",
        ].join("\n"),
      );
      expect(stdout).not.toMatch(/^On /m);
    },
    TIMEOUT,
  );
});

describe.concurrent("ridgeline devices / models", () => {
  it(
    "devices lists every catalog device, one row each",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["devices"]);
      const [table, legend] = stdout.trimEnd().split("\n\n");
      const lines = table!.split("\n");
      expect(cells(lines[0]!)).toEqual([
        "id",
        "name",
        "unit",
        "class",
        "GB/s",
        "fp32 TF",
        "fp16 TF",
        "int8 TOPS",
        "ridge fp16",
        "mem GiB",
        "sources",
      ]);
      expect(lines[1]).toMatch(/^[─ ]+$/);
      expect(legend).toMatch(/^sources: source kind of GB\/s \/ fp32 \/ fp16 \/ int8 \/ mem — .*der derived/);
      const ids = lines.slice(2).map((l) => l.split(" ")[0]);
      const files = jsonFilesIn("src/core/hardware/devices").map((f) => f.replace(/\.json$/, ""));
      expect([...ids].sort()).toEqual([...files].sort());
      // apple-m2-gpu: 100 GB/s, 3.58 TF fp32 and fp16, ridge 3.58e12/100e9 = 35.8, 24 GiB.
      const m2 = cells(lines.find((l) => l.startsWith("apple-m2-gpu "))!);
      expect(m2.slice(0, 10)).toEqual([
        "apple-m2-gpu",
        "Apple M2 GPU (10-core)",
        "gpu",
        "apple-gpu",
        "100",
        "3.58",
        "3.58",
        "-",
        "35.8",
        "24.0",
      ]);
      expect(m2[10]).toMatch(/^[a-z]+\/[a-z]+\/[a-z]+\/-\/[a-z]+$/);
    },
    TIMEOUT,
  );

  it(
    "devices show apple-m2-gpu",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["devices", "show", "apple-m2-gpu"]);
      const lines = stdout.split("\n");
      expect(lines[0]).toBe("Apple M2 GPU (10-core) (apple-m2-gpu)");
      expect(lines[1]).toBe("  vendor Apple, SoC Apple M2, unit gpu, class apple-gpu");
      expect(line(expect, stdout, "  memory bandwidth: ")).toMatch(
        /^ {2}memory bandwidth: 100 GB\/s {2}— Apple Newsroom: Apple unveils M2/,
      );
      expect(line(expect, stdout, "  peak fp32: ")).toMatch(/^ {2}peak fp32: 3\.58 TFLOP\/s {2}— /);
      expect(line(expect, stdout, "  peak fp16: ")).toMatch(/^ {2}peak fp16: 3\.58 TFLOP\/s {2}— /);
      // The chapter's rounded 3.6 TFLOP/s is kept as an alternative.
      expect(line(expect, stdout, "      also 3.6 TFLOP/s")).toMatch(/Chapter 2\.1\.3/);
      expect(stdout.split("\n").filter((l) => l === "      ridge point 35.8 FLOP/B")).toHaveLength(2);
      expect(line(expect, stdout, "  memory: ")).toMatch(
        /^ {2}memory: 24 GiB {2}— Apple Newsroom: Apple unveils M2/,
      );
    },
    TIMEOUT,
  );

  it(
    "models lists every preset with its parameter count",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["models"]);
      const lines = stdout.trimEnd().split("\n");
      expect(cells(lines[0]!)).toEqual([
        "id",
        "layers",
        "d",
        "heads/kv",
        "head dim",
        "d_ff",
        "vocab",
        "FFN",
        "MoE",
        "params",
        "published",
      ]);
      const ids = lines.slice(2).map((l) => l.split(" ")[0]);
      const files = jsonFilesIn("src/core/models/presets").map((f) => f.replace(/\.json$/, ""));
      expect([...ids].sort()).toEqual([...files].sort());
      // TinyLlama: per layer q,o 2·2048² = 8,388,608 + k,v 2·2048·256 = 1,048,576 + FFN 3·2048·5632 = 34,603,008
      // + norms 4,096 = 44,044,288; ×22 = 968,974,336; + 2·32000·2048 = 131,072,000 + 2,048 = 1,100,048,384.
      expect(cells(lines.find((l) => l.startsWith("tinyllama-1.1b "))!)).toEqual([
        "tinyllama-1.1b",
        "22",
        "2048",
        "32/4",
        "64",
        "5632",
        "32000",
        "gated silu",
        "-",
        "1.10 G",
        "1.10 G",
      ]);
      // Mixtral: 8 experts, 2 per token.
      expect(cells(lines.find((l) => l.startsWith("mixtral-8x7b "))!)[8]).toBe("2/8");
    },
    TIMEOUT,
  );

  it(
    "models show mistral-7b",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["models", "show", "mistral-7b"]);
      const lines = stdout.split("\n");
      expect(lines[0]).toBe("Mistral 7B v0.1 (mistral-7b), family mistral");
      expect(lines[1]).toBe("  layers 32, hidden 4096, heads 32 (KV heads 8, GQA), head dim 128");
      expect(lines[2]).toBe("  FFN gated silu, intermediate 14336");
      expect(lines[3]).toBe(
        "  vocab 32000, untied embeddings, rmsnorm, sliding window 4096, max context 32768",
      );
      // Per layer: q,o 2·4096² = 33,554,432 + k,v 2·4096·1024 = 8,388,608 + FFN 3·4096·14336 = 176,160,768
      // + norms 8,192 = 218,112,000; ×32 = 6,979,584,000; + 2·32000·4096 = 262,144,000 + 4,096 = 7,241,732,096.
      expect(lines[4]).toBe("  parameters: 7,241,732,096 (7.24 G)");
      // KV per token at fp16: 2 · 32 layers · 8 KV heads · 128 · 2 B = 131,072 B → "131 kB".
      expect(line(expect, stdout, "  KV cache per token")).toBe(
        "  KV cache per token at fp16: 131 kB (2 × 32 layers × 8 × 128 × 2 B)",
      );
    },
    TIMEOUT,
  );
});

describe.concurrent("help and version", () => {
  it(
    "--help lists every command and exits 0",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["--help"]);
      expect(stdout).toMatch(/USAGE/);
      for (const c of ["analyze", "timeline", "gemm", "devices", "models"])
        expect(stdout).toMatch(new RegExp(`\\b${c}\\b`));
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for the ANSI escape is the point
      expect(stdout).not.toMatch(/\x1b\[/); // NO_COLOR is honoured
    },
    TIMEOUT,
  );

  it(
    "analyze --help lists every analyze flag and exits 0",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["analyze", "--help"]);
      expect(stdout).toMatch(/ridgeline analyze/);
      for (const f of [
        "model",
        "model-config",
        "gguf",
        "device",
        "device-file",
        "phase",
        "prompt",
        "context",
        "batch",
        "weights",
        "activations",
        "kv",
        "attention",
        "json",
      ]) {
        expect(stdout).toMatch(new RegExp(`--${f}\\b`));
      }
    },
    TIMEOUT,
  );

  it(
    "--version prints the package version",
    async ({ expect }) => {
      const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
      const { stdout } = await ok(expect, ["--version"]);
      expect(stdout).toBe(`${pkg.version}\n`);
    },
    TIMEOUT,
  );

  it(
    "no arguments: usage on stderr and exit 2",
    async ({ expect }) => {
      const r = await runCli([]);
      expect(r.code, describeResult(r)).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/USAGE/);
    },
    TIMEOUT,
  );
});
