import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openFileSource } from "../../src/cli/io/file-source.js";
import { InputError } from "../../src/core/errors.js";
import { modelFromGguf } from "../../src/core/models/import/gguf-model.js";
import {
  type ByteSource,
  type GgufHeader,
  readGgufHeader,
} from "../../src/core/models/import/gguf-reader.js";
import { storedWeightBytes } from "../../src/core/models/weights.js";
import {
  ByteWriter,
  sourceOf,
  str,
  T,
  u32,
  virtualSource,
  type WTensor,
  type WValue,
  writeGguf,
} from "../helpers/gguf-writer.js";

// ggml type ids
const F32 = 0;
const F16 = 1;
const Q8_0 = 8; // 32 values in 34 bytes
const Q4_K = 12; // 256 values in 144 bytes
const Q6_K = 14; // 256 values in 210 bytes

async function rejects(p: Promise<unknown>, field: string | RegExp, message?: RegExp): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    if (typeof field === "string") expect(err.field).toBe(field);
    else expect(err.field).toMatch(field);
    if (message) expect(err.message).toMatch(message);
    return err;
  }
  throw new Error("expected an InputError, but it resolved");
}

function throwsInput(f: () => unknown, field: string | RegExp, message?: RegExp): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    if (typeof field === "string") expect(err.field).toBe(field);
    else expect(err.field).toMatch(field);
    if (message) expect(err.message).toMatch(message);
    return err;
  }
  throw new Error("expected an InputError");
}

function archMeta(arch: string, kv: Record<string, number>): [string, WValue][] {
  return [
    ["general.architecture", str(arch)],
    ...Object.entries(kv).map(([k, v]): [string, WValue] => [`${arch}.${k}`, u32(v)]),
  ];
}

/** Standard per-layer attention + dense FFN tensors. */
function denseLayer(
  i: number,
  d: number,
  q: number,
  kv: number,
  ff: number,
  types: Partial<Record<string, number>> = {},
): WTensor[] {
  const ty = (n: string) => types[n] ?? F16;
  return [
    { name: `blk.${i}.attn_norm.weight`, dims: [d], type: F32 },
    { name: `blk.${i}.attn_q.weight`, dims: [d, q], type: ty("attn_q") },
    { name: `blk.${i}.attn_k.weight`, dims: [d, kv], type: ty("attn_k") },
    { name: `blk.${i}.attn_v.weight`, dims: [d, kv], type: ty("attn_v") },
    { name: `blk.${i}.attn_output.weight`, dims: [q, d], type: ty("attn_output") },
    { name: `blk.${i}.ffn_norm.weight`, dims: [d], type: F32 },
    { name: `blk.${i}.ffn_gate.weight`, dims: [d, ff], type: ty("ffn_gate") },
    { name: `blk.${i}.ffn_up.weight`, dims: [d, ff], type: ty("ffn_up") },
    { name: `blk.${i}.ffn_down.weight`, dims: [ff, d], type: ty("ffn_down") },
  ];
}

// ---------------------------------------------------------------------------------------
// Tiny llama: d=64, 2 layers, 4 heads of 16 (key_length absent → 64/4), 2 KV heads, ff=128,
// vocab 100 (from token_embd dims), untied output in Q8_0, everything else F16, norms F32.
// Also carries one metadata value of every type.
// ---------------------------------------------------------------------------------------
const TOKENS = Array.from({ length: 100 }, (_, i) => `t${i}`);
function tinyLlama() {
  const metadata: [string, WValue][] = [
    ...archMeta("llama", {
      embedding_length: 64,
      block_count: 2,
      "attention.head_count": 4,
      "attention.head_count_kv": 2,
      feed_forward_length: 128,
      context_length: 2048,
    }),
    ["general.name", str("Tiny Llama Test")],
    ["test.u8", { t: "uint8", v: 200 }],
    ["test.i8", { t: "int8", v: -100 }],
    ["test.u16", { t: "uint16", v: 65000 }],
    ["test.i16", { t: "int16", v: -32000 }],
    ["test.i32", { t: "int32", v: -2_000_000_000 }],
    ["test.f32", { t: "float32", v: 0.5 }],
    ["test.bool", { t: "bool", v: true }],
    ["test.u64", { t: "uint64", v: 2n ** 60n }], // above 2^53 → bigint
    ["test.u64small", { t: "uint64", v: 12345 }], // safe → number
    ["test.i64", { t: "int64", v: -5 }],
    ["test.f64", { t: "float64", v: 1e-300 }],
    ["test.unicode", str("héllo ✓")],
    ["tokenizer.ggml.tokens", { t: "array", of: "string", v: TOKENS }],
    ["tokenizer.ggml.scores", { t: "array", of: "float32", v: Array.from({ length: 2000 }, () => 0) }],
    ["test.small_array", { t: "array", of: "int32", v: [1, -2, 3] }],
  ];
  const tensors: WTensor[] = [
    { name: "token_embd.weight", dims: [64, 100], type: F16 },
    { name: "rope_freqs.weight", dims: [8], type: F32 }, // not modelled: a warning
    ...denseLayer(0, 64, 64, 32, 128),
    ...denseLayer(1, 64, 64, 32, 128),
    { name: "output_norm.weight", dims: [64], type: F32 },
    { name: "output.weight", dims: [64, 100], type: Q8_0 },
  ];
  return writeGguf({ metadata, tensors });
}

describe("readGgufHeader + modelFromGguf: round trips", () => {
  it("reads every metadata value type and the tensor table of a tiny llama", async () => {
    const f = tinyLlama();
    const src = sourceOf(f);
    const h = await readGgufHeader(src);
    expect(h.version).toBe(3);
    expect(h.dataOffset).toBe(f.dataOffset);
    expect(h.dataOffset % 32).toBe(0);
    const m = h.metadata;
    expect(m["general.architecture"]).toBe("llama");
    expect(m["llama.embedding_length"]).toBe(64);
    expect(m["test.u8"]).toBe(200);
    expect(m["test.i8"]).toBe(-100);
    expect(m["test.u16"]).toBe(65000);
    expect(m["test.i16"]).toBe(-32000);
    expect(m["test.i32"]).toBe(-2_000_000_000);
    expect(m["test.f32"]).toBe(0.5);
    expect(m["test.bool"]).toBe(true);
    expect(m["test.u64"]).toBe(2n ** 60n);
    expect(m["test.u64small"]).toBe(12345);
    expect(m["test.i64"]).toBe(-5);
    expect(m["test.f64"]).toBe(1e-300);
    expect(m["test.unicode"]).toBe("héllo ✓");
    // 100 ≤ 1024: materialized; 2000 > 1024: summary only.
    expect(m["tokenizer.ggml.tokens"]).toEqual({
      type: "array",
      elementType: "string",
      length: 100,
      values: TOKENS,
    });
    expect(m["tokenizer.ggml.scores"]).toEqual({ type: "array", elementType: "float32", length: 2000 });
    expect(m["test.small_array"]).toEqual({
      type: "array",
      elementType: "int32",
      length: 3,
      values: [1, -2, 3],
    });
    // 1 + 1 + 2·9 + 2 = 22 tensors, with the writer's offsets.
    expect(h.tensors).toHaveLength(22);
    expect(h.tensors[0]).toEqual({ name: "token_embd.weight", dims: [64, 100], ggmlType: F16, offset: 0 });
    expect(h.tensors.map((t) => t.offset)).toEqual(f.offsets);
    // The header is read, never the data: a single 1 MiB chunk covers this whole file.
    expect(src.reads).toBe(1);
  });

  it("turns the tiny llama into a spec and exact bytes", async () => {
    const h = await readGgufHeader(sourceOf(tinyLlama()));
    const { spec, weights, warnings } = modelFromGguf(h);
    expect(spec).toMatchObject({
      id: "tiny-llama-test",
      name: "Tiny Llama Test",
      family: "llama",
      hiddenSize: 64,
      numLayers: 2,
      numHeads: 4,
      numKvHeads: 2,
      headDim: 16, // 64 / 4
      intermediateSize: 128,
      vocabSize: 100,
      ffn: { gated: true, activation: "silu" },
      norm: "rmsnorm",
      qkvBias: false,
      qkNorm: false,
      tieEmbeddings: false,
      maxContext: 2048,
    });
    expect(spec.moe).toBeUndefined();
    // token_embd 64·100 F16 = 6400·2 = 12,800; output Q8_0: 6400/32 = 200 blocks · 34 = 6,800.
    expect(weights.embedding).toEqual({ bytes: 12_800, format: "fp16" });
    expect(weights.lmHead).toEqual({ bytes: 6_800, format: "q8_0" });
    expect(weights.tied).toBe(false);
    expect(weights.finalNormBytes).toBe(256); // 64 · 4
    expect(weights.origin).toBe("gguf");
    expect(weights.layers).toHaveLength(2);
    const l = weights.layers[1]!;
    // attn_q 64·64·2 = 8192; attn_k/v 64·32·2 = 4096; ffn 64·128·2 = 16,384; norms 2·64·4 = 512.
    expect(l.tensors.attn_q).toEqual({ bytes: 8192, format: "fp16" });
    expect(l.tensors.attn_k.bytes).toBe(4096);
    expect(l.tensors.attn_v.bytes).toBe(4096);
    expect(l.tensors.attn_o.bytes).toBe(8192);
    expect(l.tensors.ffn_gate.bytes).toBe(16_384);
    expect(l.tensors.ffn_up.bytes).toBe(16_384);
    expect(l.tensors.ffn_down.bytes).toBe(16_384);
    expect(l.tensors.router.bytes).toBe(0);
    expect(l.tensors.shared_up.bytes).toBe(0);
    expect(l.smallBytes).toBe(512);
    // 12,800 + 6,800 + 256 + 2 · (8192 + 4096 + 4096 + 8192 + 3·16,384 + 512 = 74,240) = 168,336
    expect(storedWeightBytes(weights, spec)).toBe(168_336);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/1 unknown tensor \(32 bytes\): rope_freqs\.weight/);
  });

  it("uses a given id", async () => {
    const h = await readGgufHeader(sourceOf(tinyLlama()));
    expect(modelFromGguf(h, "my-model").spec.id).toBe("my-model");
    throwsInput(() => modelFromGguf(h, "Bad Id"), "gguf.model.id");
  });

  it("reads a Mixtral-like MoE (llama.expert_count), tied, in Q8_0", async () => {
    // d=64, 2 layers, 4 heads of 16 (key_length given), no head_count_kv → 4, 4 experts of ff=96, 2 used.
    const d = 64;
    const tensors: WTensor[] = [
      { name: "token_embd.weight", dims: [d, 50], type: Q8_0 },
      { name: "output_norm.weight", dims: [d], type: F32 },
    ];
    for (let i = 0; i < 2; i++) {
      tensors.push(
        { name: `blk.${i}.attn_norm.weight`, dims: [d], type: F32 },
        { name: `blk.${i}.attn_q.weight`, dims: [d, d], type: Q8_0 },
        { name: `blk.${i}.attn_k.weight`, dims: [d, d], type: Q8_0 },
        { name: `blk.${i}.attn_v.weight`, dims: [d, d], type: Q8_0 },
        { name: `blk.${i}.attn_output.weight`, dims: [d, d], type: Q8_0 },
        { name: `blk.${i}.ffn_norm.weight`, dims: [d], type: F32 },
        { name: `blk.${i}.ffn_gate_inp.weight`, dims: [d, 4], type: F32 },
        { name: `blk.${i}.ffn_gate_exps.weight`, dims: [d, 96, 4], type: Q8_0 },
        { name: `blk.${i}.ffn_up_exps.weight`, dims: [d, 96, 4], type: Q8_0 },
        { name: `blk.${i}.ffn_down_exps.weight`, dims: [96, d, 4], type: Q8_0 },
      );
    }
    const f = writeGguf({
      metadata: [
        ...archMeta("llama", {
          embedding_length: d,
          block_count: 2,
          "attention.head_count": 4,
          "attention.key_length": 16,
          feed_forward_length: 96,
          context_length: 32768,
          expert_count: 4,
          expert_used_count: 2,
        }),
      ],
      tensors,
    });
    const { spec, weights, warnings } = modelFromGguf(await readGgufHeader(sourceOf(f)));
    expect(spec.id).toBe("llama"); // no general.name: the architecture
    expect(spec.numKvHeads).toBe(4);
    expect(spec.vocabSize).toBe(50);
    expect(spec.tieEmbeddings).toBe(true);
    expect(spec.moe).toEqual({
      numExperts: 4,
      expertsPerToken: 2,
      expertIntermediateSize: 96,
      sharedExperts: 0,
    });
    // token_embd 64·50 = 3200 / 32 = 100 blocks · 34 = 3,400; tied: lm head = the same matrix.
    expect(weights.embedding).toEqual({ bytes: 3400, format: "q8_0" });
    expect(weights.lmHead).toEqual({ bytes: 3400, format: "q8_0" });
    const t = weights.layers[0]!.tensors;
    // attn 64·64 = 4096 / 32 = 128 blocks · 34 = 4,352.
    expect(t.attn_q.bytes).toBe(4352);
    // exps 64·96·4 = 24,576 / 32 = 768 blocks · 34 = 26,112 in all → 6,528 per expert (= 6144/32 · 34).
    expect(t.ffn_gate).toEqual({ bytes: 6528, format: "q8_0" });
    expect(t.ffn_up.bytes).toBe(6528);
    expect(t.ffn_down.bytes).toBe(6528);
    // router 64·4 F32 = 1,024.
    expect(t.router).toEqual({ bytes: 1024, format: "fp32" });
    // per layer 4·4352 + 1024 + 4 experts · 3 · 6528 + 512 = 97,280; total 3400 + 256 + 2·97,280 = 198,216.
    expect(storedWeightBytes(weights, spec)).toBe(198_216);
    expect(warnings).toEqual([]);
  });

  it("reads a qwen2moe-like MoE with a shared expert and QKV biases", async () => {
    // d=32, 1 layer, 2 heads of 16, 1 KV head, 8 experts of 64 (expert_feed_forward_length), 2 used,
    // one shared expert of 128 with its sigmoid gate ffn_gate_inp_shexp [32, 1].
    const d = 32;
    const f = writeGguf({
      metadata: [
        ...archMeta("qwen2moe", {
          embedding_length: d,
          block_count: 1,
          "attention.head_count": 2,
          "attention.head_count_kv": 1,
          feed_forward_length: 256,
          expert_feed_forward_length: 64,
          expert_shared_feed_forward_length: 128,
          context_length: 8192,
          expert_count: 8,
          expert_used_count: 2,
        }),
        ["general.name", str("Qwen1.5 MoE A2.7B (tiny)")],
      ],
      tensors: [
        { name: "token_embd.weight", dims: [d, 40], type: F16 },
        { name: "output.weight", dims: [d, 40], type: F16 },
        { name: "output_norm.weight", dims: [d], type: F32 },
        { name: "blk.0.attn_norm.weight", dims: [d], type: F32 },
        { name: "blk.0.attn_q.weight", dims: [d, 32], type: F16 },
        { name: "blk.0.attn_q.bias", dims: [32], type: F32 },
        { name: "blk.0.attn_k.weight", dims: [d, 16], type: F16 },
        { name: "blk.0.attn_k.bias", dims: [16], type: F32 },
        { name: "blk.0.attn_v.weight", dims: [d, 16], type: F16 },
        { name: "blk.0.attn_v.bias", dims: [16], type: F32 },
        { name: "blk.0.attn_output.weight", dims: [32, d], type: F16 },
        { name: "blk.0.ffn_norm.weight", dims: [d], type: F32 },
        { name: "blk.0.ffn_gate_inp.weight", dims: [d, 8], type: F32 },
        { name: "blk.0.ffn_gate_exps.weight", dims: [d, 64, 8], type: F16 },
        { name: "blk.0.ffn_up_exps.weight", dims: [d, 64, 8], type: F16 },
        { name: "blk.0.ffn_down_exps.weight", dims: [64, d, 8], type: F16 },
        { name: "blk.0.ffn_gate_inp_shexp.weight", dims: [d, 1], type: F32 },
        { name: "blk.0.ffn_gate_shexp.weight", dims: [d, 128], type: F16 },
        { name: "blk.0.ffn_up_shexp.weight", dims: [d, 128], type: F16 },
        { name: "blk.0.ffn_down_shexp.weight", dims: [128, d], type: F16 },
      ],
    });
    const { spec, weights } = modelFromGguf(await readGgufHeader(sourceOf(f)));
    expect(spec.id).toBe("qwen1.5-moe-a2.7b-tiny");
    expect(spec.qkvBias).toBe(true);
    expect(spec.intermediateSize).toBe(256);
    expect(spec.moe).toEqual({
      numExperts: 8,
      expertsPerToken: 2,
      expertIntermediateSize: 64,
      sharedExperts: 1,
      sharedIntermediateSize: 128,
    });
    const l = weights.layers[0]!;
    // per expert 32·64·2 = 4,096 (the 8-expert tensor is 32,768).
    expect(l.tensors.ffn_gate.bytes).toBe(4096);
    expect(l.tensors.ffn_down.bytes).toBe(4096);
    // router 32·8·4 = 1,024; shared 32·128·2 = 8,192 each.
    expect(l.tensors.router.bytes).toBe(1024);
    expect(l.tensors.shared_gate.bytes).toBe(8192);
    expect(l.tensors.shared_up.bytes).toBe(8192);
    expect(l.tensors.shared_down.bytes).toBe(8192);
    // small: norms 2·32·4 = 256, biases (32+16+16)·4 = 256, shared gate 32·4 = 128 → 640.
    expect(l.smallBytes).toBe(640);
  });

  it("reads a Q4_K_M-like mixed-type 8B-shaped model exactly", async () => {
    // Llama-3-8B shapes (d=4096, 32 heads, 8 KV heads of 128, ff=14336, vocab 128,256), 2 layers.
    // Q4_K_M mix: Q4_K everywhere except attn_v, ffn_down of layer 0 and output in Q6_K.
    const d = 4096;
    const ff = 14336;
    const tensors: WTensor[] = [
      { name: "token_embd.weight", dims: [d, 128256], type: Q4_K },
      { name: "output.weight", dims: [d, 128256], type: Q6_K },
      { name: "output_norm.weight", dims: [d], type: F32 },
      ...denseLayer(0, d, d, 1024, ff, {
        attn_q: Q4_K,
        attn_k: Q4_K,
        attn_v: Q6_K,
        attn_output: Q4_K,
        ffn_gate: Q4_K,
        ffn_up: Q4_K,
        ffn_down: Q6_K,
      }),
      ...denseLayer(1, d, d, 1024, ff, {
        attn_q: Q4_K,
        attn_k: Q4_K,
        attn_v: Q6_K,
        attn_output: Q4_K,
        ffn_gate: Q4_K,
        ffn_up: Q4_K,
        ffn_down: Q4_K,
      }),
    ];
    const f = writeGguf({
      metadata: [
        ...archMeta("llama", {
          embedding_length: d,
          block_count: 2,
          "attention.head_count": 32,
          "attention.head_count_kv": 8,
          feed_forward_length: ff,
          context_length: 8192,
        }),
        ["general.name", str("Meta-Llama-3-8B-Instruct")],
      ],
      tensors,
    });
    const src = sourceOf(f);
    const { spec, weights } = modelFromGguf(await readGgufHeader(src));
    expect(src.bytesRead).toBeLessThanOrEqual(1 << 20); // one chunk; never the ~1 GB of data
    expect(spec).toMatchObject({
      id: "meta-llama-3-8b-instruct",
      headDim: 128,
      numKvHeads: 8,
      vocabSize: 128_256,
    });
    // token_embd: 4096·128,256 = 525,336,576 / 256 = 2,052,096 blocks · 144 = 295,501,824.
    expect(weights.embedding).toEqual({ bytes: 295_501_824, format: "q4_k" });
    // output: 2,052,096 blocks · 210 = 430,940,160.
    expect(weights.lmHead).toEqual({ bytes: 430_940_160, format: "q6_k" });
    const [l0, l1] = weights.layers;
    // attn_q 4096·4096 = 16,777,216 / 256 = 65,536 blocks · 144 = 9,437,184.
    expect(l0!.tensors.attn_q).toEqual({ bytes: 9_437_184, format: "q4_k" });
    // attn_k 4096·1024 = 4,194,304 / 256 = 16,384 blocks · 144 = 2,359,296; attn_v · 210 = 3,440,640.
    expect(l0!.tensors.attn_k.bytes).toBe(2_359_296);
    expect(l0!.tensors.attn_v).toEqual({ bytes: 3_440_640, format: "q6_k" });
    expect(l0!.tensors.attn_o.bytes).toBe(9_437_184);
    // ffn 4096·14336 = 58,720,256 / 256 = 229,376 blocks: Q4_K · 144 = 33,030,144; Q6_K · 210 = 48,168,960.
    expect(l0!.tensors.ffn_gate.bytes).toBe(33_030_144);
    expect(l0!.tensors.ffn_up.bytes).toBe(33_030_144);
    expect(l0!.tensors.ffn_down).toEqual({ bytes: 48_168_960, format: "q6_k" });
    expect(l1!.tensors.ffn_down).toEqual({ bytes: 33_030_144, format: "q4_k" });
    // norms 2 · 4096 · 4 = 32,768.
    expect(l0!.smallBytes).toBe(32_768);
    // layer 0: 9,437,184·2 + 2,359,296 + 3,440,640 + 33,030,144·2 + 48,168,960 + 32,768 = 138,936,320
    // layer 1: same with ffn_down 33,030,144 → 123,797,504
    // total: 295,501,824 + 430,940,160 + 16,384 + 138,936,320 + 123,797,504 = 989,192,192
    expect(storedWeightBytes(weights, spec)).toBe(989_192_192);
  });

  it("splits phi3's fused attn_qkv and gate+up", async () => {
    // d=64, 4 heads of 16, 4 KV heads, ff=128: attn_qkv [64, 64+32+... ] = [64, 192]; ffn_up [64, 256].
    const d = 64;
    const f = writeGguf({
      metadata: [
        ...archMeta("phi3", {
          embedding_length: d,
          block_count: 1,
          "attention.head_count": 4,
          "attention.head_count_kv": 4,
          feed_forward_length: 128,
          context_length: 4096,
          "attention.sliding_window": 2047,
        }),
      ],
      tensors: [
        { name: "token_embd.weight", dims: [d, 32], type: F16 },
        { name: "output.weight", dims: [d, 32], type: F16 },
        { name: "output_norm.weight", dims: [d], type: F32 },
        { name: "blk.0.attn_norm.weight", dims: [d], type: F32 },
        { name: "blk.0.attn_qkv.weight", dims: [d, 192], type: F16 },
        { name: "blk.0.attn_output.weight", dims: [d, d], type: F16 },
        { name: "blk.0.ffn_norm.weight", dims: [d], type: F32 },
        { name: "blk.0.ffn_up.weight", dims: [d, 256], type: F16 },
        { name: "blk.0.ffn_down.weight", dims: [128, d], type: F16 },
      ],
    });
    const { spec, weights } = modelFromGguf(await readGgufHeader(sourceOf(f)));
    expect(spec.slidingWindow).toBe(2047);
    expect(spec.ffn).toEqual({ gated: true, activation: "silu" });
    const t = weights.layers[0]!.tensors;
    // qkv 64·192·2 = 24,576 = q 64 rows (8,192) + k 64 rows (8,192) + v 64 rows (8,192).
    expect([t.attn_q.bytes, t.attn_k.bytes, t.attn_v.bytes]).toEqual([8192, 8192, 8192]);
    // gate+up 64·256·2 = 32,768 → 16,384 each.
    expect([t.ffn_gate.bytes, t.ffn_up.bytes]).toEqual([16_384, 16_384]);
    expect(t.ffn_down.bytes).toBe(16_384);
  });

  it("splits a fused qkv with grouped KV by row counts", async () => {
    // 4 heads of 16 and 1 KV head: q 64 rows, k 16, v 16 → [64, 96] Q8_0 = 6144/32·34 = 6,528 bytes
    // = 68 bytes a row (2 blocks of 34): q 64·68 = 4,352, k = v = 16·68 = 1,088.
    const d = 64;
    const f = writeGguf({
      metadata: archMeta("phi3", {
        embedding_length: d,
        block_count: 1,
        "attention.head_count": 4,
        "attention.head_count_kv": 1,
        feed_forward_length: 128,
        context_length: 4096,
      }),
      tensors: [
        { name: "token_embd.weight", dims: [d, 32], type: F16 },
        { name: "output_norm.weight", dims: [d], type: F32 },
        { name: "blk.0.attn_qkv.weight", dims: [d, 96], type: Q8_0 },
        { name: "blk.0.attn_output.weight", dims: [d, d], type: F16 },
        { name: "blk.0.ffn_up.weight", dims: [d, 256], type: F16 },
        { name: "blk.0.ffn_down.weight", dims: [128, d], type: F16 },
      ],
    });
    const t = modelFromGguf(await readGgufHeader(sourceOf(f))).weights.layers[0]!.tensors;
    expect([t.attn_q.bytes, t.attn_k.bytes, t.attn_v.bytes]).toEqual([4352, 1088, 1088]);
  });

  it("gives gemma gelu_tanh and qwen3 q/k norms", async () => {
    const d = 32;
    const mk = (arch: string, extra: WTensor[]) =>
      writeGguf({
        metadata: archMeta(arch, {
          embedding_length: d,
          block_count: 1,
          "attention.head_count": 2,
          "attention.key_length": 32, // head dim 32: q out 64 ≠ d
          feed_forward_length: 64,
          context_length: 8192,
        }),
        tensors: [
          { name: "token_embd.weight", dims: [d, 16], type: F16 },
          { name: "output_norm.weight", dims: [d], type: F32 },
          ...denseLayer(0, d, 64, 64, 64),
          ...extra,
        ],
      });
    const g = modelFromGguf(await readGgufHeader(sourceOf(mk("gemma", []))));
    expect(g.spec.ffn).toEqual({ gated: true, activation: "gelu_tanh" });
    expect(g.spec.headDim).toBe(32);
    expect(g.spec.tieEmbeddings).toBe(true);
    const q = modelFromGguf(
      await readGgufHeader(
        sourceOf(
          mk("qwen3", [
            { name: "blk.0.attn_q_norm.weight", dims: [32], type: F32 },
            { name: "blk.0.attn_k_norm.weight", dims: [32], type: F32 },
          ]),
        ),
      ),
    );
    expect(q.spec.qkNorm).toBe(true);
    // norms 2·32·4 = 256 + q/k norms 2·32·4 = 256 → 512.
    expect(q.weights.layers[0]!.smallBytes).toBe(512);
  });

  it("reads GGUF v2", async () => {
    const f = writeGguf({ version: 2, metadata: [["general.architecture", str("llama")]], tensors: [] });
    expect((await readGgufHeader(sourceOf(f))).version).toBe(2);
  });

  it("keeps a 200k-element string array as a summary, in a few buffered reads", async () => {
    const tokens = Array.from({ length: 200_000 }, (_, i) => `token${i}`);
    const f = writeGguf({
      metadata: [["tokenizer.ggml.tokens", { t: "array", of: "string", v: tokens }]],
      tensors: [],
    });
    const src = sourceOf(f);
    const h = await readGgufHeader(src);
    expect(h.metadata["tokenizer.ggml.tokens"]).toEqual({
      type: "array",
      elementType: "string",
      length: 200_000,
    });
    // ~200k · (8 + ~10) ≈ 3.6 MB of header in 1 MiB chunks: 4 reads, far from one per element.
    expect(src.reads).toBeLessThan(10);
  });
});

describe("modelFromGguf: rejections", () => {
  async function header(
    arch: string,
    tensors: WTensor[],
    kv: Record<string, number> = {},
  ): Promise<GgufHeader> {
    const f = writeGguf({
      metadata: archMeta(arch, {
        embedding_length: 64,
        block_count: 1,
        "attention.head_count": 4,
        feed_forward_length: 128,
        context_length: 2048,
        ...kv,
      }),
      tensors,
    });
    return readGgufHeader(sourceOf(f));
  }
  const base: WTensor[] = [
    { name: "token_embd.weight", dims: [64, 10], type: F16 },
    { name: "output_norm.weight", dims: [64], type: F32 },
  ];

  it("names unsupported architectures and lists the supported ones", async () => {
    const h = await header("falcon", base);
    throwsInput(
      () => modelFromGguf(h),
      'gguf.metadata["general.architecture"]',
      /supported: llama, qwen2, qwen2moe, qwen3, qwen3moe, gemma, phi3/,
    );
  });

  it("names a missing tensor", async () => {
    const layer = denseLayer(0, 64, 64, 64, 128).filter((t) => t.name !== "blk.0.attn_v.weight");
    const h = await header("llama", [...base, ...layer]);
    throwsInput(() => modelFromGguf(h), 'gguf.tensors["blk.0.attn_v.weight"]', /missing/);
  });

  it("rejects shapes that disagree with the metadata", async () => {
    const layer = denseLayer(0, 64, 64, 64, 100); // ff 100 ≠ feed_forward_length 128
    const h = await header("llama", [...base, ...layer]);
    throwsInput(() => modelFromGguf(h), 'gguf.tensors["blk.0.ffn_gate.weight"].dims', /8192/);
  });

  it("rejects an unknown ggml type in a hand-built header", () => {
    const h: GgufHeader = {
      version: 3,
      alignment: 32,
      dataOffset: 0,
      metadata: { "general.architecture": "llama", "llama.embedding_length": 64 },
      tensors: [],
    };
    throwsInput(() => modelFromGguf(h), 'gguf.metadata["llama.block_count"]', /missing/);
    const h2: GgufHeader = {
      ...h,
      metadata: {
        ...h.metadata,
        "llama.block_count": 1,
        "llama.attention.head_count": 4,
        "llama.context_length": 8,
        "llama.feed_forward_length": 8,
      },
      tensors: [{ name: "token_embd.weight", dims: [64, 10], ggmlType: 4, offset: 0 }],
    };
    throwsInput(() => modelFromGguf(h2), 'gguf.tensors["token_embd.weight"].type', /unknown ggml type/);
  });
});

// ---------------------------------------------------------------------------------------
// Hostile input: each rejected with the field named, without large allocations or loops.
// ---------------------------------------------------------------------------------------
describe("readGgufHeader: hostile input", () => {
  const head = (version = 3) => new ByteWriter().raw(new TextEncoder().encode("GGUF")).u32(version);
  const src = (w: ByteWriter) => virtualSource(w.finish());

  it("rejects a bad magic", async () => {
    const w = new ByteWriter().raw(new TextEncoder().encode("GGML")).u32(3).u64(0).u64(0);
    await rejects(readGgufHeader(src(w)), "gguf.magic", /not a GGUF file/);
    await rejects(readGgufHeader(virtualSource(new Uint8Array(0))), "gguf.magic", /truncated/);
  });

  it("rejects version 1, unknown versions and big-endian files", async () => {
    await rejects(readGgufHeader(src(head(1).u32(0).u32(0))), "gguf.version", /v1/);
    await rejects(readGgufHeader(src(head(4).u64(0).u64(0))), "gguf.version", /supported versions: 2, 3/);
    // Big-endian v3: bytes 00 00 00 03 read little-endian as 0x03000000.
    const be = new ByteWriter().raw(new TextEncoder().encode("GGUF")).raw(new Uint8Array([0, 0, 0, 3]));
    const err = await rejects(readGgufHeader(src(be)), "gguf.version", /big-endian/);
    expect(err.value).toBe(3);
  });

  it("rejects a file truncated anywhere", async () => {
    const f = tinyLlama();
    const full = f.header;
    let checked = 0;
    // Every byte of the header, then a few points inside the (virtual) data section.
    // The last tensor (output, Q8_0: 6,800 bytes) ends before the file's trailing alignment padding.
    const lastEnd = f.dataOffset + f.offsets[f.offsets.length - 1]! + 6800;
    // Every 3rd byte of the header plus every byte of its first 64 (magic, version, counts, first key).
    const cuts = [
      ...Array.from({ length: 64 }, (_, i) => i),
      ...Array.from({ length: Math.ceil((full.length - 64) / 3) }, (_, i) => 64 + 3 * i),
      f.dataOffset - 1,
      f.dataOffset + 1,
      lastEnd - 1,
    ];
    for (const cut of cuts) {
      const s = virtualSource(full.subarray(0, Math.min(cut, full.length)), cut);
      await rejects(readGgufHeader(s), /^gguf\./);
      checked++;
    }
    expect(checked).toBeGreaterThan(full.length / 3);
    // …and the whole file is fine.
    await expect(readGgufHeader(virtualSource(full, f.fileSize))).resolves.toBeDefined();
  });

  it("rejects tensor_count 2^60 and metadata_kv_count 2^62", async () => {
    const e = await rejects(
      readGgufHeader(
        src(
          head()
            .u64(2n ** 60n)
            .u64(0),
        ),
      ),
      "gguf.tensor_count",
      /limit is 100000/,
    );
    expect(e.value).toBe(2n ** 60n);
    await rejects(
      readGgufHeader(
        src(
          head()
            .u64(0)
            .u64(2n ** 62n),
        ),
      ),
      "gguf.metadata_kv_count",
    );
    // Under the limit but more than the file can hold (each tensor entry ≥ 24 bytes).
    await rejects(readGgufHeader(src(head().u64(50_000).u64(0))), "gguf.tensor_count", /only 0 remain/);
  });

  it("rejects a string length of 2^40", async () => {
    const w = head()
      .u64(0)
      .u64(1)
      .str("general.name")
      .u32(T.string)
      .u64(2n ** 40n);
    const e = await rejects(readGgufHeader(src(w)), 'gguf.metadata["general.name"]', /limit is 1048576/);
    expect(e.value).toBe(2n ** 40n);
    // A key length of 2^40: the key is not known yet, the entry index is.
    const longKey = head()
      .u64(0)
      .u64(1)
      .u64(2n ** 40n)
      .raw(new Uint8Array(16));
    await rejects(readGgufHeader(src(longKey)), "gguf.metadata[0].key", /limit is 1048576/);
    // Within the limit but longer than the file.
    const short = head().u64(0).u64(1).str("k").u32(T.string).u64(1000).raw(new Uint8Array(10));
    await rejects(readGgufHeader(src(short)), 'gguf.metadata["k"]', /truncated/);
  });

  it("rejects an array of 2^50 strings, and one of 10^7 strings the file cannot hold", async () => {
    const w = head()
      .u64(0)
      .u64(1)
      .str("tokenizer.ggml.tokens")
      .u32(T.array)
      .u32(T.string)
      .u64(2n ** 50n);
    const e = await rejects(
      readGgufHeader(src(w)),
      'gguf.metadata["tokenizer.ggml.tokens"]',
      /limit is 100000000/,
    );
    expect(e.value).toBe(2n ** 50n);
    const w2 = head()
      .u64(0)
      .u64(1)
      .str("tokenizer.ggml.tokens")
      .u32(T.array)
      .u32(T.string)
      .u64(10_000_000)
      .str("a");
    await rejects(
      readGgufHeader(src(w2)),
      'gguf.metadata["tokenizer.ggml.tokens"]',
      /needs at least 80000000 bytes.*before the end of the file/,
    );
  });

  it("rejects nested arrays and unknown value types", async () => {
    const nested = head().u64(0).u64(1).str("x.nested").u32(T.array).u32(T.array).u64(1);
    await rejects(readGgufHeader(src(nested)), 'gguf.metadata["x.nested"]', /nested arrays/);
    const unknown = head().u64(0).u64(1).str("x.weird").u32(13).u32(0);
    const e = await rejects(
      readGgufHeader(src(unknown)),
      'gguf.metadata["x.weird"]',
      /unknown GGUF value type/,
    );
    expect(e.value).toBe(13);
    const unknownElem = head().u64(0).u64(1).str("x.arr").u32(T.array).u32(99).u64(0);
    await rejects(readGgufHeader(src(unknownElem)), 'gguf.metadata["x.arr"]', /unknown GGUF value type/);
    const badBool = head().u64(0).u64(1).str("x.b").u32(T.bool).u8(2);
    await rejects(readGgufHeader(src(badBool)), 'gguf.metadata["x.b"]', /bool/);
  });

  it("rejects duplicate keys and a bad alignment", async () => {
    const dup = head().u64(0).u64(2).kv("a", u32(1)).kv("a", u32(2));
    await rejects(readGgufHeader(src(dup)), 'gguf.metadata["a"]', /duplicate/);
    const al = head().u64(0).u64(1).kv("general.alignment", u32(48));
    await rejects(readGgufHeader(src(al)), 'gguf.metadata["general.alignment"]', /power of two/);
  });

  /** One-tensor file: name, dims, type, offset (data section virtual, 1 MiB). */
  function oneTensor(
    dims: (number | bigint)[],
    type: number,
    offset: number | bigint = 0,
    nDims = dims.length,
  ) {
    const w = head().u64(2).u64(0);
    w.str("ok").u32(1).u64(32).u32(F32).u64(0); // tensor 0 is fine
    w.str("bad").u32(nDims);
    for (const d of dims) w.u64(d);
    w.u32(type).u64(offset);
    const bytes = w.finish();
    return virtualSource(bytes, Math.ceil(bytes.length / 32) * 32 + (1 << 20));
  }

  it("rejects 9 dimensions, a dimension of 2^53 and an element count of 2^60", async () => {
    await rejects(
      readGgufHeader(oneTensor([1, 1, 1, 1, 1, 1, 1, 1, 1], F32)),
      "gguf.tensors[1].dims",
      /9 dimensions; the limit is 4/,
    );
    await rejects(readGgufHeader(oneTensor([2n ** 53n], F32)), "gguf.tensors[1].dims", /2\^53/);
    await rejects(
      readGgufHeader(oneTensor([2n ** 30n, 2n ** 30n], F32)),
      "gguf.tensors[1].dims",
      /1152921504606846976 elements/,
    );
    // 9 dims declared in a file that holds none of them: named by the count, not a truncation.
    await rejects(readGgufHeader(oneTensor([], F32, 0, 9)), "gguf.tensors[1].dims", /9 dimensions/);
  });

  it("rejects an unknown ggml type and a row that is not whole blocks", async () => {
    const e = await rejects(readGgufHeader(oneTensor([32], 4)), "gguf.tensors[1].type", /unknown ggml type/); // 4 = removed Q4_2
    expect(e.value).toBe(4);
    await rejects(readGgufHeader(oneTensor([32], 1000)), "gguf.tensors[1].type");
    await rejects(
      readGgufHeader(oneTensor([100, 2], Q4_K)),
      "gguf.tensors[1].dims",
      /multiple of the block size 256/,
    );
  });

  it("rejects tensor data beyond the end of the file, and misaligned offsets", async () => {
    // The data section is 1 MiB: [1024, 256] F32 = 1,048,576 bytes at 0 fits exactly, 257 rows do not.
    await rejects(
      readGgufHeader(oneTensor([64], F32, 2n ** 40n)),
      "gguf.tensors[1].offset",
      /beyond the end of the file/,
    );
    await rejects(readGgufHeader(oneTensor([1024, 257], F32)), "gguf.tensors[1].offset", /beyond/);
    await rejects(readGgufHeader(oneTensor([64], F32, 2n ** 60n)), "gguf.tensors[1].offset", /2\^53/);
    await rejects(readGgufHeader(oneTensor([64], F32, 33)), "gguf.tensors[1].offset", /alignment/);
    await expect(readGgufHeader(oneTensor([1024, 256], F32))).resolves.toBeDefined(); // exactly 1 MiB: fits
  });

  it("rejects duplicate tensor names", async () => {
    const w = head().u64(2).u64(0);
    w.str("t").u32(1).u64(32).u32(F32).u64(0);
    w.str("t").u32(1).u64(32).u32(F32).u64(128);
    await rejects(readGgufHeader(virtualSource(w.finish(), 4096)), "gguf.tensors[1].name", /duplicate/);
  });

  it("stops at maxHeaderBytes", async () => {
    const f = writeGguf({
      metadata: [["x", { t: "array", of: "string", v: Array.from({ length: 5000 }, () => "abcdefgh") }]],
      tensors: [],
    });
    // 5000 strings need ≥ 40,000 bytes; the 10,000-byte header budget cannot hold them.
    await rejects(
      readGgufHeader(sourceOf(f), { maxHeaderBytes: 10_000 }),
      'gguf.metadata["x"]',
      /40000 bytes but only \d+ remain/,
    );
    // A header that fits the count check but not the budget, read element by element.
    const g = writeGguf({
      metadata: [["y", { t: "array", of: "string", v: Array.from({ length: 500 }, () => "x".repeat(40)) }]],
      tensors: [],
    });
    await rejects(
      readGgufHeader(sourceOf(g), { maxHeaderBytes: 10_000 }),
      'gguf.metadata["y"]',
      /only 7 bytes remain within the 10000-byte header limit/,
    );
  });
});

describe("openFileSource", () => {
  it("reads byte ranges of a real file, and names missing files and directories", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ridgeline-gguf-"));
    try {
      const f = tinyLlama();
      const path = join(dir, "tiny.gguf");
      // Header plus real zeros for the data section.
      const full = new Uint8Array(f.fileSize);
      full.set(f.header);
      await writeFile(path, full);
      const src: ByteSource & { close(): Promise<void> } = await openFileSource(path);
      try {
        expect(src.size).toBe(f.fileSize);
        const h = await readGgufHeader(src);
        expect(modelFromGguf(h).spec.id).toBe("tiny-llama-test");
      } finally {
        await src.close();
      }
      await rejects(openFileSource(join(dir, "missing.gguf")), "--gguf", /no such file/);
      await rejects(openFileSource(dir), "--gguf", /directory/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
