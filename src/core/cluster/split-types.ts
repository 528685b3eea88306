/** The shapes of a split of one model across several units (issue 19): input, per-unit memory, per-pass time. */
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import type { LinkType } from "./links.js";

/**
 * - layer: pipeline, llama.cpp `--split-mode layer` (its default since January 2024);
 * - row: llama.cpp's `--split-mode row` (the only multi-GPU mode before January 2024): each weight
 *   matrix split by rows, the input broadcast from the main unit and the output gathered back to
 *   it around every matmul; everything else runs on the main unit;
 * - tensor: tensor parallelism (vLLM, llama.cpp `--split-mode tensor`): two all-reduces per layer;
 * - rpc: llama.cpp's RPC backend: a layer split whose units 2… are `rpc-server` hosts reached over
 *   the link, every hop going through the client (unit 1);
 * - expert: expert parallelism for MoE models: the routed experts spread over the units, attention
 *   and the dense parts replicated, a dispatch and a combine (all-to-all) per MoE layer.
 */
export const SPLIT_MODES = ["layer", "row", "tensor", "rpc", "expert"] as const;
export type SplitMode = (typeof SPLIT_MODES)[number];

export interface SplitInput {
  readonly model: ModelSpec;
  readonly units: readonly DeviceSpec[];
  readonly link: LinkType;
  readonly split: SplitMode;
  /** Share of the model per unit (any positive numbers, normalised); default: by memory capacity, as llama.cpp splits by free memory. */
  readonly proportions?: readonly number[];
  readonly workload: ResolvedWorkload;
  readonly weights?: ModelWeights;
  readonly ubatch?: number;
  /** Per pipeline boundary (unit i to i + 1), where links differ (a system description); default `link`. */
  readonly boundaryLinks?: readonly LinkType[];
  /** RPC: from unit 1 (the client) to unit i + 2; default `link`. */
  readonly clientLinks?: readonly LinkType[];
  /** Names of the units (a system's unit ids); default the device ids. */
  readonly unitNames?: readonly string[];
  /** Memory per unit, bytes, where the system states it (a host's RAM); default the device's. */
  readonly capacitiesBytes?: readonly (number | null)[];
}

export interface UnitMemory {
  readonly weightsBytes: number;
  readonly kvCacheBytes: number;
  readonly activationsBytes: number;
  readonly totalBytes: number;
  readonly capacityBytes: number | null;
  readonly fits: boolean | null;
}

export interface SplitUnit {
  /** The unit's name in a system description, else its device id. */
  readonly name: string;
  readonly deviceId: string;
  readonly share: number;
  /** Layers this unit runs (layer and rpc splits); every layer otherwise. */
  readonly layers: number;
  readonly memory: UnitMemory;
}

/** One stretch of a pass on one lane: a unit (index) or the link (null). */
export interface TimelineSegment {
  readonly unit: number | null;
  readonly kind: "compute" | "memory" | "link" | "host";
  readonly startS: number;
  readonly durationS: number;
}

export interface SplitPhase {
  readonly latencyS: number;
  readonly tokensPerS: number;
  /** Time each unit computes per pass (its share, at its roofs). */
  readonly unitS: readonly number[];
  /** Time on the link per pass (boundary transfers, all-reduces, RPC messages, all-to-alls). */
  readonly linkS: number;
  /** The largest contributor to the pass and its share of it, in words. */
  readonly bottleneck: string;
  /**
   * The pass drawn as a time line: per unit its compute-bound and memory-bound time, the link's
   * transfers, the host's fixed overhead. Units that run at once (row, tensor, expert) are shown
   * side by side with their per-layer time summed; empty for a pipelined prefill of several
   * micro-batches, whose stages overlap.
   */
  readonly timeline: readonly TimelineSegment[];
}

export interface LinkSummary {
  readonly id: string;
  readonly name: string;
  readonly bandwidthGBps: number;
  readonly latencyUs: number;
}

export interface SplitAnalysis {
  readonly split: SplitMode;
  /** The link (with a system: the slowest between the units). */
  readonly link: LinkSummary;
  /** With a system: the link of each hop (pipeline boundary, or client to remote unit for RPC). */
  readonly hops: readonly LinkSummary[];
  readonly units: readonly SplitUnit[];
  readonly prefill: SplitPhase | null;
  readonly decode: SplitPhase | null;
  readonly fits: boolean | null;
  readonly diagnostics: readonly string[];
}
