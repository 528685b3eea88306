/**
 * Mamba-2 selective state-space mixer (Granite 4.0 H, Falcon-H1, Nemotron-H, Bamba, Zamba 2).
 *
 * in_proj maps the hidden state to z (gate, dInner), x (dInner), B and C (nGroups · dState
 * each) and dt (one per head); x, B, C go through a causal depthwise convolution with SiLU;
 * then per head h (headDim = dInner / nHeads) and token t, with a state S of [headDim × dState]:
 *
 *   S ← exp(dt·A_h)·S + (dt·x_t) ⊗ B_t,   y_t = S·C_t + D_h·x_t
 *
 * then y ⊙ SiLU(z), a (grouped) RMSNorm, and out_proj back to the hidden size. FLOPs of the
 * scan per state element and token: decay multiply, input multiply, add, and the
 * multiply-add of the read-out: 5 (as llama.cpp's CPU kernel `ggml_compute_forward_ssm_scan_f32`
 * does it, for prefill and decode alike; GPU kernels using the chunked SSD form trade some
 * of these for matrix products).
 *
 * State per sequence and layer: the conv window (convKernel − 1)·(dInner + 2·nGroups·dState)
 * and the SSM state dInner·dState (llama.cpp `n_embd_r()`, `n_embd_s()`, src/llama-hparams.cpp).
 */

import { type Mamba2Dims, mamba2ConvChannels, mamba2InProjWidth } from "../models/mixers.js";
import { ACTIVATION_FLOPS, NORM_FLOPS } from "./elementwise.js";
import type { MixerPass, ProjectFn } from "./mixer.js";
import { causalConv1d, gate } from "./recurrent.js";
import { makeOp, type OpCost } from "./types.js";

/** FLOPs per state element and token of the selective scan (see the file comment). */
export const SSM_SCAN_FLOPS_PER_STATE = 5;

export function mamba2Ops(
  m: Mamba2Dims,
  s: MixerPass,
  proj: ProjectFn,
  weightBytes: { conv: number; small: number },
): OpCost[] {
  const n = s.batch * s.queries;
  const c = mamba2ConvChannels(m);
  const ops: OpCost[] = [];
  ops.push(
    proj({
      name: "ssm_in_proj",
      tensor: "ssm_in",
      rows: n,
      inFeatures: m.hidden,
      outFeatures: mamba2InProjWidth(m),
      group: "recurrent",
    }),
  );
  ops.push(
    causalConv1d("ssm_conv", s, c, m.convKernel, {
      bias: m.convBias,
      silu: true,
      weightBytes: weightBytes.conv,
    }),
  );
  ops.push(ssmScan(m, s));
  // y ⊙ SiLU(z), then the RMSNorm (with its weight).
  ops.push(
    gate("ssm_gate_norm", s, m.dInner, ACTIVATION_FLOPS.silu + 1 + NORM_FLOPS.rmsnorm, 2, weightBytes.small),
  );
  ops.push(
    proj({
      name: "ssm_out_proj",
      tensor: "ssm_out",
      rows: n,
      inFeatures: m.dInner,
      outFeatures: m.hidden,
      group: "recurrent",
    }),
  );
  return ops;
}

/** The selective scan: dt softplus, state update and read-out, D skip. */
export function ssmScan(m: Mamba2Dims, s: MixerPass): OpCost {
  const n = s.batch * s.queries;
  const ab = s.activationBytes;
  const state = s.batch * m.dInner * m.dState * s.stateBytes;
  // Per token: the scan over every state element; dt·x and the D skip per channel (3);
  // softplus(dt + bias) and exp(dt·A) per head (about 8).
  const perToken = SSM_SCAN_FLOPS_PER_STATE * m.dInner * m.dState + 3 * m.dInner + 8 * m.nHeads;
  return makeOp({
    name: "ssm_scan",
    kind: "ssm_scan",
    kernel: "elementwise",
    group: "recurrent",
    shape: `${m.nHeads}h × [${m.dInner / m.nHeads}×${m.dState}] over [${n}]`,
    flops: perToken * n,
    bytes: {
      weights: 0,
      // Reads x, B, C, dt; writes y.
      activations: n * (2 * m.dInner + 2 * m.nGroups * m.dState + m.nHeads) * ab,
      kvRead: state,
      kvWrite: state,
    },
    precision: s.precision,
  });
}
