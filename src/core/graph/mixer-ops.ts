/**
 * The ops of the token mixers that are not GQA attention (latent attention, Mamba-2, Gated
 * DeltaNet, short convolution), for one layer and one pass. build-ops.ts supplies the
 * projection builder (it knows the layer's tensors, formats and sparsity); this file maps
 * each mixer's tensors to the layer's weight slots and its sizes to the cost functions.
 */
import {
  gdnDims,
  MLA_PATHS,
  type MlaPath,
  mamba2Dims,
  mlaDims,
  RECURRENT_STATE_BYTES,
  shortConvDims,
} from "../models/mixers.js";
import type { Mixer, ModelSpec } from "../models/schema.js";
import type { LayerTensor, LayerWeights, TensorWeight } from "../models/weights.js";
import {
  gdnOps,
  type MixerPass,
  mamba2Ops,
  mlaOps,
  type OpCost,
  type ProjectFn,
  shortConvOps,
} from "../ops/index.js";
import type { PeakKey } from "../quant/index.js";

/** The weight slot(s) behind each tensor name the mixer cost functions use. */
const SLOTS: Readonly<Record<string, readonly LayerTensor[]>> = {
  attn_q: ["attn_q"],
  attn_q_a: ["attn_q_a"],
  attn_q_b: ["attn_q_b"],
  attn_kv_a: ["attn_kv_a"],
  attn_k_b: ["attn_k_b"],
  attn_v_b: ["attn_v_b"],
  // The decompressed path multiplies by W_UK and W_UV together (llama.cpp's legacy attn_kv_b).
  attn_kv_b: ["attn_k_b", "attn_v_b"],
  attn_o: ["attn_o"],
  ssm_in: ["mix_in"],
  attn_qkv: ["mix_in"],
  shortconv_in: ["mix_in"],
  attn_gate: ["mix_gate"],
  ssm_ba: ["mix_ba"],
  ssm_out: ["mix_out"],
  shortconv_out: ["mix_out"],
};

/** The weight behind a mixer tensor name: one slot, or the sum of several in the first one's format. */
export function mixerWeight(layer: LayerWeights, tensor: string): TensorWeight {
  const slots = SLOTS[tensor];
  if (!slots) throw new Error(`mixer tensor "${tensor}" has no weight slot`);
  const ws = slots.map((s) => layer.tensors[s]);
  return { bytes: ws.reduce((a, w) => a + w.bytes, 0), format: ws[0]!.format };
}

export interface MixerContext {
  readonly m: ModelSpec;
  readonly layer: LayerWeights;
  readonly pass: {
    readonly batch: number;
    readonly queries: number;
    readonly keys: number;
    readonly attention: "naive" | "flash";
  };
  readonly activationBytes: number;
  readonly kvBytes: number;
  readonly precision: PeakKey;
  /** Builds a projection from a weight (format, bytes) and a shape. */
  readonly project: (w: TensorWeight, p: Parameters<ProjectFn>[0]) => OpCost;
  /** The MLA path to cost when the model does not say (ops/mla.ts). */
  readonly mlaPath?: MlaPath;
}

/** Ops of a latent-attention or recurrent mixer; `undefined` for mixers build-ops handles itself. */
export function mixerOps(x: Mixer, c: MixerContext): OpCost[] | undefined {
  const s: MixerPass = {
    batch: c.pass.batch,
    queries: c.pass.queries,
    keys: c.pass.keys,
    attention: c.pass.attention,
    activationBytes: c.activationBytes,
    kvBytes: c.kvBytes,
    stateBytes: RECURRENT_STATE_BYTES,
    precision: c.precision,
  };
  const proj: ProjectFn = (p) => c.project(mixerWeight(c.layer, p.tensor), p);
  const d = c.m.hiddenSize;
  const small = (slot: LayerTensor) => c.layer.tensors[slot].bytes;
  switch (x.kind) {
    case "mla":
      return mlaOps(mlaDims(d, c.m.numHeads, x), x.path ?? c.mlaPath ?? MLA_PATHS[0], s, proj);
    case "mamba2":
      // The mixer's small vectors (dt bias, A, D, norm weight) ride with the layer's norms.
      return mamba2Ops(mamba2Dims(d, x), s, proj, { conv: small("mix_conv"), small: 0 });
    case "gated_deltanet":
      return gdnOps(gdnDims(d, x), s, proj, { conv: small("mix_conv"), small: 0 });
    case "short_conv":
      return shortConvOps(shortConvDims(d, x), s, proj, { conv: small("mix_conv") });
    default:
      return undefined;
  }
}
