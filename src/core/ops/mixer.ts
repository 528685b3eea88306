/**
 * What the token-mixer cost functions (multi-head latent attention, Mamba-2, Gated DeltaNet,
 * short convolution) share: the pass they run in, and how they ask for a projection.
 *
 * A mixer describes its projections by shape and leaves the weight bytes, formats and kernel
 * choice to the caller (the graph builder knows the tensors of the layer), so each mixer file
 * is a self-contained formula over dimensions.
 */
import type { PeakKey } from "../quant/index.js";
import type { OpCost, OpGroup } from "./types.js";

export interface MixerPass {
  /** Sequences in the pass. */
  readonly batch: number;
  /** New tokens per sequence (prefill: the prompt; decode: 1). */
  readonly queries: number;
  /** Positions attended per sequence, new tokens included (attention mixers only). */
  readonly keys: number;
  readonly attention: "naive" | "flash";
  readonly activationBytes: number;
  /** Bytes per value of the KV cache (attention mixers). */
  readonly kvBytes: number;
  /** Bytes per value of the recurrent state (llama.cpp keeps it in f32: 4). */
  readonly stateBytes: number;
  /** Precision of the non-GEMM arithmetic. */
  readonly precision: PeakKey;
}

/**
 * Builds a projection op: `rows` token rows × [inF → outF] with the named tensor's weights.
 * `toCache`: the output is written to the KV cache (in the cache format) instead of an
 * activation buffer.
 */
export type ProjectFn = (p: {
  readonly name: string;
  readonly tensor: string;
  readonly rows: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly group: OpGroup;
  /**
   * A product batched over heads, each with its own [inF × outF] slice of the tensor
   * (MLA's absorbed W_UK, W_UV): FLOPs and activations × heads, weights the whole tensor,
   * and the kernel chosen by the token rows of one head.
   */
  readonly heads?: number;
  readonly toCache?: boolean;
}) => OpCost;

export const tokensOf = (s: MixerPass): number => s.batch * s.queries;
