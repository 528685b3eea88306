/**
 * Gated short convolution (LFM2's "conv" layers): in_proj to B, C, x (hidden each),
 * B ⊙ x, a causal depthwise convolution of `kernel` taps per channel (LFM2: L_cache = 3),
 * C ⊙ the result, out_proj. No state beyond the convolution window: (kernel − 1)·hidden
 * values per sequence and layer (llama.cpp `n_embd_r()` for LFM2: n_embd · (l_cache − 1);
 * src/models/lfm2.cpp `build_shortconv_block`).
 */
import type { ShortConvDims } from "../models/mixers.js";
import type { MixerPass, ProjectFn } from "./mixer.js";
import { causalConv1d, gate } from "./recurrent.js";
import type { OpCost } from "./types.js";

export function shortConvOps(
  m: ShortConvDims,
  s: MixerPass,
  proj: ProjectFn,
  weightBytes: { conv: number },
): OpCost[] {
  const n = s.batch * s.queries;
  const d = m.hidden;
  const g = "recurrent" as const;
  return [
    proj({
      name: "conv_in_proj",
      tensor: "shortconv_in",
      rows: n,
      inFeatures: d,
      outFeatures: 3 * d,
      group: g,
    }),
    gate("conv_gate_in", s, d, 1, 2),
    causalConv1d("short_conv", s, d, m.kernel, { bias: m.bias, silu: false, weightBytes: weightBytes.conv }),
    gate("conv_gate_out", s, d, 1, 2),
    proj({
      name: "conv_out_proj",
      tensor: "shortconv_out",
      rows: n,
      inFeatures: d,
      outFeatures: d,
      group: g,
    }),
  ];
}
