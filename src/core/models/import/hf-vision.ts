/**
 * Parameters of a multimodal model's vision tower and projector, from its `vision_config`
 * (transformers' module shapes). The analysis holds them in memory and runs none of them.
 */
import { InputError } from "../../errors.js";
import type { Reader } from "./hf-reader.js";

export interface VisionCount {
  readonly params: number;
  readonly what: string;
}

/** Vision weights of a wrapper config, by its model_type; `textHidden` is the language model's width. */
export function visionParams(modelType: string, r: Reader, textHidden: number): VisionCount | undefined {
  const v = r.sub("vision_config");
  if (!v) return undefined;
  switch (modelType) {
    case "gemma3":
      return {
        params: siglip(v) + gemma3Projector(v, textHidden),
        what: "SigLIP vision tower and projector",
      };
    case "llama4":
      return { params: llama4Vision(v, textHidden), what: "Llama 4 vision encoder, adapter and projector" };
    case "mistral3":
      return {
        params: pixtral(v) + mistral3Projector(r, v, textHidden),
        what: "Pixtral vision encoder and projector",
      };
    case "qwen2_5_vl":
      return { params: qwen25Vision(v), what: "Qwen2.5-VL vision transformer and patch merger" };
    default:
      throw new InputError(`${r.prefix}model_type`, modelType, "has a vision_config Ridgeline cannot count");
  }
}

/** SigLIP: conv patch embedding with bias, learned positions, pre-LN blocks with biased attention and GELU MLP, post-LN. */
function siglip(v: Reader): number {
  const h = v.count("hidden_size");
  const ff = v.count("intermediate_size");
  const layers = v.count("num_hidden_layers");
  const p = v.count("patch_size");
  const img = v.count("image_size");
  const ch = v.optCount("num_channels") ?? 3;
  const block = 4 * (h * h + h) + (h * ff + ff) + (ff * h + h) + 2 * 2 * h;
  return ch * p * p * h + h + (img / p) ** 2 * h + layers * block + 2 * h;
}

/** Gemma 3: the soft-embedding RMSNorm and the input projection to the text width. */
function gemma3Projector(v: Reader, textHidden: number): number {
  const h = v.count("hidden_size");
  return h + h * textHidden;
}

/** Llama 4: unfold patch embedding, class token, positions, biased blocks, pixel-shuffle adapter MLP, projector. */
function llama4Vision(v: Reader, textHidden: number): number {
  const h = v.count("hidden_size");
  const ff = v.count("intermediate_size");
  const layers = v.count("num_hidden_layers");
  const p = v.count("patch_size");
  const img = v.count("image_size");
  const ch = v.optCount("num_channels") ?? 3;
  const ratio = v.number("pixel_shuffle_ratio") ?? 0.5;
  const projIn = v.count("projector_input_dim");
  const projOut = v.count("projector_output_dim");
  const out = v.count("vision_output_dim");
  const block = 4 * (h * h + h) + (h * ff + ff) + (ff * h + h) + 2 * 2 * h;
  const shuffled = Math.round(h / (ratio * ratio));
  return (
    ch * p * p * h + // patch embedding (no bias)
    h + // class embedding
    ((img / p) ** 2 + 1) * h + // positions
    2 * 2 * h + // pre and post layernorm
    layers * block +
    shuffled * projIn + // adapter fc1
    projIn * projOut + // adapter fc2
    out * textHidden // multi-modal projector
  );
}

/** Pixtral: conv patch embedding, RMSNorms, unbiased attention and SwiGLU MLP. */
function pixtral(v: Reader): number {
  const h = v.count("hidden_size");
  const ff = v.count("intermediate_size");
  const layers = v.count("num_hidden_layers");
  const p = v.count("patch_size");
  const ch = v.optCount("num_channels") ?? 3;
  return ch * p * p * h + h + layers * (4 * h * h + 3 * h * ff + 2 * h);
}

/** Mistral 3: RMSNorm, the patch merger (s² · h → h) and two linear layers to the text width. */
function mistral3Projector(r: Reader, v: Reader, textHidden: number): number {
  const h = v.count("hidden_size");
  const s = r.optCount("spatial_merge_size") ?? 2;
  const bias = r.bool("multimodal_projector_bias") ?? false;
  return (
    h +
    s * s * h * h +
    (h * textHidden + (bias ? textHidden : 0)) +
    (textHidden * textHidden + (bias ? textHidden : 0))
  );
}

/** Qwen2.5-VL: 3-D conv patch embedding, RMSNorm blocks with biased fused QKV and SwiGLU MLP, the patch merger. */
function qwen25Vision(v: Reader): number {
  const h = v.count("hidden_size");
  const ff = v.count("intermediate_size");
  const depth = v.count("depth");
  const p = v.count("patch_size");
  const t = v.optCount("temporal_patch_size") ?? 2;
  const ch = v.optCount("in_chans") ?? 3;
  const out = v.count("out_hidden_size");
  const s = v.optCount("spatial_merge_size") ?? 2;
  const block = 2 * h + (h * 3 * h + 3 * h) + (h * h + h) + 2 * (h * ff + ff) + (ff * h + h);
  const merged = s * s * h;
  return ch * t * p * p * h + depth * block + h + (merged * merged + merged) + (merged * out + out);
}
