/**
 * Building blocks of the recurrent token mixers (Mamba-2, Gated DeltaNet, short
 * convolutions): a causal depthwise convolution over a rolling window, and the traffic of
 * a fixed-size recurrent state.
 *
 * A recurrent layer's memory does not grow with the context: each sequence keeps a
 * convolution window of (kernel − 1) past inputs per channel and, for SSM / linear-attention
 * layers, a state matrix per head. llama.cpp keeps both in f32 (`llama_memory_recurrent`,
 * tensors `cache_r_l*` and `cache_s_l*`, src/llama-memory-recurrent.cpp; the sizes are
 * `n_embd_r()` and `n_embd_s()` in src/llama-hparams.cpp). A pass reads each sequence's
 * state once and writes it back once, however many tokens it processes (the scan keeps the
 * running state on chip between tokens).
 */
import { convStateValues } from "../models/mixers.js";
import { ACTIVATION_FLOPS } from "./elementwise.js";
import type { MixerPass } from "./mixer.js";
import { makeOp, type OpCost, type OpGroup } from "./types.js";

/**
 * Causal depthwise 1-D convolution over `channels` with a `kernel`-tap filter per channel,
 * optional bias, optional SiLU after it. 2·kernel FLOPs per output (multiply-add per tap).
 * Reads the input and the rolling window state, writes the output and the new window.
 */
export function causalConv1d(
  name: string,
  s: MixerPass,
  channels: number,
  kernel: number,
  opts: { bias: boolean; silu: boolean; weightBytes: number },
): OpCost {
  const n = s.batch * s.queries;
  const perOut = 2 * kernel + (opts.bias ? 1 : 0) + (opts.silu ? ACTIVATION_FLOPS.silu : 0);
  const state = s.batch * convStateValues(kernel, channels) * s.stateBytes;
  return makeOp({
    name,
    kind: "conv1d",
    kernel: "elementwise",
    group: "recurrent",
    shape: `${channels}ch × k${kernel} over [${n}]`,
    flops: perOut * n * channels,
    bytes: {
      weights: opts.weightBytes,
      activations: 2 * n * channels * s.activationBytes,
      kvRead: state,
      kvWrite: state,
    },
    precision: s.precision,
  });
}

/**
 * Element-wise gating ops of the mixers (out = a ⊙ f(b)): `flopsPerElement` per output,
 * `inputs` activation reads per output.
 */
export function gate(
  name: string,
  s: MixerPass,
  width: number,
  flopsPerElement: number,
  inputs: number,
  weightBytes = 0,
  group: OpGroup = "recurrent",
): OpCost {
  const n = s.batch * s.queries;
  return makeOp({
    name,
    kind: "gate",
    kernel: "elementwise",
    group,
    shape: `[${n}×${width}]`,
    flops: flopsPerElement * n * width,
    bytes: {
      weights: weightBytes,
      activations: (inputs + 1) * n * width * s.activationBytes,
      kvRead: 0,
      kvWrite: 0,
    },
    precision: s.precision,
  });
}
