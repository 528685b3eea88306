/**
 * Weight "recipes": a name that maps each tensor to a format. Plain formats apply to
 * every matrix; llama.cpp's K-quant mixes (Q4_K_M, …) give some tensors more bits.
 *
 * The mixes follow llama.cpp's `llama_tensor_get_type` (src/llama-quant.cpp) in its
 * main rules: `output.weight` → Q6_K, and `attn_v` / `ffn_down` → a larger type on
 * the layers chosen by `use_more_bits` (the first and last eighth, and every third
 * layer between). Smaller rules (GQA-dependent bumps, MoE expert counts) are not
 * modelled; a GGUF file gives each tensor's exact type.
 */
import { FORMATS, type FormatName, isFormatName } from "./formats.js";

export type TensorRole =
  | "embedding"
  | "lm_head"
  | "attn_q"
  | "attn_k"
  | "attn_v"
  | "attn_o"
  | "ffn_gate"
  | "ffn_up"
  | "ffn_down"
  | "router";

interface Mix {
  readonly base: FormatName;
  readonly output: FormatName;
  readonly attnV: FormatName;
  readonly ffnDown: FormatName;
  /** Apply attnV / ffnDown only to the use_more_bits layers (else to all). */
  readonly moreBitsOnly: boolean;
  /** Routed experts' matrices, when they differ from the rest. */
  readonly experts?: FormatName;
}

const MIXES: Readonly<Record<string, Mix>> = {
  q2_k: { base: "q2_k", output: "q6_k", attnV: "q3_k", ffnDown: "q3_k", moreBitsOnly: false },
  q3_k_s: { base: "q3_k", output: "q6_k", attnV: "q3_k", ffnDown: "q3_k", moreBitsOnly: false },
  q3_k_m: { base: "q3_k", output: "q6_k", attnV: "q4_k", ffnDown: "q4_k", moreBitsOnly: true },
  q3_k_l: { base: "q3_k", output: "q6_k", attnV: "q5_k", ffnDown: "q5_k", moreBitsOnly: false },
  q4_k_s: { base: "q4_k", output: "q6_k", attnV: "q4_k", ffnDown: "q4_k", moreBitsOnly: false },
  q4_k_m: { base: "q4_k", output: "q6_k", attnV: "q6_k", ffnDown: "q6_k", moreBitsOnly: true },
  q5_k_s: { base: "q5_k", output: "q6_k", attnV: "q5_k", ffnDown: "q5_k", moreBitsOnly: false },
  q5_k_m: { base: "q5_k", output: "q6_k", attnV: "q6_k", ffnDown: "q6_k", moreBitsOnly: true },
  // gpt-oss as released: routed experts in MXFP4, every other tensor in bf16.
  mxfp4_moe: {
    base: "bf16",
    output: "bf16",
    attnV: "bf16",
    ffnDown: "bf16",
    moreBitsOnly: false,
    experts: "mxfp4",
  },
};

export const RECIPE_NAMES: readonly string[] = [...Object.keys(FORMATS), ...Object.keys(MIXES)];

export function isRecipeName(s: string): boolean {
  return isFormatName(s) || Object.hasOwn(MIXES, s);
}

/** llama.cpp's use_more_bits(i_layer, n_layers). */
export function useMoreBits(layer: number, nLayers: number): boolean {
  return layer < nLayers / 8 || layer >= (7 * nLayers) / 8 || (layer - Math.floor(nLayers / 8)) % 3 === 2;
}

/**
 * Format of one tensor under a recipe. `layer` is ignored for model-level tensors.
 * Plain formats apply to the embedding too; for mixes the embedding keeps the base type.
 * `expert`: the tensor is a routed expert's matrix.
 */
export function tensorFormat(
  recipe: string,
  role: TensorRole,
  layer: number,
  nLayers: number,
  expert = false,
): FormatName {
  if (isFormatName(recipe)) return recipe;
  const mix = MIXES[recipe];
  if (!mix) throw new Error(`unknown weight format "${recipe}"`);
  if (expert && mix.experts) return mix.experts;
  if (role === "lm_head") return mix.output;
  const more = !mix.moreBitsOnly || useMoreBits(layer, nLayers);
  if (role === "attn_v" && more) return mix.attnV;
  if (role === "ffn_down" && more) return mix.ffnDown;
  return mix.base;
}

/** True when a recipe is a llama.cpp mix rather than one format for all tensors. */
export function isMix(recipe: string): boolean {
  return Object.hasOwn(MIXES, recipe);
}
