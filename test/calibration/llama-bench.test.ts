/**
 * llama-bench's output read as it comes: real runs on this machine's CPU (written by
 * test/bench/llama-bench-fixtures.ts with the llama-bench of node-llama-cpp's llama.cpp)
 * and the examples of llama.cpp's tools/llama-bench/README.md, in every format; each
 * expectation below was read off the fixture file by hand.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  benchScenario,
  benchTestLabel,
  modelFromBenchLabel,
  planBenchRows,
  recipeOfFileType,
} from "../../src/core/calibration/bench-plan.js";
import { compileRun } from "../../src/core/calibration/compile.js";
import {
  detectDataFormat,
  type LlamaBenchRow,
  MAX_BENCH_ROWS,
  parseLlamaBench,
  parseTestLabel,
} from "../../src/core/calibration/llama-bench.js";
import type { DecodeScenario, PrefillScenario } from "../../src/core/calibration/scenario.js";
import { validateBench } from "../../src/core/calibration/validate.js";
import { findDevice, findModel } from "../../src/core/catalog/lookup.js";
import { InputError } from "../../src/core/errors.js";
import { CSV_TEXT } from "./data.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/llama-bench/${name}`, import.meta.url), "utf8");

describe("format detection", () => {
  it.each([
    ["cpu-pp-tg.json", "json"],
    ["cpu-depth-pg.jsonl", "jsonl"],
    ["cpu-fa-kv.csv", "csv"],
    ["cpu-threads.md", "md"],
    ["readme.json", "json"],
    ["readme.jsonl", "jsonl"],
    ["readme.csv", "csv"],
    ["readme-models.md", "md"],
    ["readme-depth.md", "md"],
  ])("%s is %s", (file, format) => {
    expect(detectDataFormat(fixture(file))).toBe(format);
    expect(parseLlamaBench(fixture(file)).format).toBe(format);
  });
  it("the calibration CSV is told apart, and anything else is refused naming the data", () => {
    expect(detectDataFormat(CSV_TEXT)).toBe("calibration-csv");
    expect(() => detectDataFormat("a,b,c\n1,2,3\n")).toThrow(
      /is neither the calibration CSV .* nor llama-bench output/,
    );
    expect(() => parseLlamaBench(CSV_TEXT)).toThrow(InputError);
  });
});

describe("real llama-bench runs on this CPU (node-llama-cpp's llama.cpp)", () => {
  it("json: pp512 and tg128 of Q8_0 and Q4_0, every field as written", () => {
    const f = parseLlamaBench(fixture("cpu-pp-tg.json"));
    expect(f.rows).toHaveLength(4);
    expect(f.rows[0]).toMatchObject({
      row: 1,
      modelType: "llama ?B Q8_0",
      modelSizeBytes: 161648640,
      modelNParams: 152069120,
      backends: "CPU",
      cpuInfo: "AMD EPYC",
      nThreads: 2,
      nGpuLayers: -1,
      typeK: "f16",
      typeV: "f16",
      flashAttn: "auto",
      nBatch: 2048,
      nUbatch: 512,
      nPrompt: 512,
      nGen: 0,
      nDepth: 0,
      avgTs: 51.759472,
      stddevTs: 16.295258,
      buildCommit: "0ad4a86",
      buildNumber: 1,
    });
    expect(f.rows.map(benchTestLabel)).toEqual(["pp512", "tg128", "pp512", "tg128"]);
    expect(f.rows[3]!.modelType).toBe("llama ?B Q4_0");
  });
  it("jsonl: depth 0 and 512, prompt + generation", () => {
    const f = parseLlamaBench(fixture("cpu-depth-pg.jsonl"));
    expect(f.rows.map(benchTestLabel)).toEqual([
      "pp256",
      "tg64",
      "pp256+tg64",
      "pp256 @ d512",
      "tg64 @ d512",
      "pp256+tg64 @ d512",
    ]);
  });
  it("csv: flash attention off and on, K cache f16 and q8_0", () => {
    const f = parseLlamaBench(fixture("cpu-fa-kv.csv"));
    expect(f.rows).toHaveLength(8);
    expect(new Set(f.rows.map((r) => `${r.flashAttn}/${r.typeK}/${r.typeV}`))).toEqual(
      new Set(["off/f16/f16", "on/f16/f16", "off/q8_0/f16", "on/q8_0/f16"]),
    );
  });
  it("md: the default table, 1 and 2 threads; sizes and counts to the table's 2 decimals", () => {
    const f = parseLlamaBench(fixture("cpu-threads.md"));
    expect(f.rows.map((r) => [r.nThreads, benchTestLabel(r)])).toEqual([
      [1, "pp512"],
      [1, "tg128"],
      [2, "pp512"],
      [2, "tg128"],
    ]);
    expect(f.rows[0]!.modelType).toBe("llama ?B F16");
    expect(f.rows[0]!.flashAttn).toBe("unstated");
    expect(f.rows[0]!.buildCommit).toBe("0ad4a86");
  });
});

describe("llama.cpp's README examples (tools/llama-bench/README.md)", () => {
  it("csv, json and jsonl: the RTX 4080 runs, Qwen2.5-7B Q4_K_M", () => {
    for (const [file, pp, tg] of [
      ["readme.csv", 7285.676949, 119.915244],
      ["readme.json", 7100.002165, 118.881588],
      ["readme.jsonl", 7263.609157, 119.844681],
    ] as const) {
      const rows = parseLlamaBench(fixture(file)).rows;
      expect(rows.map((r) => r.avgTs)).toEqual([pp, tg]);
      expect(rows[0]).toMatchObject({
        gpuInfo: "NVIDIA GeForce RTX 4080",
        modelType: "qwen2 7B Q4_K - Medium",
        modelNParams: 7615616512,
        modelFilename: "models/Qwen2.5-7B-Instruct-Q4_K_M.gguf",
        flashAttn: "auto",
      });
    }
  });
  it("old markdown ('tg 128', 'mostly Q4_0') and depth labels ('pp512 @ d512')", () => {
    const old = parseLlamaBench(fixture("readme-models.md")).rows;
    expect(old.map((r) => [r.nGen, r.avgTs, r.stddevTs])).toEqual([
      [128, 132.19, 0.55],
      [256, 129.37, 0.54],
      [512, 123.83, 0.25],
      [128, 82.17, 0.31],
      [256, 80.74, 0.23],
      [512, 78.08, 0.07],
    ]);
    expect(old[0]!.modelSizeBytes).toBeCloseTo(3.56 * 2 ** 30, -6);
    expect(old[0]!.modelNParams).toBe(6.74e9);
    const depth = parseLlamaBench(fixture("readme-depth.md")).rows;
    expect(depth.map((r) => [r.nPrompt, r.nGen, r.nDepth])).toEqual([
      [512, 0, 0],
      [0, 128, 0],
      [512, 0, 512],
      [0, 128, 512],
    ]);
  });
});

describe("test labels", () => {
  it.each([
    ["pp512", [512, 0, 0]],
    ["tg128", [0, 128, 0]],
    ["pp 512", [512, 0, 0]],
    ["tg 128", [0, 128, 0]],
    ["pp512+tg128", [512, 128, 0]],
    ["pg512,128", [512, 128, 0]],
    ["pp512 @ d4096", [512, 0, 4096]],
    ["tg128 @ d4096", [0, 128, 4096]],
    ["pp512+tg128 @ d1024", [512, 128, 1024]],
  ])("%s", (label, [p, g, d]) => {
    expect(parseTestLabel(label)).toEqual({ nPrompt: p, nGen: g, nDepth: d });
  });
  it("round trip: the label printed for a test parses back to it", () => {
    fc.assert(
      fc.property(fc.nat(9999), fc.nat(9999), fc.nat(99999), (p, g, d) => {
        fc.pre(p + g > 0);
        const label = benchTestLabel({ nPrompt: p, nGen: g, nDepth: d } as LlamaBenchRow);
        expect(parseTestLabel(label)).toEqual({ nPrompt: p, nGen: g, nDepth: d });
      }),
    );
  });
  it("refuses what llama-bench does not print", () => {
    expect(parseTestLabel("pp")).toBeNull();
    expect(parseTestLabel("decode 128")).toBeNull();
  });
});

describe("bad input: one error naming the test, the field and the value", () => {
  const json = (o: Record<string, unknown>) =>
    JSON.stringify([{ model_type: "llama 7B Q4_0", n_prompt: 512, n_gen: 0, avg_ts: 10, ...o }]);
  it.each([
    [{ avg_ts: -3 }, /test 1: avg_ts: must be a finite number ≥ 0 \(got -3\)/],
    [{ avg_ts: 0 }, /test 1: avg_ts: must be a positive number/],
    [{ avg_ts: "fast" }, /test 1: avg_ts/],
    [{ n_prompt: 1.5 }, /test 1: n_prompt: must be a whole number/],
    [{ n_prompt: 0 }, /n_prompt and n_gen are both 0/],
    [{ model_type: "" }, /test 1: model_type: is missing/],
    [{ flash_attn: "maybe" }, /test 1: flash_attn: must be 0, 1 or -1/],
    [{ n_threads: 0 }, /test 1: n_threads: must be a whole number ≥ 1/],
  ])("%o", (o, message) => {
    expect(() => parseLlamaBench(json(o))).toThrow(message);
  });
  it("malformed JSON, a non-object test and too many tests", () => {
    expect(() => parseLlamaBench("[{")).toThrow(/data: is not valid JSON/);
    expect(() => parseLlamaBench("[1]")).toThrow(/test 1: must be a JSON object/);
    const one = '{"model_type": "llama 7B Q4_0", "n_prompt": 1, "n_gen": 0, "avg_ts": 1}';
    expect(() => parseLlamaBench(`${one}\n{`)).toThrow(/test 2: is not valid JSON/);
    const many = `[${Array.from({ length: MAX_BENCH_ROWS + 1 }, () => "{}").join(",")}]`;
    expect(() => parseLlamaBench(many)).toThrow(/more than 10000 llama-bench tests/);
  });
  it("a markdown row with a bad t/s cell", () => {
    const md = "| model | test | t/s |\n| --- | ---: | ---: |\n| llama 7B Q4_0 | tg128 | fast |\n";
    expect(() => parseLlamaBench(md)).toThrow(/test 1: t\/s: must be "mean ± stddev"/);
  });
});

describe("what a test ran", () => {
  it("file types to recipes (llama_ftype_name)", () => {
    expect(
      [
        "Q4_0",
        "mostly Q4_0",
        "Q4_K - Medium",
        "Q5_K - Small",
        "Q2_K - Medium",
        "Q6_K",
        "F16",
        "BF16",
        "all F32",
        "MXFP4 MoE",
        "(guessed) Q8_0",
        "IQ4_XS - 4.25 bpw",
        "Q3_K - Large",
      ].map(recipeOfFileType),
    ).toEqual([
      "q4_0",
      "q4_0",
      "q4_k_m",
      "q5_k_s",
      "q2_k",
      "q6_k",
      "fp16",
      "bf16",
      "fp32",
      "mxfp4_moe",
      "q8_0",
      "iq4_xs",
      "q3_k_l",
    ]);
    expect(recipeOfFileType("unknown, may not work")).toBeNull();
  });
  it("model_type + parameters: the architecture's preset within 2%, ties of one shape resolved, others refused", () => {
    expect(modelFromBenchLabel("llama 13B Q4_0", 13.02e9).model?.id).toBe("llama-2-13b");
    const tie = modelFromBenchLabel("qwen2 7B Q4_K - Medium", 7615616512);
    expect(tie.model?.id).toBe("qwen2-7b");
    expect(tie.note).toMatch(/same shape/);
    expect(modelFromBenchLabel("llama 7B Q4_0", null).reason).toMatch(/model_n_params not given/);
    expect(modelFromBenchLabel("llama 7B Q4_0", 5e9).reason).toMatch(/no llama preset has 5.00 B/);
    expect(modelFromBenchLabel("rwkv6 7B Q4_0", 7e9).reason).toMatch(
      /no preset of llama.cpp architecture "rwkv6"/,
    );
  });
  it("pp / tg / pg at a depth, ubatch, flash attention and KV type become the scenario", () => {
    const [r] = parseLlamaBench(
      JSON.stringify([
        {
          model_type: "llama 7B Q4_0",
          n_prompt: 512,
          n_gen: 128,
          n_depth: 1024,
          n_batch: 256,
          n_ubatch: 512,
          flash_attn: 1,
          type_k: "q8_0",
          type_v: "q8_0",
          avg_ts: 10,
        },
      ]),
    ).rows;
    const { scenario } = benchScenario(r!);
    expect(scenario).toEqual({
      kind: "mixed",
      prefill: { kind: "prefill", tokens: 512, depth: 1024, ubatch: 256, attention: "flash", kv: "q8_0" },
      decode: { kind: "decode", steps: 128, startKeys: 1536, attention: "flash", kv: "q8_0" },
    });
  });
  it("a prefill + decode run costs its two parts: bound times add, tokens add", () => {
    const m = findModel("llama-2-7b");
    const d = findDevice("nvidia-rtx-4090");
    const p: PrefillScenario = { kind: "prefill", tokens: 512, depth: 0, ubatch: 512, attention: "naive" };
    const g: DecodeScenario = { kind: "decode", steps: 128, startKeys: 512, attention: "naive" };
    const both = compileRun(m, d, "q4_0", { kind: "mixed", prefill: p, decode: g });
    const [cp, cg] = [compileRun(m, d, "q4_0", p), compileRun(m, d, "q4_0", g)];
    expect(both.tokens).toBe(640);
    expect(both.boundS).toBeCloseTo(cp.boundS + cg.boundS, 12);
    expect(both.passes).toBe(1 + 128);
  });
  it("a q8_0 KV cache reads fewer bytes than f16 at depth", () => {
    const m = findModel("llama-2-7b");
    const d = findDevice("nvidia-rtx-4090");
    const g = (kv: string): DecodeScenario => ({
      kind: "decode",
      steps: 128,
      startKeys: 4096,
      attention: "flash",
      kv,
    });
    expect(compileRun(m, d, "q4_0", g("q8_0")).boundS).toBeLessThan(
      compileRun(m, d, "q4_0", g("fp16")).boundS,
    );
  });
});

describe("validating llama-bench output on a named device", () => {
  it("the README's RTX 4080 runs are predicted and scored; tg128 within 10% of the measurement", () => {
    const text = fixture("readme.json");
    const v = validateBench(parseLlamaBench(text), text, {
      device: findDevice("nvidia-rtx-4080"),
      dataName: "readme.json",
    });
    expect(v.format).toBe("json");
    expect(v.predicted).toBe(2);
    expect(v.scored).toBe(2);
    const tg = v.rows.find((r) => r.test === "tg128")!;
    expect(tg.boundTps!).toBeGreaterThan(tg.measuredTps);
    expect(Math.abs(tg.estimateError!)).toBeLessThan(0.1);
  });
  it("a CUDA run is not predicted on a CPU, nor a partly offloaded one anywhere", () => {
    const f = parseLlamaBench(fixture("readme.json"));
    const cpu = planBenchRows(f, { device: findDevice("amd-ryzen-7-7800x3d"), dataName: "x" });
    expect(cpu[0]!.unpredictable).toMatch(/ran on CUDA with n_gpu_layers -1: not on amd-ryzen-7-7800x3d/);
    const partial = parseLlamaBench(
      JSON.stringify([
        {
          model_type: "llama 7B Q4_0",
          model_n_params: 6.74e9,
          backends: "CUDA",
          n_gpu_layers: 10,
          n_prompt: 512,
          n_gen: 0,
          avg_ts: 373,
        },
      ]),
    );
    expect(
      planBenchRows(partial, { device: findDevice("nvidia-rtx-4080"), dataName: "x" })[0]!.unpredictable,
    ).toMatch(/n_gpu_layers 10 of 32 layers/);
  });
});
