/**
 * Token mixers beyond GQA: multi-head latent attention, Mamba-2, Gated DeltaNet, short
 * convolutions. References are worked by hand from the published configurations
 * (DeepSeek-V3, Granite-4.0-H-Small, Qwen3-Next-80B-A3B, LFM2-1.2B), independently of the
 * code's formulas.
 */
import { describe, expect, it } from "vitest";
import {
  gdnParams,
  gdnStateValues,
  type MlaDims,
  mamba2Params,
  mamba2StateValues,
  mlaCacheValues,
  mlaParams,
  shortConvParams,
  shortConvStateValues,
} from "../../src/core/models/mixers.js";
import {
  DELTA_RULE_FLOPS_PER_STATE,
  gdnOps,
  type MixerPass,
  mamba2Ops,
  mlaOps,
  type OpCost,
  type ProjectFn,
  projection,
  SSM_SCAN_FLOPS_PER_STATE,
  shortConvOps,
} from "../../src/core/ops/index.js";

/** fp16 weights, each tensor its full [in × out] (× heads). */
const proj: ProjectFn = (p) =>
  projection({
    name: p.name,
    group: p.group,
    tokens: p.rows * (p.heads ?? 1),
    inFeatures: p.inFeatures,
    outFeatures: p.outFeatures,
    weightBytes: 2 * p.inFeatures * p.outFeatures * (p.heads ?? 1),
    activationBytes: 2,
    kvOutputBytes: p.toCache ? 2 : undefined,
    precision: "fp16",
  });

const pass = (queries: number, keys: number, attention: "naive" | "flash" = "flash"): MixerPass => ({
  batch: 1,
  queries,
  keys,
  attention,
  activationBytes: 2,
  kvBytes: 2,
  stateBytes: 4,
  precision: "fp16",
});
const find = (ops: OpCost[], name: string) => {
  const o = ops.find((x) => x.name === name);
  if (!o) throw new Error(`no op ${name} in ${ops.map((x) => x.name).join(", ")}`);
  return o;
};
const sum = (ops: OpCost[], f: (o: OpCost) => number) => ops.reduce((a, o) => a + f(o), 0);

/** DeepSeek-V3 (https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json). */
const V3: MlaDims = {
  hidden: 7168,
  heads: 128,
  qLoraRank: 1536,
  kvLoraRank: 512,
  ropeDim: 64,
  nopeDim: 128,
  vDim: 128,
};

describe("multi-head latent attention (DeepSeek-V3 dimensions)", () => {
  it("parameters of one layer's attention", () => {
    // q_a 7168·1536 = 11,010,048; q_b 1536·128·192 = 37,748,736; kv_a 7168·576 = 4,128,768;
    // kv_b 512·128·256 = 16,777,216; o 128·128·7168 = 117,440,512; norms 1536 + 512.
    expect(mlaParams(V3)).toBe(187_107_328);
  });

  it("cache per token and layer: latent + rope key absorbed, per-head K and V decompressed", () => {
    expect(mlaCacheValues(V3, "absorbed")).toEqual({ k: 576, v: 0 });
    // 128·(128 + 64) + 128·128
    expect(mlaCacheValues(V3, "decompressed")).toEqual({ k: 24_576, v: 16_384 });
  });

  it("decode at 4096 keys, absorbed: MQA over 576-wide keys, 512-wide latent values", () => {
    const ops = mlaOps(V3, "absorbed", pass(1, 4096), proj);
    const a = find(ops, "attention");
    // 128 heads × 4096 pairs; 2·(576 + 512) + 5 FLOPs per pair.
    expect(a.flops).toBe(128 * 4096 * (2 * 1088 + 5));
    // The cache is read once: 4096 × 576 × 2 bytes.
    expect(a.bytes.kvRead).toBe(4_718_592);
    expect(find(ops, "q_absorb").flops).toBe(2 * 128 * 128 * 512);
    expect(find(ops, "v_absorb").flops).toBe(2 * 128 * 512 * 128);
    // Writes one token's latent (512) and rope key (64), fp16.
    expect(sum(ops, (o) => o.bytes.kvWrite)).toBe(576 * 2);
    expect(ops.map((o) => o.name)).toEqual([
      "q_a_proj",
      "q_a_norm",
      "q_b_proj",
      "kv_a_proj",
      "kv_a_norm",
      "rope",
      "q_absorb",
      "attention",
      "v_absorb",
      "o_proj",
    ]);
  });

  it("decode at 4096 keys, decompressed: MHA over 128 heads of 192-wide keys, 128-wide values", () => {
    const ops = mlaOps(V3, "decompressed", pass(1, 4096), proj);
    const a = find(ops, "attention");
    expect(a.flops).toBe(128 * 4096 * (2 * 320 + 5));
    expect(a.bytes.kvRead).toBe(4096 * 128 * 320 * 2);
    // Writes the new token's per-head keys and values: 40,960 values.
    expect(sum(ops, (o) => o.bytes.kvWrite)).toBe(40_960 * 2);
    expect(find(ops, "kv_b_proj").flops).toBe(2 * 512 * 128 * 256);
  });

  it("absorbed moves 71× fewer cache bytes per decode step; decompressed does fewer FLOPs in a long prefill", () => {
    const absorbed = mlaOps(V3, "absorbed", pass(1, 32_768), proj);
    const decompressed = mlaOps(V3, "decompressed", pass(1, 32_768), proj);
    const kv = (ops: OpCost[]) => sum(ops, (o) => o.bytes.kvRead);
    expect(kv(decompressed) / kv(absorbed)).toBeCloseTo(40_960 / 576, 6);
    const flops = (ops: OpCost[]) => sum(ops, (o) => o.flops);
    const pa = flops(mlaOps(V3, "absorbed", pass(8192, 8192), proj));
    const pd = flops(mlaOps(V3, "decompressed", pass(8192, 8192), proj));
    expect(pd).toBeLessThan(pa);
  });

  it("naive kernels: scores over 576 dims, values over the 512 latent dims (read again)", () => {
    const ops = mlaOps(V3, "absorbed", pass(1, 1000, "naive"), proj);
    expect(find(ops, "attn_scores").flops).toBe(2 * 128 * 1000 * 576);
    expect(find(ops, "attn_values").flops).toBe(2 * 128 * 1000 * 512);
    expect(find(ops, "attn_values").bytes.kvRead).toBe(1000 * 512 * 2);
  });

  it("DeepSeek-V2-Lite style (no q_lora_rank): one q projection", () => {
    const lite = { ...V3, qLoraRank: 0 };
    const ops = mlaOps(lite, "absorbed", pass(1, 10), proj);
    expect(find(ops, "q_proj").flops).toBe(2 * 7168 * 128 * 192);
    expect(mlaParams(lite)).toBe(187_107_328 - 11_010_048 - 37_748_736 - 1536 + 7168 * 128 * 192);
  });
});

/** Granite-4.0-H-Small (https://huggingface.co/ibm-granite/granite-4.0-h-small/blob/main/config.json). */
const GRANITE = {
  hidden: 4096,
  dInner: 8192,
  dState: 128,
  nHeads: 128,
  nGroups: 1,
  convKernel: 4,
  convBias: true,
};

describe("Mamba-2 (Granite-4.0-H-Small dimensions)", () => {
  it("parameters: in_proj 4096×16,768, conv 4×8448 + bias, dt/A/D, norm 8192, out_proj", () => {
    expect(mamba2Params(GRANITE)).toBe(68_681_728 + 33_792 + 8448 + 3 * 128 + 8192 + 33_554_432);
  });
  it("state per sequence: conv window 3×8448, SSM 8192×128", () => {
    expect(mamba2StateValues(GRANITE)).toEqual({ conv: 25_344, ssm: 1_048_576 });
  });
  it("decode: the state is read and written once (f32), whatever the context", () => {
    const ops = mamba2Ops(GRANITE, pass(1, 100_000), proj, { conv: 4 * 33_792, small: 0 });
    const scan = find(ops, "ssm_scan");
    expect(scan.flops).toBe(SSM_SCAN_FLOPS_PER_STATE * 8192 * 128 + 3 * 8192 + 8 * 128);
    expect(scan.bytes.kvRead).toBe(1_048_576 * 4);
    expect(scan.bytes.kvWrite).toBe(1_048_576 * 4);
    expect(find(ops, "ssm_conv").bytes.kvRead).toBe(25_344 * 4);
    const at = (keys: number) =>
      sum(mamba2Ops(GRANITE, pass(1, keys), proj, { conv: 0, small: 0 }), (o) => o.bytes.kvRead);
    expect(at(1000)).toBe(at(1_000_000));
  });
  it("prefill: FLOPs linear in the prompt, state traffic constant", () => {
    const a = mamba2Ops(GRANITE, pass(512, 512), proj, { conv: 0, small: 0 });
    const b = mamba2Ops(GRANITE, pass(1024, 1024), proj, { conv: 0, small: 0 });
    expect(sum(b, (o) => o.flops)).toBeCloseTo(2 * sum(a, (o) => o.flops), -3);
    expect(sum(b, (o) => o.bytes.kvRead)).toBe(sum(a, (o) => o.bytes.kvRead));
  });
});

/** Qwen3-Next-80B-A3B (https://huggingface.co/Qwen/Qwen3-Next-80B-A3B-Instruct/blob/main/config.json). */
const QWEN3_NEXT = { hidden: 2048, kHeads: 16, vHeads: 32, kDim: 128, vDim: 128, convKernel: 4 };

describe("Gated DeltaNet (Qwen3-Next dimensions)", () => {
  it("parameters: qkvz 2048×12,288, ba 2048×64, conv 4×8192, dt/A, norm 128, out 4096×2048", () => {
    expect(gdnParams(QWEN3_NEXT)).toBe(25_165_824 + 131_072 + 32_768 + 64 + 128 + 8_388_608);
  });
  it("state: 32 heads × 128×128, conv window 3×8192", () => {
    expect(gdnStateValues(QWEN3_NEXT)).toEqual({ conv: 24_576, ssm: 524_288 });
  });
  it("decode: 7 FLOPs per state element, state read and written once", () => {
    const ops = gdnOps(QWEN3_NEXT, pass(1, 1), proj, { conv: 0, small: 0 });
    const d = find(ops, "delta_rule");
    expect(d.flops).toBe(DELTA_RULE_FLOPS_PER_STATE * 524_288 + 6 * 2048 + 2 * 4096 + 320);
    expect(d.bytes.kvRead).toBe(524_288 * 4);
    expect(find(ops, "qkv_proj").flops).toBe(2 * 2048 * 8192);
    expect(find(ops, "z_proj").flops).toBe(2 * 2048 * 4096);
  });
});

/** LFM2-1.2B (https://huggingface.co/LiquidAI/LFM2-1.2B/blob/main/config.json). */
describe("short convolution (LFM2-1.2B dimensions)", () => {
  const m = { hidden: 2048, kernel: 3, bias: false };
  it("parameters: in 2048×6144, conv 3×2048, out 2048×2048", () => {
    expect(shortConvParams(m)).toBe(12_582_912 + 6144 + 4_194_304);
  });
  it("state: the last 2 inputs of 2048 channels", () => {
    expect(shortConvStateValues(m)).toEqual({ conv: 4096, ssm: 0 });
  });
  it("ops: in_proj, B⊙x, conv (2·3 FLOPs per output), C⊙y, out_proj", () => {
    const ops = shortConvOps(m, pass(10, 10), proj, { conv: 3 * 2048 * 4 });
    expect(ops.map((o) => o.name)).toEqual([
      "conv_in_proj",
      "conv_gate_in",
      "short_conv",
      "conv_gate_out",
      "conv_out_proj",
    ]);
    expect(find(ops, "short_conv").flops).toBe(10 * 2048 * 6);
    expect(find(ops, "short_conv").bytes.kvRead).toBe(4096 * 4);
  });
});

describe("mixers in a whole analysis", () => {
  it("with --fusion the recurrent scan keeps its activation traffic (its own kernel); norms lose theirs", async () => {
    const { analyze, findDevice, findModel, resolveWorkload } = await import("../../src/core/index.js");
    const a = analyze({
      model: findModel("qwen3-next-80b-a3b"),
      device: findDevice("apple-m2-gpu"),
      workload: resolveWorkload({ phase: "decode", promptTokens: 512, fusion: true }),
    });
    const ops = a.decode?.layerOps ?? [];
    const delta = ops.find((o) => o.name === "delta_rule");
    // Reads q, k (2 · 2048), v, o-side (2 · 4096) and the two gates (2 · 32) at 2 bytes.
    expect(delta?.bytes.activations).toBe((2 * 2048 + 2 * 4096 + 64) * 2);
    expect(ops.find((o) => o.name === "attn_norm")?.bytes.activations).toBe(0);
  });
});
