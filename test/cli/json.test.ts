/**
 * `--json` output: it parses, validates against the published schema, and equals what the
 * library computes in-process for the same inputs (the CLI is a thin layer; after a JSON
 * round trip, where Infinity becomes null, the numbers must be identical).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, type ExpectStatic, it } from "vitest";
import { findDevice, findModel } from "../../src/core/catalog/lookup.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import type { WorkloadInput } from "../../src/core/graph/workload.js";
import { DeviceSpec } from "../../src/core/hardware/schema.js";
import { modelFromHfConfig } from "../../src/core/models/import/hf-config.js";
import { countParams } from "../../src/core/models/params.js";
import { type Analysis, AnalysisSchema } from "../../src/core/predict/analysis-types.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { analyzeGemm } from "../../src/core/predict/gemm.js";
import { timeline } from "../../src/core/predict/timeline.js";
import { assertBuilt, describeResult, REPO_ROOT, runCli } from "../helpers/run-cli.js";

beforeAll(assertBuilt);

const TIMEOUT = 30_000;

/** What a value looks like after JSON.stringify + JSON.parse (Infinity → null, undefined dropped). */
const roundTrip = <T>(x: T): unknown => JSON.parse(JSON.stringify(x));

async function runJson(expect: ExpectStatic, args: string[]): Promise<unknown> {
  const r = await runCli(args);
  expect(r.code, describeResult(r)).toBe(0);
  expect(r.stderr, describeResult(r)).toBe("");
  let parsed: unknown;
  expect(
    () => (parsed = JSON.parse(r.stdout)),
    `stdout is not JSON:\n${r.stdout.slice(0, 500)}`,
  ).not.toThrow();
  return parsed;
}

function validAnalysis(expect: ExpectStatic, json: unknown): Analysis {
  const r = AnalysisSchema.safeParse(json);
  expect(r.success, r.success ? "" : JSON.stringify(r.error.issues.slice(0, 3), null, 2)).toBe(true);
  return r.data!;
}

const readJson = (rel: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, rel), "utf8"));

describe.concurrent("analyze --json", () => {
  it(
    "defaults: valid, and equal to analyze() in-process",
    async ({ expect }) => {
      const json = await runJson(expect, ["analyze", "--json"]);
      const a = validAnalysis(expect, json);
      const lib = analyze({
        model: findModel("llama-2-7b"),
        device: findDevice("apple-m2-gpu"),
        workload: resolveWorkload({}),
      });
      // Field by field first, for readable failures, then everything.
      expect(a.decode!.totals).toEqual(roundTrip(lib.decode!.totals));
      expect(a.prefill!.latencyBoundS).toBe(lib.prefill!.latencyBoundS);
      expect(a.prefill!.totals).toEqual(roundTrip(lib.prefill!.totals));
      expect(a.memory).toEqual(roundTrip(lib.memory));
      expect(json).toEqual(roundTrip(lib));

      // By hand (Llama 2 7B: d 4096, 32 layers, MHA 32×128, d_ff 11008, vocab 32000; fp16 = 2 B):
      expect(a.workload).toMatchObject({
        phase: "both",
        promptTokens: 2048,
        contextTokens: 2048,
        batch: 1,
        weights: "fp16",
        activations: "fp16",
        kv: "fp16",
        attention: "naive",
      });
      expect(a.model).toEqual({
        id: "llama-2-7b",
        name: "Llama 2 7B",
        params: 6_738_415_616,
        activeParams: 6_738_415_616,
        weightsOrigin: "recipe:fp16",
        weightsFormat: "fp16",
      });
      // Decode weight bytes: 32 layers · (202,375,168 matrix params · 2 B + 2 norms · 4096 · 2 B) = 12,952,535,040
      // + one embedding row 4096 · 2 = 8,192 + final norm 8,192 + lm_head 32000 · 4096 · 2 = 262,144,000.
      expect(a.decode!.totals.bytes.weights).toBe(13_214_695_424);
      // KV read at context 2048: 2048 · 32 layers · 2 (K, V) · 4096 · 2 B = 1,073,741,824; write: one token = 524,288.
      expect(a.decode!.totals.bytes.kvRead).toBe(1_073_741_824);
      expect(a.decode!.totals.bytes.kvWrite).toBe(524_288);
      // Decode FLOPs ≥ matrices 2 · (32 · 202,375,168 + 131,072,000) = 13,214,154,752 + attention 32 layers · 32 heads
      // · 2048 keys · 128 · 4 (QKᵀ and PV, 2 FLOP each) = 1,073,741,824 → 14,287,896,576; the rest (norms, softmax,
      // rope, residuals) adds well under 0.2%.
      expect(a.decode!.totals.flops).toBeGreaterThan(14_287_896_576);
      expect(a.decode!.totals.flops).toBeLessThan(14_287_896_576 * 1.002);
      // Every decode op is far below the ridge (35.8), so the bound is bytes / 100 GB/s.
      expect(a.decode!.latencyBoundS).toBeCloseTo(a.decode!.totals.bytesTotal / 100e9, 12);
      // Memory: 2 · 6,738,415,616 = 13,476,831,232 B of weights, 1 GiB of KV, 512 MiB of prefill scores (read + written).
      // What llama.cpp keeps resident (the footprint's total): GPU layers and lm_head 13,214,687,232 + KV
      // 1,073,741,824 + compute 188,743,680; host embedding table 262,144,000 + logits 128,000 + 512 embeddings
      // 8,388,608.
      const { plan, ...footprint } = a.memory;
      expect(footprint).toEqual({
        weightsBytes: 13_476_831_232,
        kvCacheBytes: 1_073_741_824,
        kvCacheTokens: 2048,
        activationsBytes: 536_870_912,
        totalBytes: 13_214_687_232 + 1_073_741_824 + 188_743_680 + 262_144_000 + 128_000 + 8_388_608,
        capacityBytes: 24 * 2 ** 30,
        fits: true,
      });
      expect(plan.units.map((u) => [u.unit, u.bytes, u.usableBytes, u.fits])).toEqual([
        ["gpu", 13_214_687_232 + 1_073_741_824 + 188_743_680, 16 * 2 ** 30, true],
        [
          "host",
          262_144_000 + 128_000 + 8_388_608,
          24 * 2 ** 30 - (13_214_687_232 + 1_073_741_824 + 188_743_680),
          true,
        ],
      ]);
    },
    TIMEOUT,
  );

  it(
    "with workload flags: equal to analyze() with the same workload",
    async ({ expect }) => {
      const args = [
        "analyze",
        "--json",
        "--model",
        "mistral-7b",
        "--device",
        "nvidia-rtx-4090",
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
      const json = await runJson(expect, args);
      const a = validAnalysis(expect, json);
      const input: WorkloadInput = {
        attention: "flash",
        weights: "q4_k_m",
        kv: "q8_0",
        batch: 4,
        promptTokens: 512,
        contextTokens: 4096,
      };
      const lib = analyze({
        model: findModel("mistral-7b"),
        device: findDevice("nvidia-rtx-4090"),
        workload: resolveWorkload(input),
      });
      expect(a.decode!.totals).toEqual(roundTrip(lib.decode!.totals));
      expect(a.prefill!.latencyBoundS).toBe(lib.prefill!.latencyBoundS);
      expect(a.memory).toEqual(roundTrip(lib.memory));
      expect(json).toEqual(roundTrip(lib));
      // Mistral: 8 KV heads of 128. KV cache at q8_0 (1.0625 B/value): 4 · 4096 · 32 · 2 · 1024 · 1.0625 = 1,140,850,688.
      expect(a.memory.kvCacheBytes).toBe(1_140_850_688);
      // Decode KV read: the same 4 · 4096 entries of every layer.
      expect(a.decode!.totals.bytes.kvRead).toBe(1_140_850_688);
    },
    TIMEOUT,
  );

  it(
    "what-if flags --fusion --sparsity 2:4 --kv-keep 0.5: passed through to the library",
    async ({ expect }) => {
      const json = await runJson(expect, [
        "analyze",
        "--json",
        "--model",
        "llama-3.2-1b",
        "--fusion",
        "--sparsity",
        "2:4",
        "--kv-keep",
        "0.5",
      ]);
      validAnalysis(expect, json);
      const input = { fusion: true, sparsity: "2:4", kvKeep: 0.5 } as WorkloadInput;
      const lib = analyze({
        model: findModel("llama-3.2-1b"),
        device: findDevice("apple-m2-gpu"),
        workload: resolveWorkload(input),
      });
      expect(json).toEqual(roundTrip(lib));
      // And they change the result: the same run without them differs.
      const plain = analyze({
        model: findModel("llama-3.2-1b"),
        device: findDevice("apple-m2-gpu"),
        workload: resolveWorkload({}),
      });
      expect((json as Analysis).decode!.totals.bytesTotal).not.toBe(plain.decode!.totals.bytesTotal);
    },
    TIMEOUT,
  );

  it(
    "--phase decode: prefill is null, in the CLI and in the library",
    async ({ expect }) => {
      const json = await runJson(expect, [
        "analyze",
        "--json",
        "--phase",
        "decode",
        "--model",
        "qwen3-30b-a3b",
        "--device",
        "apple-m2-max-gpu-38c",
      ]);
      const a = validAnalysis(expect, json);
      expect(a.prefill).toBeNull();
      const lib = analyze({
        model: findModel("qwen3-30b-a3b"),
        device: findDevice("apple-m2-max-gpu-38c"),
        workload: resolveWorkload({ phase: "decode" }),
      });
      expect(json).toEqual(roundTrip(lib));
    },
    TIMEOUT,
  );

  it(
    "--model-config and --device-file: equal to the library on the same parsed files",
    async ({ expect }) => {
      const cfg = "test/fixtures/hf/llama-2-7b-hf.json";
      const dev = "test/fixtures/cli/device-valid.json";
      const json = await runJson(expect, [
        "analyze",
        "--json",
        "--phase",
        "decode",
        "--model-config",
        cfg,
        "--device-file",
        dev,
      ]);
      const a = validAnalysis(expect, json);
      // The CLI names the model after the file: llama-2-7b-hf.json → "llama-2-7b-hf".
      const model = modelFromHfConfig(readJson(cfg), "llama-2-7b-hf");
      const device = DeviceSpec.parse(readJson(dev));
      const lib = analyze({ model, device, workload: resolveWorkload({ phase: "decode" }) });
      expect(json).toEqual(roundTrip(lib));
      expect(a.model.id).toBe("llama-2-7b-hf");
      expect(a.model.name).toBe("meta-llama/Llama-2-7b-hf");
      expect(a.model.params).toBe(6_738_415_616); // the same architecture as the preset
      expect(a.device.id).toBe("test-round-device");
      // The fixture device: 200 GB/s, fp16 8 TFLOP/s → ridge 8e12 / 200e9 = 40 FLOP/B; 16 GiB.
      expect(a.decode!.ridge).toBe(40);
      expect(a.memory.capacityBytes).toBe(16 * 2 ** 30);
      // Same bytes as the preset's decode step (see the defaults test), at twice the bandwidth.
      expect(a.decode!.totals.bytes.weights).toBe(13_214_695_424);
      expect(a.decode!.latencyBoundS).toBeCloseTo(a.decode!.totals.bytesTotal / 200e9, 12);
    },
    TIMEOUT,
  );
});

describe.concurrent("timeline --json, gemm --json, catalog --json", () => {
  it(
    "timeline --json equals timeline() in-process",
    async ({ expect }) => {
      const json = (await runJson(expect, [
        "timeline",
        "--json",
        "--model",
        "tinyllama-1.1b",
        "--generate",
        "50",
        "--prompt",
        "100",
        "--kv",
        "q8_0",
      ])) as {
        model: string;
        device: string;
        steps: { token: number; keys: number; kvCacheBytes: number }[];
      };
      const model = findModel("tinyllama-1.1b");
      const device = findDevice("apple-m2-gpu");
      const workload = resolveWorkload({ promptTokens: 100, kv: "q8_0" });
      const t = timeline({ model, device, workload, generateTokens: 50 });
      expect(json).toEqual(roundTrip({ model: model.id, device: device.id, workload, ...t }));
      // By hand: 50 steps; step t attends 100 + t − 1 keys; TinyLlama's KV cache per token at q8_0 is
      // 22 layers · 2 · 4 KV heads · 64 = 11,264 values · 1.0625 B = 11,968 B, so the prompt (100 entries) holds
      // 1,196,800 B and step 50 (149 entries) 1,783,232 B.
      expect(json.steps).toHaveLength(50);
      expect(json.steps[49]).toMatchObject({ token: 50, keys: 149, kvCacheBytes: 1_783_232 });
      expect(json.steps[0]).toMatchObject({ token: 1, keys: 100, kvCacheBytes: 1_196_800 });
    },
    TIMEOUT,
  );

  it(
    "gemm --json equals analyzeGemm() in-process, with and without a device",
    async ({ expect }) => {
      const withDevice = (await runJson(expect, [
        "gemm",
        "--json",
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
      ])) as Record<string, unknown>;
      const lib = analyzeGemm(
        { m: 1, k: 4096, n: 4096, batch: 1, batchMode: "shared", dtype: "fp32" },
        findDevice("apple-m2-gpu"),
      );
      expect(withDevice).toEqual(roundTrip(lib));
      // By hand: 2·4096·4096 = 33,554,432 FLOP; (4096 + 4096² + 4096)·4 = 67,141,632 B.
      expect(withDevice).toMatchObject({
        flops: 33_554_432,
        bytesCompulsory: 67_141_632,
        intensityCompulsory: 33_554_432 / 67_141_632,
      });
      expect(withDevice.device).toMatchObject({
        deviceId: "apple-m2-gpu",
        precision: "fp32",
        bound: "memory",
        boundClass: "memory-extreme",
      });

      const args = [
        "gemm",
        "--json",
        "--m",
        "64",
        "--k",
        "128",
        "--n",
        "256",
        "--batch",
        "3",
        "--batch-mode",
        "independent",
        "--dtype",
        "q8_0",
      ];
      const noDevice = (await runJson(expect, args)) as Record<string, unknown>;
      expect(noDevice).toEqual(
        roundTrip(analyzeGemm({ m: 64, k: 128, n: 256, batch: 3, batchMode: "independent", dtype: "q8_0" })),
      );
      // 2·3·64·256·128 = 12,582,912 FLOP; device absent → null.
      expect(noDevice.flops).toBe(12_582_912);
      expect(noDevice.device).toBeNull();
    },
    TIMEOUT,
  );

  it(
    "devices show --json and models show --json are the catalog entries",
    async ({ expect }) => {
      expect(await runJson(expect, ["devices", "show", "apple-m2-gpu", "--json"])).toEqual(
        roundTrip(findDevice("apple-m2-gpu")),
      );
      const m = findModel("llama-2-7b");
      const json = (await runJson(expect, ["models", "show", "llama-2-7b", "--json"])) as {
        params: { total: number };
      };
      expect(json).toEqual(roundTrip({ ...m, params: countParams(m) }));
      expect(json.params.total).toBe(6_738_415_616);
    },
    TIMEOUT,
  );
});
