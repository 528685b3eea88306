/** Inputs shared by the web app's tests: a small GGUF (header only) and a real HF config. */
import { readFileSync } from "node:fs";
import { type GgufFile, str, u32, type WTensor, type WValue, writeGguf } from "../helpers/gguf-writer.js";

export const FIXTURES = new URL("../fixtures/", import.meta.url);

/** Llama-2-7B's config.json (meta-llama/Llama-2-7b-hf). */
export const LLAMA_CONFIG: unknown = JSON.parse(
  readFileSync(new URL("hf/llama-2-7b-hf.json", FIXTURES), "utf8"),
);

// ggml type ids
const F32 = 0;
const F16 = 1;
const Q8_0 = 8;
const Q4_K = 12;
const Q6_K = 14;

/**
 * A llama-shaped GGUF with a mixed quantization: d = 256, 4 layers, 8 heads of 32,
 * 2 KV heads, d_ff 512, vocab 1000; Q4_K matrices, attn_v and ffn_down in Q6_K on the
 * first layer only (two layer variants), Q8_0 output, F16 embeddings, F32 norms.
 */
export function tinyLlamaGguf(opts: { fileType?: number } = {}): GgufFile {
  const meta = (k: string, v: number): [string, WValue] => [`llama.${k}`, u32(v)];
  const layer = (i: number): WTensor[] => [
    { name: `blk.${i}.attn_norm.weight`, dims: [256], type: F32 },
    { name: `blk.${i}.attn_q.weight`, dims: [256, 256], type: Q4_K },
    { name: `blk.${i}.attn_k.weight`, dims: [256, 64], type: Q4_K },
    { name: `blk.${i}.attn_v.weight`, dims: [256, 64], type: i === 0 ? Q6_K : Q4_K },
    { name: `blk.${i}.attn_output.weight`, dims: [256, 256], type: Q4_K },
    { name: `blk.${i}.ffn_norm.weight`, dims: [256], type: F32 },
    { name: `blk.${i}.ffn_gate.weight`, dims: [256, 512], type: Q4_K },
    { name: `blk.${i}.ffn_up.weight`, dims: [256, 512], type: Q4_K },
    { name: `blk.${i}.ffn_down.weight`, dims: [512, 256], type: i === 0 ? Q6_K : Q4_K },
  ];
  return writeGguf({
    metadata: [
      ["general.architecture", str("llama")],
      ["general.name", str("Tiny Llama Mix")],
      // llama.cpp's general.file_type (15 = MOSTLY_Q4_K_M), when asked for
      ...(opts.fileType !== undefined ? [["general.file_type", u32(opts.fileType)] as [string, WValue]] : []),
      meta("embedding_length", 256),
      meta("block_count", 4),
      meta("attention.head_count", 8),
      meta("attention.head_count_kv", 2),
      meta("feed_forward_length", 512),
      meta("context_length", 4096),
    ],
    tensors: [
      { name: "token_embd.weight", dims: [256, 1000], type: F16 },
      ...[0, 1, 2, 3].flatMap(layer),
      { name: "output_norm.weight", dims: [256], type: F32 },
      { name: "output.weight", dims: [256, 1000], type: Q8_0 },
    ],
  });
}

/** The whole file: header, then zeros for the tensor data (padded to `minSize` bytes). */
export function ggufFileBytes(f: GgufFile, minSize = 0): Uint8Array {
  const b = new Uint8Array(Math.max(f.fileSize, minSize));
  b.set(f.header);
  return b;
}
