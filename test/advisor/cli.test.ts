/**
 * `ridgeline fit`, `batch` and `policy` as child processes: bad input exits 2 with one line
 * naming the flag and the value; the happy paths print what the core computes.
 */
import { beforeAll, describe, it } from "vitest";
import { expectRejected } from "../cli/expect-rejected.js";
import { assertBuilt, describeResult, runCli } from "../helpers/run-cli.js";

beforeAll(assertBuilt);

const DEV50 = "test/advisor/fixtures/device-50gbps.json";

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly field: string;
  readonly value: string;
  readonly message?: RegExp;
}

const CASES: readonly Case[] = [
  // fit
  {
    name: "fit --latency without a unit",
    args: ["fit", "--latency", "100"],
    field: "--latency",
    value: '"100"',
    message: /needs a unit: ms or s/,
  },
  {
    name: "fit --latency fast",
    args: ["fit", "--latency", "fast"],
    field: "--latency",
    value: '"fast"',
    message: /duration such as 100ms/,
  },
  {
    name: "fit --latency 0ms",
    args: ["fit", "--latency", "0ms"],
    field: "--latency",
    value: '"0ms"',
    message: /above 0/,
  },
  {
    name: "fit without a target",
    args: ["fit", "--params", "7B"],
    field: "--latency",
    value: "nothing",
    message: /needs a target/,
  },
  {
    name: "fit --params 7Q",
    args: ["fit", "--latency", "100ms", "--params", "7Q"],
    field: "--params",
    value: '"7Q"',
    message: /such as 7B/,
  },
  {
    name: "fit --params 10M",
    args: ["fit", "--latency", "100ms", "--params", "10M"],
    field: "--params",
    value: '"10M"',
    message: /between 50M and 2T/,
  },
  {
    name: "fit --params with an empty item",
    args: ["fit", "--latency", "100ms", "--params", "7B,"],
    field: "--params",
    value: '"7B,"',
    message: /without empty items/,
  },
  {
    name: "fit --model unknown",
    args: ["fit", "--latency", "100ms", "--model", "llama-2-7"],
    field: "--model",
    value: '"llama-2-7"',
    message: /did you mean/,
  },
  {
    name: "fit --tokens-per-s -3",
    args: ["fit", "--tokens-per-s", "-3"],
    field: "--tokens-per-s",
    value: '"-3"',
    message: /positive decimal/,
  },
  {
    name: "fit --storage-gbps 0",
    args: ["fit", "--latency", "1s", "--storage-gbps", "0"],
    field: "--storage-gbps",
    value: '"0"',
    message: /above 0/,
  },
  {
    name: "fit --weights q9",
    args: ["fit", "--latency", "1s", "--weights", "fp16,q9"],
    field: "--weights",
    value: '"q9"',
    message: /unknown weight format/,
  },
  {
    name: "fit --batch 0",
    args: ["fit", "--latency", "1s", "--batch", "1,0"],
    field: "--batch",
    value: '"0"',
    message: /between 1 and 65536/,
  },
  {
    name: "fit --kv nope",
    args: ["fit", "--latency", "1s", "--kv", "nope"],
    field: "--kv",
    value: '"nope"',
    message: /unknown KV-cache format/,
  },
  {
    name: "fit --context 0",
    args: ["fit", "--latency", "1s", "--context", "0"],
    field: "--context",
    value: '"0"',
  },
  {
    name: "fit typo --latncy",
    args: ["fit", "--latncy", "1s"],
    field: "--latncy",
    value: '"--latncy"',
    message: /did you mean --latency\?/,
  },
  // batch
  {
    name: "batch --latency 2h",
    args: ["batch", "--latency", "2h"],
    field: "--latency",
    value: '"2h"',
    message: /duration/,
  },
  {
    name: "batch --max-batch 0",
    args: ["batch", "--max-batch", "0"],
    field: "--max-batch",
    value: '"0"',
    message: /between 1 and 65536/,
  },
  {
    name: "batch --batch is not a batch flag",
    args: ["batch", "--batch", "4"],
    field: "--batch",
    value: '"--batch"',
    message: /unknown flag/,
  },
  {
    name: "batch --weights q9_9",
    args: ["batch", "--weights", "q9_9"],
    field: "--weights",
    value: '"q9_9"',
    message: /unknown weight format/,
  },
  // policy
  {
    name: "policy --generate 0",
    args: ["policy", "--generate", "0"],
    field: "--generate",
    value: '"0"',
    message: /between 1 and 131072/,
  },
  {
    name: "policy --sparse-keep 1.5",
    args: ["policy", "--sparse-keep", "1.5"],
    field: "--sparse-keep",
    value: '"1.5"',
    message: /\(0, 1\]/,
  },
  {
    name: "policy --min-gain 0",
    args: ["policy", "--min-gain", "0"],
    field: "--min-gain",
    value: '"0"',
    message: /\(0, 1\]/,
  },
  {
    name: "policy --kv-low nope",
    args: ["policy", "--kv-low", "nope"],
    field: "--kv-low",
    value: '"nope"',
    message: /unknown KV-cache format/,
  },
  {
    name: "policy --chapter-steps 500,100",
    args: ["policy", "--chapter-steps", "500,100"],
    field: "--chapter-steps",
    value: '"500,100"',
    message: /a ≤ b/,
  },
  {
    name: "policy --at beyond --generate",
    args: ["policy", "--generate", "10", "--at", "1,11"],
    field: "--at",
    value: '"11"',
    message: /between 1 and 10/,
  },
];

describe.concurrent("bad input to fit, batch, policy", () => {
  for (const c of CASES) {
    it(c.name, async ({ expect }) => {
      expectRejected(expect, await runCli(c.args), c);
    });
  }
});

describe.concurrent("happy paths", () => {
  it("fit: exercise 2.6 on a 50 GB/s device file", async ({ expect }) => {
    const r = await runCli(["fit", "--device-file", DEV50, "--params", "7B", "--latency", "100ms"]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stderr).toBe("");
    // 6,940,798,976 parameters, −0.8% from 7B
    expect(r.stdout).toContain(
      "synthetic-7b: 33 layers, d 4096, 32 heads (32 KV) × 128, FFN 11008 (gated SiLU), vocab 32000, untied → 6,940,798,976 parameters (−0.8% from 7B)",
    );
    // fp16 weights / 50 GB/s = 13,881,597,952 / 50e9 = 278 ms (the chapter's 280 ms)
    const fp16 = r.stdout.split("\n").find((l) => /^synthetic-7b\s+fp16\s+1\s/.test(l))!;
    expect(fp16).toMatch(/\s278 ms\s/);
    expect(fp16).toMatch(/never/);
    expect(r.stdout).toMatch(/UFS 4\.0/);
    expect(r.stdout).toContain("energy per token = 10 W");
  });

  it("fit --json: rows with bound, estimate, margin and verdict", async ({ expect }) => {
    const r = await runCli([
      "fit",
      "--device-file",
      DEV50,
      "--params",
      "7B,70B",
      "--latency",
      "1s",
      "--weights",
      "q4_k_m",
      "--batch",
      "1",
      "--json",
    ]);
    expect(r.code, describeResult(r)).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.rows).toHaveLength(2);
    expect(j.syntheticModels.map((m: { params: number }) => m.params)).toEqual([
      6_940_798_976, 70_048_982_016,
    ]);
    const big = j.rows[1];
    expect(big.fits).toBe(false);
    expect(big.streamedBytes).toBeGreaterThan(0);
    expect(big.limitedBy).toBe("storage");
    expect(j.storageGBps).toBe(4);
  });

  it("batch: table, compute-bound crossover, search vs B_opt", async ({ expect }) => {
    const r = await runCli([
      "batch",
      "--model",
      "llama-2-7b",
      "--device",
      "nvidia-rtx-4090",
      "--latency",
      "100ms",
    ]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(/stops fitting at batch 16/);
    expect(r.stdout).toMatch(/Compute-bound: never/);
    expect(r.stdout).toMatch(/chapter 2\.4\.4: B_opt = sqrt\(BW × T \/ \(2 × P\)\)/);
    expect(r.stdout).toMatch(/B_opt = [\d.]+ vs \d+ by search on latency/);
  });

  it("policy: three policies, switch steps, gains", async ({ expect }) => {
    const r = await runCli([
      "policy",
      "--model",
      "llama-2-7b",
      "--device",
      "apple-m2-gpu",
      "--prompt",
      "2048",
      "--generate",
      "2000",
    ]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(/^chapter\s+.*100 \(kv-quantize\), 501 \(kv-evict\)/m);
    expect(r.stdout).toMatch(/^roofline\s/m);
    expect(r.stdout).toContain("t = 100: kv-quantize fp16 → int8");
  });

  it("policy --json keeps only the shown steps", async ({ expect }) => {
    const r = await runCli([
      "policy",
      "--model",
      "tinyllama-1.1b",
      "--device",
      "apple-m2-gpu",
      "--prompt",
      "512",
      "--generate",
      "600",
      "--at",
      "1,2,600",
      "--json",
    ]);
    expect(r.code, describeResult(r)).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.runs.map((p: { name: string }) => p.name)).toEqual(["fixed", "chapter", "roofline"]);
    expect(j.runs[0].steps.map((s: { token: number }) => s.token)).toEqual([1, 2, 600]);
  });
});
