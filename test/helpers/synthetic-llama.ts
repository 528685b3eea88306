/**
 * Synthetic llama-architecture GGUFs that llama.cpp loads and runs: llama.cpp's metadata
 * keys and tensor names, an SPM vocabulary (<unk>, <s>, </s>, the 256 byte tokens, then
 * filler tokens), weights from `writeGgufFile` (finite, deterministic).
 */
import { f32, type GgufFile, str, u32, type WTensor, type WValue, writeGgufFile } from "./gguf-writer.js";

export const GGML = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 8 } as const;
export type MatrixType = "F16" | "Q8_0" | "Q4_0";

/** llama_ftype of a file whose matrices are all of one type (general.file_type). */
const FILE_TYPE: Record<MatrixType, number> = { F16: 1, Q4_0: 2, Q8_0: 7 };

export interface LlamaShape {
  name: string;
  embd: number;
  layers: number;
  heads: number;
  kvHeads: number;
  ff: number;
  vocab: number;
  /** llama.context_length. */
  ctxTrain: number;
  type: MatrixType;
  /** No output.weight: the head reuses token_embd. */
  tied?: boolean;
}

export function vocabulary(n: number): { tokens: string[]; types: number[] } {
  if (n < 259) throw new Error(`vocab ${n}: needs at least 259 tokens (3 special + 256 bytes)`);
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = [2, 3, 3]; // UNKNOWN, CONTROL, CONTROL
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(6); // BYTE
  }
  while (tokens.length < n) {
    tokens.push(`▁t${tokens.length}`);
    types.push(1); // NORMAL
  }
  return { tokens, types };
}

export function llamaGguf(s: LlamaShape): { metadata: [string, WValue][]; tensors: WTensor[] } {
  const headDim = s.embd / s.heads;
  const kv = s.kvHeads * headDim;
  const mt = GGML[s.type];
  const { tokens, types } = vocabulary(s.vocab);
  const metadata: [string, WValue][] = [
    ["general.architecture", str("llama")],
    ["general.name", str(s.name)],
    ["general.file_type", u32(FILE_TYPE[s.type])],
    ["llama.context_length", u32(s.ctxTrain)],
    ["llama.embedding_length", u32(s.embd)],
    ["llama.block_count", u32(s.layers)],
    ["llama.feed_forward_length", u32(s.ff)],
    ["llama.attention.head_count", u32(s.heads)],
    ["llama.attention.head_count_kv", u32(s.kvHeads)],
    ["llama.rope.dimension_count", u32(headDim)],
    ["llama.rope.freq_base", f32(10000)],
    ["llama.attention.layer_norm_rms_epsilon", f32(1e-5)],
    ["llama.vocab_size", u32(s.vocab)],
    ["tokenizer.ggml.model", str("llama")],
    ["tokenizer.ggml.tokens", { t: "array", of: "string", v: tokens }],
    ["tokenizer.ggml.scores", { t: "array", of: "float32", v: tokens.map(() => 0) }],
    ["tokenizer.ggml.token_type", { t: "array", of: "int32", v: types }],
    ["tokenizer.ggml.bos_token_id", u32(1)],
    ["tokenizer.ggml.eos_token_id", u32(2)],
    ["tokenizer.ggml.unknown_token_id", u32(0)],
  ];
  const tensors: WTensor[] = [{ name: "token_embd.weight", dims: [s.embd, s.vocab], type: mt }];
  for (let i = 0; i < s.layers; i++) {
    const p = `blk.${i}.`;
    tensors.push(
      { name: `${p}attn_norm.weight`, dims: [s.embd], type: GGML.F32 },
      { name: `${p}attn_q.weight`, dims: [s.embd, s.embd], type: mt },
      { name: `${p}attn_k.weight`, dims: [s.embd, kv], type: mt },
      { name: `${p}attn_v.weight`, dims: [s.embd, kv], type: mt },
      { name: `${p}attn_output.weight`, dims: [s.embd, s.embd], type: mt },
      { name: `${p}ffn_norm.weight`, dims: [s.embd], type: GGML.F32 },
      { name: `${p}ffn_gate.weight`, dims: [s.embd, s.ff], type: mt },
      { name: `${p}ffn_up.weight`, dims: [s.embd, s.ff], type: mt },
      { name: `${p}ffn_down.weight`, dims: [s.ff, s.embd], type: mt },
    );
  }
  tensors.push({ name: "output_norm.weight", dims: [s.embd], type: GGML.F32 });
  if (!s.tied) tensors.push({ name: "output.weight", dims: [s.embd, s.vocab], type: mt });
  return { metadata, tensors };
}

export function writeLlamaGguf(path: string, s: LlamaShape): GgufFile {
  return writeGgufFile(path, llamaGguf(s));
}

/** ~151 M parameters (302 MB in F16, 160 MB in Q8_0, 85 MB in Q4_0): the engine benchmark's and the llama-bench fixtures' shape. */
export const LLAMA_151M: Omit<LlamaShape, "name" | "type"> = {
  embd: 1024,
  layers: 12,
  heads: 16,
  kvHeads: 4,
  ff: 2816,
  vocab: 8192,
  ctxTrain: 4096,
};
