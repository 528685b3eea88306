/**
 * Synthetic GGUFs of the latent-attention and hybrid architectures that llama.cpp loads:
 * deepseek2 (MLA, absorbed or legacy decompressed, dense lead layers, routed + shared
 * experts, expert groups), granitehybrid (Mamba-2 + attention layers), qwen3next (Gated
 * DeltaNet + gated attention, MoE with a gated shared expert) and lfm2 (short convolutions
 * + attention). Metadata keys and tensor names and shapes are those llama.cpp's loaders
 * read (bundled source: src/models/deepseek2.cpp, granite-hybrid.cpp, qwen3next.cpp,
 * lfm2.cpp; names in src/llama-arch.cpp). Weights come from `writeGgufFile`.
 */
import { f32, type GgufFile, str, u32, type WTensor, type WValue, writeGgufFile } from "./gguf-writer.js";
import { GGML, vocabulary } from "./synthetic-llama.js";

type Meta = [string, WValue][];
const F16 = GGML.F16;
const F32 = GGML.F32;
const i32s = (v: readonly number[]): WValue => ({ t: "array", of: "int32", v });
const bool = (v: boolean): WValue => ({ t: "bool", v });

function common(
  arch: string,
  name: string,
  embd: number,
  layers: number,
  vocab: number,
  ctxTrain: number,
): Meta {
  const { tokens, types } = vocabulary(vocab);
  return [
    ["general.architecture", str(arch)],
    ["general.name", str(name)],
    ["general.file_type", u32(1)],
    [`${arch}.context_length`, u32(ctxTrain)],
    [`${arch}.embedding_length`, u32(embd)],
    [`${arch}.block_count`, u32(layers)],
    [`${arch}.attention.layer_norm_rms_epsilon`, f32(1e-6)],
    [`${arch}.rope.freq_base`, f32(10000)],
    [`${arch}.vocab_size`, u32(vocab)],
    ["tokenizer.ggml.model", str("llama")],
    ["tokenizer.ggml.tokens", { t: "array", of: "string", v: tokens }],
    ["tokenizer.ggml.scores", { t: "array", of: "float32", v: tokens.map(() => 0) }],
    ["tokenizer.ggml.token_type", { t: "array", of: "int32", v: types }],
    ["tokenizer.ggml.bos_token_id", u32(1)],
    ["tokenizer.ggml.eos_token_id", u32(2)],
    ["tokenizer.ggml.unknown_token_id", u32(0)],
  ];
}

const t = (name: string, dims: number[], type: number = F16): WTensor => ({ name, dims, type });

export interface DeepseekShape {
  name: string;
  embd: number;
  layers: number;
  denseLead: number;
  heads: number;
  qLoraRank: number;
  kvLoraRank: number;
  ropeDim: number;
  nopeDim: number;
  vDim: number;
  ff: number;
  expertFf: number;
  experts: number;
  expertsUsed: number;
  sharedExperts: number;
  expertGroups: number;
  groupsUsed: number;
  vocab: number;
  ctxTrain: number;
  /** "absorbed": key_length_mla + attn_k_b / attn_v_b (current convert_hf_to_gguf.py); "decompressed": legacy attn_kv_b. */
  mla: "absorbed" | "decompressed";
}

export function deepseek2Gguf(s: DeepseekShape): { metadata: Meta; tensors: WTensor[] } {
  const a = "deepseek2";
  const qk = s.nopeDim + s.ropeDim;
  const absorbed = s.mla === "absorbed";
  const metadata: Meta = [
    ...common(a, s.name, s.embd, s.layers, s.vocab, s.ctxTrain),
    [`${a}.feed_forward_length`, u32(s.ff)],
    [`${a}.attention.head_count`, u32(s.heads)],
    // Absorbed: one shared "KV head" holding the latent and the rope key; decompressed: MHA.
    [`${a}.attention.head_count_kv`, u32(absorbed ? 1 : s.heads)],
    [`${a}.attention.key_length`, u32(absorbed ? s.kvLoraRank + s.ropeDim : qk)],
    [`${a}.attention.value_length`, u32(absorbed ? s.kvLoraRank : s.vDim)],
    ...(absorbed
      ? ([
          [`${a}.attention.key_length_mla`, u32(qk)],
          [`${a}.attention.value_length_mla`, u32(s.vDim)],
        ] as Meta)
      : []),
    [`${a}.rope.dimension_count`, u32(s.ropeDim)],
    [`${a}.attention.q_lora_rank`, u32(s.qLoraRank)],
    [`${a}.attention.kv_lora_rank`, u32(s.kvLoraRank)],
    [`${a}.leading_dense_block_count`, u32(s.denseLead)],
    [`${a}.expert_count`, u32(s.experts)],
    [`${a}.expert_used_count`, u32(s.expertsUsed)],
    [`${a}.expert_feed_forward_length`, u32(s.expertFf)],
    [`${a}.expert_shared_count`, u32(s.sharedExperts)],
    [`${a}.expert_group_count`, u32(s.expertGroups)],
    [`${a}.expert_group_used_count`, u32(s.groupsUsed)],
    [`${a}.expert_weights_scale`, f32(2.5)],
    [`${a}.expert_weights_norm`, bool(true)],
    [`${a}.expert_gating_func`, u32(2)], // sigmoid (DeepSeek-V3)
  ];
  const d = s.embd;
  const tensors: WTensor[] = [t("token_embd.weight", [d, s.vocab])];
  for (let i = 0; i < s.layers; i++) {
    const p = `blk.${i}.`;
    tensors.push(
      t(`${p}attn_norm.weight`, [d], F32),
      t(`${p}attn_q_a_norm.weight`, [s.qLoraRank], F32),
      t(`${p}attn_kv_a_norm.weight`, [s.kvLoraRank], F32),
      t(`${p}attn_q_a.weight`, [d, s.qLoraRank]),
      t(`${p}attn_q_b.weight`, [s.qLoraRank, s.heads * qk]),
      t(`${p}attn_kv_a_mqa.weight`, [d, s.kvLoraRank + s.ropeDim]),
      ...(absorbed
        ? [
            // F32: on a CPU with AMX, llama.cpp puts F16 / Q8_0 matrices in its AMX buffer, whose
            // kernels need a contiguous input, and the absorbed q_nope·W_UK input is a permuted
            // view: graph scheduling then aborts (ggml-backend.cpp "*cur_backend_id != -1").
            t(`${p}attn_k_b.weight`, [s.nopeDim, s.kvLoraRank, s.heads], F32),
            t(`${p}attn_v_b.weight`, [s.kvLoraRank, s.vDim, s.heads], F32),
          ]
        : [t(`${p}attn_kv_b.weight`, [s.kvLoraRank, s.heads * (s.nopeDim + s.vDim)])]),
      t(`${p}attn_output.weight`, [s.heads * s.vDim, d]),
      t(`${p}ffn_norm.weight`, [d], F32),
    );
    if (i < s.denseLead) {
      tensors.push(
        t(`${p}ffn_gate.weight`, [d, s.ff]),
        t(`${p}ffn_up.weight`, [d, s.ff]),
        t(`${p}ffn_down.weight`, [s.ff, d]),
      );
    } else {
      const sh = s.expertFf * s.sharedExperts;
      tensors.push(
        t(`${p}ffn_gate_inp.weight`, [d, s.experts], F32),
        t(`${p}exp_probs_b.bias`, [s.experts], F32),
        t(`${p}ffn_gate_exps.weight`, [d, s.expertFf, s.experts]),
        t(`${p}ffn_up_exps.weight`, [d, s.expertFf, s.experts]),
        t(`${p}ffn_down_exps.weight`, [s.expertFf, d, s.experts]),
        t(`${p}ffn_gate_shexp.weight`, [d, sh]),
        t(`${p}ffn_up_shexp.weight`, [d, sh]),
        t(`${p}ffn_down_shexp.weight`, [sh, d]),
      );
    }
  }
  tensors.push(t("output_norm.weight", [d], F32), t("output.weight", [d, s.vocab]));
  return { metadata, tensors };
}

export interface GraniteHybridShape {
  name: string;
  embd: number;
  /** "M" Mamba-2 layer, "A" attention layer. */
  layout: string;
  heads: number;
  kvHeads: number;
  ff: number;
  ssmState: number;
  ssmHeads: number;
  ssmGroups: number;
  convKernel: number;
  /** MoE: routed experts (0: a dense FFN per layer) with one shared expert of `sharedFf`. */
  experts: number;
  expertsUsed: number;
  sharedFf: number;
  vocab: number;
  ctxTrain: number;
}

export function graniteHybridGguf(s: GraniteHybridShape): { metadata: Meta; tensors: WTensor[] } {
  const a = "granitehybrid";
  const d = s.embd;
  const layers = s.layout.length;
  const dInner = 2 * d; // llama.cpp supports expand = 2 only
  const convCh = dInner + 2 * s.ssmGroups * s.ssmState;
  const inProj = 2 * dInner + 2 * s.ssmGroups * s.ssmState + s.ssmHeads;
  const hd = d / s.heads;
  const metadata: Meta = [
    ...common(a, s.name, d, layers, s.vocab, s.ctxTrain),
    [`${a}.feed_forward_length`, u32(s.ff)],
    [`${a}.attention.head_count`, u32(s.heads)],
    // A layer is recurrent iff its KV head count is 0.
    [`${a}.attention.head_count_kv`, i32s([...s.layout].map((c) => (c === "A" ? s.kvHeads : 0)))],
    [`${a}.rope.dimension_count`, u32(hd)],
    [`${a}.ssm.conv_kernel`, u32(s.convKernel)],
    [`${a}.ssm.inner_size`, u32(dInner)],
    [`${a}.ssm.state_size`, u32(s.ssmState)],
    [`${a}.ssm.time_step_rank`, u32(s.ssmHeads)],
    [`${a}.ssm.group_count`, u32(s.ssmGroups)],
    ...(s.experts > 0
      ? ([
          [`${a}.expert_count`, u32(s.experts)],
          [`${a}.expert_used_count`, u32(s.expertsUsed)],
          [`${a}.expert_shared_feed_forward_length`, u32(s.sharedFf)],
        ] as Meta)
      : []),
  ];
  const tensors: WTensor[] = [t("token_embd.weight", [d, s.vocab])];
  [...s.layout].forEach((kind, i) => {
    const p = `blk.${i}.`;
    tensors.push(t(`${p}attn_norm.weight`, [d], F32));
    if (kind === "M") {
      tensors.push(
        t(`${p}ssm_in.weight`, [d, inProj]),
        t(`${p}ssm_conv1d.weight`, [s.convKernel, convCh], F32),
        t(`${p}ssm_conv1d.bias`, [convCh], F32),
        t(`${p}ssm_dt.bias`, [s.ssmHeads], F32),
        t(`${p}ssm_a`, [1, s.ssmHeads], F32),
        t(`${p}ssm_d`, [1, s.ssmHeads], F32),
        t(`${p}ssm_norm.weight`, [dInner / s.ssmGroups, s.ssmGroups], F32),
        t(`${p}ssm_out.weight`, [dInner, d]),
      );
    } else {
      tensors.push(
        t(`${p}attn_q.weight`, [d, d]),
        t(`${p}attn_k.weight`, [d, s.kvHeads * hd]),
        t(`${p}attn_v.weight`, [d, s.kvHeads * hd]),
        t(`${p}attn_output.weight`, [d, d]),
      );
    }
    tensors.push(t(`${p}ffn_norm.weight`, [d], F32));
    if (s.experts > 0) {
      tensors.push(
        t(`${p}ffn_gate_inp.weight`, [d, s.experts], F32),
        t(`${p}ffn_gate_exps.weight`, [d, s.ff, s.experts]),
        t(`${p}ffn_up_exps.weight`, [d, s.ff, s.experts]),
        t(`${p}ffn_down_exps.weight`, [s.ff, d, s.experts]),
        t(`${p}ffn_gate_shexp.weight`, [d, s.sharedFf]),
        t(`${p}ffn_up_shexp.weight`, [d, s.sharedFf]),
        t(`${p}ffn_down_shexp.weight`, [s.sharedFf, d]),
      );
    } else {
      tensors.push(
        t(`${p}ffn_gate.weight`, [d, s.ff]),
        t(`${p}ffn_up.weight`, [d, s.ff]),
        t(`${p}ffn_down.weight`, [s.ff, d]),
      );
    }
  });
  tensors.push(t("output_norm.weight", [d], F32));
  return { metadata, tensors };
}

export interface Qwen3NextShape {
  name: string;
  embd: number;
  layers: number;
  fullAttentionInterval: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  ropeDim: number;
  kHeads: number;
  vHeads: number;
  kDim: number;
  vDim: number;
  convKernel: number;
  experts: number;
  expertsUsed: number;
  expertFf: number;
  sharedFf: number;
  vocab: number;
  ctxTrain: number;
}

export function qwen3NextGguf(s: Qwen3NextShape): { metadata: Meta; tensors: WTensor[] } {
  const a = "qwen3next";
  const d = s.embd;
  const keyW = s.kHeads * s.kDim;
  const valW = s.vHeads * s.vDim;
  const metadata: Meta = [
    ...common(a, s.name, d, s.layers, s.vocab, s.ctxTrain),
    [`${a}.feed_forward_length`, u32(s.expertFf)],
    [`${a}.attention.head_count`, u32(s.heads)],
    [`${a}.attention.head_count_kv`, u32(s.kvHeads)],
    [`${a}.attention.key_length`, u32(s.headDim)],
    [`${a}.attention.value_length`, u32(s.headDim)],
    [`${a}.rope.dimension_count`, u32(s.ropeDim)],
    [`${a}.ssm.conv_kernel`, u32(s.convKernel)],
    [`${a}.ssm.inner_size`, u32(valW)],
    [`${a}.ssm.state_size`, u32(s.kDim)],
    [`${a}.ssm.time_step_rank`, u32(s.vHeads)],
    [`${a}.ssm.group_count`, u32(s.kHeads)],
    [`${a}.full_attention_interval`, u32(s.fullAttentionInterval)],
    [`${a}.expert_count`, u32(s.experts)],
    [`${a}.expert_used_count`, u32(s.expertsUsed)],
    [`${a}.expert_feed_forward_length`, u32(s.expertFf)],
    [`${a}.expert_shared_feed_forward_length`, u32(s.sharedFf)],
  ];
  const tensors: WTensor[] = [t("token_embd.weight", [d, s.vocab])];
  for (let i = 0; i < s.layers; i++) {
    const p = `blk.${i}.`;
    tensors.push(t(`${p}attn_norm.weight`, [d], F32), t(`${p}post_attention_norm.weight`, [d], F32));
    if ((i + 1) % s.fullAttentionInterval === 0) {
      // Gated attention: q_proj gives the query and its output gate.
      tensors.push(
        t(`${p}attn_q.weight`, [d, 2 * s.heads * s.headDim]),
        t(`${p}attn_k.weight`, [d, s.kvHeads * s.headDim]),
        t(`${p}attn_v.weight`, [d, s.kvHeads * s.headDim]),
        t(`${p}attn_output.weight`, [s.heads * s.headDim, d]),
        t(`${p}attn_q_norm.weight`, [s.headDim], F32),
        t(`${p}attn_k_norm.weight`, [s.headDim], F32),
      );
    } else {
      tensors.push(
        t(`${p}attn_qkv.weight`, [d, 2 * keyW + valW]),
        t(`${p}attn_gate.weight`, [d, valW]),
        t(`${p}ssm_conv1d.weight`, [s.convKernel, 2 * keyW + valW], F32),
        t(`${p}ssm_dt.bias`, [s.vHeads], F32),
        t(`${p}ssm_a`, [s.vHeads], F32),
        t(`${p}ssm_ba.weight`, [d, 2 * s.vHeads]),
        t(`${p}ssm_norm.weight`, [s.vDim], F32),
        t(`${p}ssm_out.weight`, [valW, d]),
      );
    }
    tensors.push(
      t(`${p}ffn_gate_inp.weight`, [d, s.experts], F32),
      t(`${p}ffn_gate_exps.weight`, [d, s.expertFf, s.experts]),
      t(`${p}ffn_up_exps.weight`, [d, s.expertFf, s.experts]),
      t(`${p}ffn_down_exps.weight`, [s.expertFf, d, s.experts]),
      t(`${p}ffn_gate_inp_shexp.weight`, [d], F32),
      t(`${p}ffn_gate_shexp.weight`, [d, s.sharedFf]),
      t(`${p}ffn_up_shexp.weight`, [d, s.sharedFf]),
      t(`${p}ffn_down_shexp.weight`, [s.sharedFf, d]),
    );
  }
  tensors.push(t("output_norm.weight", [d], F32), t("output.weight", [d, s.vocab]));
  return { metadata, tensors };
}

export interface Lfm2Shape {
  name: string;
  embd: number;
  /** "C" short-convolution layer, "A" attention layer. */
  layout: string;
  heads: number;
  kvHeads: number;
  ff: number;
  convCache: number;
  vocab: number;
  ctxTrain: number;
}

export function lfm2Gguf(s: Lfm2Shape): { metadata: Meta; tensors: WTensor[] } {
  const a = "lfm2";
  const d = s.embd;
  const hd = d / s.heads;
  const metadata: Meta = [
    ...common(a, s.name, d, s.layout.length, s.vocab, s.ctxTrain),
    [`${a}.feed_forward_length`, u32(s.ff)],
    [`${a}.attention.head_count`, u32(s.heads)],
    [`${a}.attention.head_count_kv`, i32s([...s.layout].map((c) => (c === "A" ? s.kvHeads : 0)))],
    [`${a}.rope.dimension_count`, u32(hd)],
    [`${a}.shortconv.l_cache`, u32(s.convCache)],
  ];
  const tensors: WTensor[] = [t("token_embd.weight", [d, s.vocab]), t("token_embd_norm.weight", [d], F32)];
  [...s.layout].forEach((kind, i) => {
    const p = `blk.${i}.`;
    tensors.push(
      t(`${p}attn_norm.weight`, [d], F32),
      t(`${p}ffn_norm.weight`, [d], F32),
      t(`${p}ffn_gate.weight`, [d, s.ff]),
      t(`${p}ffn_up.weight`, [d, s.ff]),
      t(`${p}ffn_down.weight`, [s.ff, d]),
    );
    if (kind === "A") {
      tensors.push(
        t(`${p}attn_q_norm.weight`, [hd], F32),
        t(`${p}attn_k_norm.weight`, [hd], F32),
        t(`${p}attn_q.weight`, [d, d]),
        t(`${p}attn_k.weight`, [d, s.kvHeads * hd]),
        t(`${p}attn_v.weight`, [d, s.kvHeads * hd]),
        t(`${p}attn_output.weight`, [d, d]),
      );
    } else {
      tensors.push(
        t(`${p}shortconv.conv.weight`, [s.convCache, d], F32),
        t(`${p}shortconv.in_proj.weight`, [d, 3 * d]),
        t(`${p}shortconv.out_proj.weight`, [d, d]),
      );
    }
  });
  return { metadata, tensors };
}

export const writeSynthetic = (path: string, g: { metadata: Meta; tensors: WTensor[] }): GgufFile =>
  writeGgufFile(path, g);
