/**
 * Synthetic GGUFs of the 2025 architectures that llama.cpp loads: gpt-oss (alternating
 * sliding/full attention with sinks, biased MoE with MXFP4 experts), Gemma 3 (five sliding
 * layers per global one, four norms, Q/K norms, tied embeddings) and Llama 4 (chunked
 * attention with a NoPE layer every fourth, MoE every second layer with a shared expert).
 * llama.cpp's metadata keys and tensor names (src/models/openai-moe.cpp, gemma3.cpp,
 * llama4.cpp in the bundled source); the vocabulary and small fields of synthetic-llama.ts.
 */
import { f32, type GgufFile, str, u32, type WTensor, type WValue, writeGgufFile } from "./gguf-writer.js";
import { GGML, llamaGguf } from "./synthetic-llama.js";

export const MXFP4 = 39;

export interface ArchShape {
  name: string;
  embd: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Dense FFN width (Gemma 3, Llama 4's dense layers). */
  ff: number;
  vocab: number;
  ctxTrain: number;
  /** Sliding window (gpt-oss, Gemma 3). */
  swa?: number;
  experts?: number;
  expertsUsed?: number;
  expertFf?: number;
  /** Llama 4: MoE on every step-th layer. */
  moeStep?: number;
  /** GLM-4.5: dense first layers, shared experts, rotated dimensions per head. */
  denseLead?: number;
  sharedExperts?: number;
  ropeDim?: number;
}

export type Arch = "gpt-oss" | "gemma3" | "llama4" | "glm4moe";

/** The vocabulary and tokenizer keys of a synthetic llama file, reused. */
function tokenizerKeys(vocab: number): [string, WValue][] {
  const base = llamaGguf({
    name: "x",
    embd: 32,
    layers: 1,
    heads: 1,
    kvHeads: 1,
    ff: 32,
    vocab,
    ctxTrain: 64,
    type: "F16",
  });
  return base.metadata.filter(([k]) => k.startsWith("tokenizer."));
}

export function archGguf(arch: Arch, s: ArchShape): { metadata: [string, WValue][]; tensors: WTensor[] } {
  const q = s.heads * s.headDim;
  const kv = s.kvHeads * s.headDim;
  const F16 = GGML.F16;
  const F32 = GGML.F32;
  const metadata: [string, WValue][] = [
    ["general.architecture", str(arch)],
    ["general.name", str(s.name)],
    ["general.file_type", u32(arch === "gpt-oss" ? 38 : 1)], // MOSTLY_MXFP4_MOE, MOSTLY_F16
    [`${arch}.context_length`, u32(s.ctxTrain)],
    [`${arch}.embedding_length`, u32(s.embd)],
    [`${arch}.block_count`, u32(s.layers)],
    [`${arch}.feed_forward_length`, u32(s.ff)],
    [`${arch}.attention.head_count`, u32(s.heads)],
    [`${arch}.attention.head_count_kv`, u32(s.kvHeads)],
    [`${arch}.attention.key_length`, u32(s.headDim)],
    [`${arch}.attention.value_length`, u32(s.headDim)],
    [`${arch}.rope.dimension_count`, u32(s.ropeDim ?? s.headDim)],
    [`${arch}.rope.freq_base`, f32(10000)],
    [`${arch}.attention.layer_norm_rms_epsilon`, f32(1e-5)],
    [`${arch}.vocab_size`, u32(s.vocab)],
    ...tokenizerKeys(s.vocab),
  ];
  if (s.swa !== undefined) metadata.push([`${arch}.attention.sliding_window`, u32(s.swa)]);
  if (s.experts !== undefined) {
    metadata.push(
      [`${arch}.expert_count`, u32(s.experts)],
      [`${arch}.expert_used_count`, u32(s.expertsUsed ?? 1)],
      [`${arch}.expert_feed_forward_length`, u32(s.expertFf ?? s.ff)],
    );
  }
  if (arch === "llama4") metadata.push(["llama4.interleave_moe_layer_step", u32(s.moeStep ?? 1)]);
  if (arch === "glm4moe") {
    metadata.push(
      ["glm4moe.leading_dense_block_count", u32(s.denseLead ?? 0)],
      ["glm4moe.expert_shared_count", u32(s.sharedExperts ?? 0)],
    );
  }

  const d = s.embd;
  const E = s.experts ?? 0;
  const eff = s.expertFf ?? s.ff;
  const tensors: WTensor[] = [{ name: "token_embd.weight", dims: [d, s.vocab], type: F16 }];
  for (let i = 0; i < s.layers; i++) {
    const p = `blk.${i}.`;
    const t = (name: string, dims: number[], type: number = F16) =>
      tensors.push({ name: p + name, dims, type });
    t("attn_norm.weight", [d], F32);
    t("attn_q.weight", [d, q]);
    t("attn_k.weight", [d, kv]);
    t("attn_v.weight", [d, kv]);
    t("attn_output.weight", [q, d]);
    if (arch === "gpt-oss") {
      t("post_attention_norm.weight", [d], F32);
      t("attn_q.bias", [q], F32);
      t("attn_k.bias", [kv], F32);
      t("attn_v.bias", [kv], F32);
      t("attn_output.bias", [d], F32);
      t("attn_sinks.weight", [s.heads], F32);
      t("ffn_gate_inp.weight", [d, E], F32);
      t("ffn_gate_inp.bias", [E], F32);
      t("ffn_gate_exps.weight", [d, eff, E], MXFP4);
      t("ffn_up_exps.weight", [d, eff, E], MXFP4);
      t("ffn_down_exps.weight", [eff, d, E], MXFP4);
      t("ffn_gate_exps.bias", [eff, E], F32);
      t("ffn_up_exps.bias", [eff, E], F32);
      t("ffn_down_exps.bias", [d, E], F32);
    } else if (arch === "gemma3") {
      t("attn_q_norm.weight", [s.headDim], F32);
      t("attn_k_norm.weight", [s.headDim], F32);
      t("post_attention_norm.weight", [d], F32);
      t("ffn_norm.weight", [d], F32);
      t("ffn_gate.weight", [d, s.ff]);
      t("ffn_up.weight", [d, s.ff]);
      t("ffn_down.weight", [s.ff, d]);
      t("post_ffw_norm.weight", [d], F32);
    } else if (arch === "glm4moe") {
      t("attn_q.bias", [q], F32);
      t("attn_k.bias", [kv], F32);
      t("attn_v.bias", [kv], F32);
      t("post_attention_norm.weight", [d], F32);
      if (i >= (s.denseLead ?? 0)) {
        const sh = eff * (s.sharedExperts ?? 0);
        t("ffn_gate_inp.weight", [d, E], F32);
        t("exp_probs_b.bias", [E], F32);
        t("ffn_gate_exps.weight", [d, eff, E]);
        t("ffn_up_exps.weight", [d, eff, E]);
        t("ffn_down_exps.weight", [eff, d, E]);
        if (sh > 0) {
          t("ffn_gate_shexp.weight", [d, sh]);
          t("ffn_up_shexp.weight", [d, sh]);
          t("ffn_down_shexp.weight", [sh, d]);
        }
      } else {
        t("ffn_gate.weight", [d, s.ff]);
        t("ffn_up.weight", [d, s.ff]);
        t("ffn_down.weight", [s.ff, d]);
      }
    } else {
      t("ffn_norm.weight", [d], F32);
      const step = s.moeStep ?? 1;
      if ((i + 1) % step === 0) {
        t("ffn_gate_inp.weight", [d, E], F32);
        t("ffn_gate_exps.weight", [d, eff, E]);
        t("ffn_up_exps.weight", [d, eff, E]);
        t("ffn_down_exps.weight", [eff, d, E]);
        t("ffn_gate_shexp.weight", [d, eff]);
        t("ffn_up_shexp.weight", [d, eff]);
        t("ffn_down_shexp.weight", [eff, d]);
      } else {
        t("ffn_gate.weight", [d, s.ff]);
        t("ffn_up.weight", [d, s.ff]);
        t("ffn_down.weight", [s.ff, d]);
      }
    }
  }
  tensors.push({ name: "output_norm.weight", dims: [d], type: F32 });
  if (arch !== "gemma3") tensors.push({ name: "output.weight", dims: [d, s.vocab], type: F16 });
  return { metadata, tensors };
}

export function writeArchGguf(path: string, arch: Arch, s: ArchShape): GgufFile {
  return writeGgufFile(path, archGguf(arch, s));
}
