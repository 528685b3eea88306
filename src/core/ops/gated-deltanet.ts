/**
 * Gated DeltaNet linear attention (Qwen3-Next, Qwen3.5): attention with an O(1) state.
 *
 * Projections give q, k (kHeads × kDim each), v (vHeads × vDim), the output gate z
 * (vHeads × vDim) and per v-head the write strength β and decay α; q, k, v go through a
 * causal depthwise convolution with SiLU, q and k are L2-normalised, and each v-head keeps a
 * state S of [kDim × vDim] (q/k heads are shared by vHeads / kHeads v-heads). Per token:
 *
 *   S ← g·S,  u = β·(v − Sᵀk),  S ← S + k ⊗ u,  o = Sᵀq
 *
 * 7 FLOPs per state element (decay 1, Sᵀk 2, rank-1 update 2, Sᵀq 2), the recurrent form
 * llama.cpp evaluates (src/models/delta-net-base.cpp); chunked GPU kernels (fla) spend extra
 * FLOPs within a chunk to use matrix units. Then RMSNorm(o) ⊙ SiLU(z) per head and out_proj.
 *
 * State per sequence and layer: vHeads·kDim·vDim plus the conv window
 * (convKernel − 1)·(2·kHeads·kDim + vHeads·vDim): llama.cpp `n_embd_s()` = ssm_d_state ·
 * ssm_d_inner and `n_embd_r()` with ssm_n_group = kHeads, ssm_dt_rank = vHeads.
 */

import { type GatedDeltaNetDims, gdnConvChannels, gdnKeyWidth, gdnValueWidth } from "../models/mixers.js";
import { ACTIVATION_FLOPS, NORM_FLOPS } from "./elementwise.js";
import type { MixerPass, ProjectFn } from "./mixer.js";
import { causalConv1d, gate } from "./recurrent.js";
import { makeOp, type OpCost } from "./types.js";

/** FLOPs per state element and token of the delta rule (see the file comment). */
export const DELTA_RULE_FLOPS_PER_STATE = 7;

export function gdnOps(
  m: GatedDeltaNetDims,
  s: MixerPass,
  proj: ProjectFn,
  weightBytes: { conv: number; small: number },
): OpCost[] {
  const n = s.batch * s.queries;
  const g = "recurrent" as const;
  const ops: OpCost[] = [
    proj({
      name: "qkv_proj",
      tensor: "attn_qkv",
      rows: n,
      inFeatures: m.hidden,
      outFeatures: gdnConvChannels(m),
      group: g,
    }),
    proj({
      name: "z_proj",
      tensor: "attn_gate",
      rows: n,
      inFeatures: m.hidden,
      outFeatures: gdnValueWidth(m),
      group: g,
    }),
    proj({
      name: "ba_proj",
      tensor: "ssm_ba",
      rows: n,
      inFeatures: m.hidden,
      outFeatures: 2 * m.vHeads,
      group: g,
    }),
    causalConv1d("gdn_conv", s, gdnConvChannels(m), m.convKernel, {
      bias: false,
      silu: true,
      weightBytes: weightBytes.conv,
    }),
    deltaRule(m, s),
    // RMSNorm(o) per head, times SiLU(z).
    gate(
      "gdn_gate_norm",
      s,
      gdnValueWidth(m),
      NORM_FLOPS.rmsnorm + ACTIVATION_FLOPS.silu + 1,
      2,
      weightBytes.small,
    ),
    proj({
      name: "gdn_out_proj",
      tensor: "ssm_out",
      rows: n,
      inFeatures: gdnValueWidth(m),
      outFeatures: m.hidden,
      group: g,
    }),
  ];
  return ops;
}

export function deltaRule(m: GatedDeltaNetDims, s: MixerPass): OpCost {
  const n = s.batch * s.queries;
  const state = s.batch * m.vHeads * m.kDim * m.vDim * s.stateBytes;
  const kw = gdnKeyWidth(m);
  const vw = gdnValueWidth(m);
  // Per token: the state update; L2 norms of q and k (about 3 per element); β·(v − Sᵀk)
  // per value (2); the gates g = exp(−softplus(α + dt_bias)·A) and β = σ(b) per v-head (about 10).
  const perToken =
    DELTA_RULE_FLOPS_PER_STATE * m.vHeads * m.kDim * m.vDim + 3 * 2 * kw + 2 * vw + 10 * m.vHeads;
  return makeOp({
    name: "delta_rule",
    kind: "delta_rule",
    kernel: "elementwise",
    group: "recurrent",
    shape: `${m.vHeads}h × [${m.kDim}×${m.vDim}] over [${n}]`,
    flops: perToken * n,
    bytes: {
      weights: 0,
      // Reads q, k, v and the two gates; writes o.
      activations: n * (2 * kw + 2 * vw + 2 * m.vHeads) * s.activationBytes,
      kvRead: state,
      kvWrite: state,
    },
    precision: s.precision,
  });
}
