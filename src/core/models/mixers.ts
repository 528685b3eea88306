/**
 * Token mixers beyond GQA attention, as schema variants and as architecture facts: their
 * sizes (from the Hugging Face config fields), tensor element counts, and what each keeps
 * per sequence — a latent KV cache that grows with the context (MLA), or a fixed recurrent
 * state (Mamba-2, Gated DeltaNet, short convolution). Cost functions are in ops/ (mla.ts,
 * ssm.ts, gated-deltanet.ts, short-conv.ts).
 *
 * The state sizes are llama.cpp's (bundled source, src/llama-hparams.cpp): `n_embd_r()` is the
 * convolution window, (d_conv − 1) · channels, and `n_embd_s()` the SSM / delta-rule state,
 * ssm_d_state · ssm_d_inner; `llama_memory_recurrent` keeps both in f32, one row per sequence.
 */
import * as z from "zod";
import { intIn } from "../units/bounds.js";
import { MODEL_LIMITS as L } from "./limits.js";

// Sizes within their physical ranges (limits.ts): ranks and inner widths as model widths.
const width = intIn(L.width);
const heads = intIn(L.heads);
const headDim = intIn(L.headDim);
const kernel = intIn(L.convKernel);

export const MLA_PATHS = ["absorbed", "decompressed"] as const;
export type MlaPath = (typeof MLA_PATHS)[number];

/**
 * Multi-head latent attention (DeepSeek-V2/V3/R1, Kimi K2): config fields `q_lora_rank`
 * (null → 0: a direct q projection), `kv_lora_rank`, `qk_rope_head_dim`, `qk_nope_head_dim`,
 * `v_head_dim`; heads are the model's `numHeads` unless given.
 */
export const MlaMixer = z
  .object({
    kind: z.literal("mla"),
    qLoraRank: intIn({ ...L.width, min: 0 }),
    kvLoraRank: width,
    ropeDim: headDim,
    nopeDim: headDim,
    vDim: headDim,
    numHeads: heads.optional(),
    /**
     * How the engine runs it (ops/mla.ts): "absorbed" (default; llama.cpp with current GGUFs:
     * the cache holds the latent and the rope key) or "decompressed" (llama.cpp with legacy
     * GGUFs, transformers: the cache holds every head's K and V).
     */
    path: z.enum(MLA_PATHS).optional(),
  })
  .strict();

/** Mamba-2 (Granite 4.0 H, Falcon-H1, Nemotron-H): `mamba_*` / `ssm_*` config fields. */
export const Mamba2Mixer = z
  .object({
    kind: z.literal("mamba2"),
    /** expand · hidden (mamba_expand · hidden_size, or mamba_n_heads · mamba_d_head). */
    dInner: width,
    dState: intIn(L.stateDim),
    nHeads: heads,
    nGroups: heads,
    convKernel: kernel,
    /** Bias on the depthwise convolution (mamba_conv_bias, default true). */
    convBias: z.boolean().optional(),
    /** Bias on in_proj and out_proj (mamba_proj_bias, default false). */
    projBias: z.boolean().optional(),
  })
  .strict()
  .refine((x) => x.dInner % x.nHeads === 0 && x.nHeads % x.nGroups === 0, {
    message: "dInner must be a multiple of nHeads, and nHeads of nGroups",
    path: ["nHeads"],
  });

/** Gated DeltaNet (Qwen3-Next): `linear_num_key_heads`, `linear_num_value_heads`, `linear_key_head_dim`, `linear_value_head_dim`, `linear_conv_kernel_dim`. */
export const GatedDeltaNetMixer = z
  .object({
    kind: z.literal("gated_deltanet"),
    kHeads: heads,
    vHeads: heads,
    kDim: headDim,
    vDim: headDim,
    convKernel: kernel,
  })
  .strict()
  .refine((x) => x.vHeads % x.kHeads === 0, {
    message: "vHeads must be a multiple of kHeads",
    path: ["vHeads"],
  });

/** LFM2's gated short convolution: `conv_L_cache` taps, `conv_bias`. */
export const ShortConvMixer = z
  .object({
    kind: z.literal("short_conv"),
    kernel: kernel.min(2),
    bias: z.boolean().optional(),
  })
  .strict();

export type MlaMixer = z.infer<typeof MlaMixer>;
export type Mamba2Mixer = z.infer<typeof Mamba2Mixer>;
export type GatedDeltaNetMixer = z.infer<typeof GatedDeltaNetMixer>;
export type ShortConvMixer = z.infer<typeof ShortConvMixer>;

// ---- Resolved dimensions (the model's hidden size and heads filled in) ----

export interface MlaDims {
  readonly hidden: number;
  readonly heads: number;
  /** 0: queries projected directly (DeepSeek-V2-Lite). */
  readonly qLoraRank: number;
  readonly kvLoraRank: number;
  readonly ropeDim: number;
  readonly nopeDim: number;
  readonly vDim: number;
}

export interface Mamba2Dims {
  readonly hidden: number;
  readonly dInner: number;
  readonly dState: number;
  readonly nHeads: number;
  readonly nGroups: number;
  readonly convKernel: number;
  readonly convBias: boolean;
}

export interface GatedDeltaNetDims {
  readonly hidden: number;
  readonly kHeads: number;
  readonly vHeads: number;
  readonly kDim: number;
  readonly vDim: number;
  readonly convKernel: number;
}

export interface ShortConvDims {
  readonly hidden: number;
  readonly kernel: number;
  readonly bias: boolean;
}

export const mlaDims = (hidden: number, heads: number, x: MlaMixer): MlaDims => ({
  hidden,
  heads: x.numHeads ?? heads,
  qLoraRank: x.qLoraRank,
  kvLoraRank: x.kvLoraRank,
  ropeDim: x.ropeDim,
  nopeDim: x.nopeDim,
  vDim: x.vDim,
});
export const mamba2Dims = (hidden: number, x: Mamba2Mixer): Mamba2Dims => ({
  hidden,
  dInner: x.dInner,
  dState: x.dState,
  nHeads: x.nHeads,
  nGroups: x.nGroups,
  convKernel: x.convKernel,
  convBias: x.convBias ?? true,
});
export const gdnDims = (hidden: number, x: GatedDeltaNetMixer): GatedDeltaNetDims => ({ hidden, ...x });
export const shortConvDims = (hidden: number, x: ShortConvMixer): ShortConvDims => ({
  hidden,
  kernel: x.kernel,
  bias: x.bias ?? false,
});

// ---- Tensors, parameters, cache and state ----

/** Values of the convolution window a sequence keeps: the last kernel − 1 inputs of each channel. */
export const convStateValues = (kernel: number, channels: number): number => (kernel - 1) * channels;

/** Element counts of an MLA layer's tensors (the same weights serve both paths). */
export function mlaTensorElements(m: MlaDims): {
  q_a: number;
  q_b: number;
  q: number;
  kv_a: number;
  k_b: number;
  v_b: number;
  o: number;
  /** q_a_norm (if any) and kv_a_norm weights. */
  norms: number;
} {
  const qk = m.nopeDim + m.ropeDim;
  return {
    q_a: m.qLoraRank > 0 ? m.hidden * m.qLoraRank : 0,
    q_b: m.qLoraRank > 0 ? m.qLoraRank * m.heads * qk : 0,
    q: m.qLoraRank > 0 ? 0 : m.hidden * m.heads * qk,
    kv_a: m.hidden * (m.kvLoraRank + m.ropeDim),
    k_b: m.heads * m.nopeDim * m.kvLoraRank,
    v_b: m.heads * m.kvLoraRank * m.vDim,
    o: m.heads * m.vDim * m.hidden,
    norms: m.qLoraRank + m.kvLoraRank,
  };
}

export function mlaParams(m: MlaDims): number {
  const e = mlaTensorElements(m);
  return e.q_a + e.q_b + e.q + e.kv_a + e.k_b + e.v_b + e.o + e.norms;
}

/** Cached values per token and layer, K and V. Absorbed: V is the latent part of K (no V tensor in llama.cpp). */
export function mlaCacheValues(m: MlaDims, path: MlaPath): { k: number; v: number } {
  return path === "absorbed"
    ? { k: m.kvLoraRank + m.ropeDim, v: 0 }
    : { k: m.heads * (m.nopeDim + m.ropeDim), v: m.heads * m.vDim };
}

export const mamba2ConvChannels = (m: Mamba2Dims): number => m.dInner + 2 * m.nGroups * m.dState;
/** in_proj output: z (dInner), x (dInner), B and C (nGroups·dState each), dt (nHeads). */
export const mamba2InProjWidth = (m: Mamba2Dims): number =>
  2 * m.dInner + 2 * m.nGroups * m.dState + m.nHeads;

export function mamba2TensorElements(m: Mamba2Dims): {
  in: number;
  conv: number;
  out: number;
  small: number;
} {
  const c = mamba2ConvChannels(m);
  return {
    in: m.hidden * mamba2InProjWidth(m),
    conv: m.convKernel * c,
    out: m.dInner * m.hidden,
    // conv bias, dt bias, A, D (per head), the gated norm's weight.
    small: (m.convBias ? c : 0) + 3 * m.nHeads + m.dInner,
  };
}

export function mamba2Params(m: Mamba2Dims): number {
  const e = mamba2TensorElements(m);
  return e.in + e.conv + e.out + e.small;
}

/** Recurrent state values per sequence and layer: conv window and SSM state. */
export function mamba2StateValues(m: Mamba2Dims): { conv: number; ssm: number } {
  return { conv: convStateValues(m.convKernel, mamba2ConvChannels(m)), ssm: m.dInner * m.dState };
}

export const gdnKeyWidth = (m: GatedDeltaNetDims): number => m.kHeads * m.kDim;
export const gdnValueWidth = (m: GatedDeltaNetDims): number => m.vHeads * m.vDim;
/** q, k, v: what the convolution runs over. */
export const gdnConvChannels = (m: GatedDeltaNetDims): number => 2 * gdnKeyWidth(m) + gdnValueWidth(m);

export function gdnTensorElements(m: GatedDeltaNetDims): {
  qkv: number;
  z: number;
  ba: number;
  conv: number;
  out: number;
  small: number;
} {
  return {
    qkv: m.hidden * gdnConvChannels(m),
    z: m.hidden * gdnValueWidth(m),
    ba: m.hidden * 2 * m.vHeads,
    conv: m.convKernel * gdnConvChannels(m),
    out: gdnValueWidth(m) * m.hidden,
    // dt bias and A per v-head, the norm's weight (vDim, shared by the heads).
    small: 2 * m.vHeads + m.vDim,
  };
}

export function gdnParams(m: GatedDeltaNetDims): number {
  const e = gdnTensorElements(m);
  return e.qkv + e.z + e.ba + e.conv + e.out + e.small;
}

export function gdnStateValues(m: GatedDeltaNetDims): { conv: number; ssm: number } {
  return { conv: convStateValues(m.convKernel, gdnConvChannels(m)), ssm: m.vHeads * m.kDim * m.vDim };
}

export function shortConvTensorElements(m: ShortConvDims): {
  in: number;
  conv: number;
  out: number;
  small: number;
} {
  const d = m.hidden;
  return { in: 3 * d * d, conv: m.kernel * d, out: d * d, small: m.bias ? 3 * d + d + d : 0 };
}

export function shortConvParams(m: ShortConvDims): number {
  const e = shortConvTensorElements(m);
  return e.in + e.conv + e.out + e.small;
}

export function shortConvStateValues(m: ShortConvDims): { conv: number; ssm: number } {
  return { conv: convStateValues(m.kernel, m.hidden), ssm: 0 };
}

/** Bytes per value of a recurrent state: llama.cpp keeps conv and SSM states in f32 whatever the KV type. */
export const RECURRENT_STATE_BYTES = 4;
